/** Next.js start-up hook: jobs go to Inngest when it is configured, otherwise they run inside this process. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { jobsRunInProcess } = await import("@/lib/env");
  const { startInProcessJobs, sendJobsToInngest } = await import("@/inngest/runtime/start");
  if (jobsRunInProcess()) await startInProcessJobs();
  else await sendJobsToInngest();
}
