/**
 * `next dev`'s arguments for `npm run dev`. It listens on loopback unless `HOST` says otherwise: development
 * serves the open dev outbox and shows the demo owner's password, which nobody else on the network should reach.
 */
export const DEFAULT_DEV_HOST = "127.0.0.1";

export function devServerArgs(env: Record<string, string | undefined>): { host: string; port: string; args: string[] } {
  const port = env.PORT || "3000";
  const host = env.HOST || DEFAULT_DEV_HOST;
  return { host, port, args: ["dev", "--port", port, "--hostname", host] };
}
