import { fromOutlook, toOutlook } from "@/lib/connect/what-is-shared";

export function WhatFlows() {
  return (
    <div className="flows">
      <section className="flow" aria-labelledby="from-outlook">
        <h3 id="from-outlook">From your Outlook → the platform</h3>
        <ul>
          {fromOutlook.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <section className="flow" aria-labelledby="to-outlook">
        <h3 id="to-outlook">From the platform → your Outlook</h3>
        <ul>
          {toOutlook.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
