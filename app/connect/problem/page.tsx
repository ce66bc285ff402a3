import { messageFor, problemMessages, safeConnectPath, type ProblemCode } from "@/lib/connect/public-messages";
import { ConnectProblem } from "@/components/connect/connect-problem";

export const metadata = { title: "Sign-in problem" };

export default async function ProblemPage({
  searchParams,
}: {
  searchParams: Promise<{ code?: string; retry?: string }>;
}) {
  const { code, retry } = await searchParams;
  const known = messageFor(problemMessages, code) ? (code as ProblemCode) : undefined;
  return <ConnectProblem code={known} retry={safeConnectPath(retry)} />;
}
