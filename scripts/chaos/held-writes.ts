/**
 * Outlook writes the emulator holds: a latency fault on one mailbox's writes, so a job is caught
 * mid-flight with its request sent and unanswered. The emulator applies the latency before it acts
 * (e2e/emulator/core/dispatch.ts), so a held write still happens when its time is up, whether or not
 * the app that sent it is still alive to read the answer: the "Outlook did it, we never heard" case.
 * A fault use is consumed when a request arrives, and the request log records a request once it is
 * answered, which together tell "held now" apart from "not sent yet" and "answered".
 */
import type { emulatorControl } from "./product";

type Outlook = ReturnType<typeof emulatorControl>;

export async function holdWrites(
  outlook: Outlook,
  write: { userId: string; method: "POST" | "DELETE"; pathPattern: string; latencyMs: number; count: number },
) {
  const query = { userId: write.userId, method: write.method, path: write.pathPattern };
  const seen = new Set((await outlook.requests(query)).map((r) => r.id));
  const { id } = await outlook.addFault(write);
  const answered = async () => (await outlook.requests(query)).filter((r) => !seen.has(r.id));
  return {
    /** The writes answered since the fault was set (each with its `finishedAtMs`). */
    answered,
    /** At least one write arrived and is held, and none has been answered yet. */
    async held() {
      const fault = (await outlook.faults()).find((f) => f.id === id);
      const arrived = (fault?.remaining ?? 0) < write.count;
      return arrived && (await answered()).length === 0;
    },
  };
}
