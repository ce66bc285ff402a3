import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so a build never needs secrets or a database.
const handler = (req: Request, context: Context) => NextAuth(req as never, context as never, authOptions());
export { handler as GET, handler as POST };
