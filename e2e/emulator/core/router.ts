/**
 * A deliberately tiny router: method + path pattern ("/:tenant/oauth2/v2.0/token", "/v1.0/*rest").
 * Literal segments are compared case-insensitively because Entra and Graph treat paths that way
 * ("/Consent/Set", "/me/calendarView" vs "/me/calendarview").
 */
import type { Around, Handler, Route } from "./types";

export type Match = { handler: Handler; params: Record<string, string>; around?: Around };

export class Router {
  private readonly routes: Route[] = [];

  add(route: Route): void {
    this.routes.push(route);
  }

  addAll(routes: readonly Route[]): void {
    for (const route of routes) this.add(route);
  }

  match(method: string, path: string): Match | undefined {
    const segments = splitPath(path);
    for (const route of this.routes) {
      if (route.method !== "*" && route.method !== method) continue;
      const params = matchPattern(splitPath(route.pattern), segments);
      if (params) return { handler: route.handler, params, ...(route.around ? { around: route.around } : {}) };
    }
    return undefined;
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] as string;
    if (part.startsWith("*")) {
      params[part.slice(1) || "rest"] = segments.slice(i).join("/");
      return params;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part.toLowerCase() !== segment.toLowerCase()) return undefined;
  }
  return pattern.length === segments.length ? params : undefined;
}
