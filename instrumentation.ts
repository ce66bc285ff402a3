/** Next.js start-up hook: without Inngest configured, scheduled jobs run inside this process. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { jobsRunInProcess } = await import("@/lib/env");
  if (!jobsRunInProcess()) return;
  const { startInProcessJobs } = await import("@/inngest/in-process");
  startInProcessJobs();
}
