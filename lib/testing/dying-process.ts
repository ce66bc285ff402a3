/**
 * A process that dies at a chosen Graph call (or mail send, `dyingMailer`), for the "killed half-way" tests: its context's Graph
 * clients (calendar and subscriptions) pass calls through until `dieAt` says so, then the runtime is killed and that call (and any
 * later one) never returns, so nothing after it runs, as after kill -9. `after`: the call reached
 * Graph and its answer was lost with the process (an entry created that we never recorded).
 */
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import type { MicrosoftGraph } from "@/lib/graph/microsoft-graph";
import type { Mailer, OutgoingEmail } from "@/lib/mail/mailer";

export type DeathPlan = (call: { method: string; n: number }) => "before" | "after" | null;

const never = () => new Promise<never>(() => {});

export function dyingContext(ctx: ServiceContext, runtime: () => InProcessRuntime, dieAt: DeathPlan) {
  const graph = ctx.graph!;
  let calls = 0;
  let dead = false;
  const die = () => {
    dead = true;
    runtime().kill();
  };
  const dyingGraph = new Proxy(graph, {
    get: (target, key) => {
      if (key !== "forConnection" && key !== "subscriptionsFor") return Reflect.get(target, key) as unknown;
      return (...args: Parameters<MicrosoftGraph["forConnection"]>) => {
        const client: object = graph[key](...args);
        return new Proxy(client, {
          get: (c, k) => {
            const value = Reflect.get(c, k) as unknown;
            if (typeof value !== "function") return value;
            return async (...a: unknown[]) => {
              if (dead) return never();
              const when = dieAt({ method: String(k), n: ++calls });
              if (when === "before") {
                die();
                return never();
              }
              const result = await (value as (...x: unknown[]) => Promise<unknown>).apply(c, a);
              if (when === "after" || dead) {
                if (!dead) die();
                return never();
              }
              return result;
            };
          },
        });
      };
    },
  });
  return {
    ctx: { ...ctx, graph: dyingGraph } as ServiceContext,
    get died() {
      return dead;
    },
  };
}

/**
 * A mailer that kills the runtime at its `dieAt`-th send: `before` the mail is handed over, or `after`
 * it was (the process dies before recording it). The send then throws rather than hanging: a killed
 * process's open transaction is rolled back by the database, and throwing rolls it back here too (on
 * PGlite, a transaction left open would hold the one connection the next process needs). The killed
 * runtime writes nothing more, so whatever the job had not committed is lost as after kill -9.
 */
export function dyingMailer(
  mailer: Mailer,
  runtime: () => InProcessRuntime,
  dieAt: { send: number; when: "before" | "after" },
) {
  let sends = 0;
  let dead = false;
  const die = () => {
    dead = true;
    runtime().kill();
    throw new Error("The process was killed");
  };
  return {
    mailer: {
      transport: mailer.transport,
      async send(email: OutgoingEmail) {
        if (dead) die();
        const n = ++sends;
        if (n === dieAt.send && dieAt.when === "before") die();
        await mailer.send(email);
        if (n === dieAt.send) die();
      },
    } satisfies Mailer,
    get died() {
      return dead;
    },
  };
}
