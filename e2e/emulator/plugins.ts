/**
 * The halves of the Microsoft 365 emulator that share the identity half's server, state, request log,
 * fault injection and control API: part 2, Graph calendars (graph/plugin.ts).
 * createMs365Emulator() loads these unless the caller passes `plugins` explicitly.
 */
import type { EmulatorPluginFactory } from "./core/types";
import { graphPlugin } from "./graph/plugin";

export const defaultPlugins: EmulatorPluginFactory[] = [graphPlugin];
