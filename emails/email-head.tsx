import { Head } from "@react-email/components";

/** Every email's head: phones lay it out at their own width instead of a zoomed-out desktop page. */
export function EmailHead() {
  return (
    <Head>
      <meta name="viewport" content="width=device-width, initial-scale=1" />
    </Head>
  );
}
