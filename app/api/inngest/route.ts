import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { createFunctions } from "@/inngest/functions";
import { appContext } from "@/lib/context/app-context";

export const { GET, POST, PUT } = serve({ client: inngest, functions: createFunctions(appContext) });
