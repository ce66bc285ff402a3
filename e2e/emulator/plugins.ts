/**
 * The halves of the Microsoft 365 emulator that share the identity half's server, state, request log,
 * fault injection and control API. Part 2 (Graph calendar) adds its factory here, e.g.
 *   import { graphPlugin } from "./graph/plugin";
 *   export const defaultPlugins: EmulatorPluginFactory[] = [graphPlugin];
 * createMs365Emulator() loads these unless the caller passes `plugins` explicitly.
 */
import type { EmulatorPluginFactory } from "./core/types";

export const defaultPlugins: EmulatorPluginFactory[] = [];
