/**
 * Drives the emulator's sign-in, consent and admin-approval pages the way a browser would, with plain
 * fetch: follows redirects inside the emulator, keeps cookies, reads the page's form and posts it.
 * It stops at the first redirect that leaves the emulator (the app's redirect URI) or at a
 * form_post page, and returns what the app would have received.
 */
export type PageState = { url: string; status: number; html: string };
export type AppCallback = { url: URL; params: URLSearchParams };

export class PageDriver {
  private readonly cookies = new Map<string, string>();
  page: PageState | undefined;
  callback: AppCallback | undefined;

  constructor(private readonly emulatorOrigins: readonly string[]) {}

  /** Open a URL (usually from getAuthCodeUrl) and follow emulator-internal redirects. */
  async open(url: string): Promise<this> {
    return this.request(url, { method: "GET" });
  }

  /** Fill and submit the page's form; `button` picks the submit button's value (Accept/Cancel). */
  async submit(fields: Record<string, string> = {}, button?: string): Promise<this> {
    const page = this.requirePage();
    const form = parseForm(page.html);
    const body = new URLSearchParams({ ...form.fields, ...fields, ...(button ? { action: button } : {}) });
    return this.request(new URL(form.action, page.url).toString(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
  }

  /** Follow a link on the page by its element id. */
  async clickLink(id: string): Promise<this> {
    const page = this.requirePage();
    const match = new RegExp(`<a id="${id}" href="([^"]+)"`).exec(page.html);
    if (!match?.[1]) throw new Error(`no link #${id} on ${page.url}`);
    return this.open(new URL(decodeEntities(match[1]), page.url).toString());
  }

  text(): string {
    return this.requirePage()
      .html.replace(/<style>[\s\S]*?<\/style>/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ");
  }

  private async request(url: string, init: RequestInit): Promise<this> {
    let next: string | undefined = url;
    let options: RequestInit = init;
    this.callback = undefined;
    while (next) {
      const target: URL = new URL(next);
      if (!this.emulatorOrigins.includes(target.origin)) {
        this.callback = { url: target, params: new URLSearchParams(target.search || target.hash.slice(1)) };
        return this;
      }
      const response: Response = await fetch(target, {
        ...options,
        redirect: "manual",
        headers: { ...(options.headers as Record<string, string>), cookie: this.cookieHeader() },
      });
      this.storeCookies(response);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, target).toString();
        options = { method: "GET" };
        continue;
      }
      const html = await response.text();
      this.page = { url: target.toString(), status: response.status, html };
      if (html.includes('name="hiddenform"')) {
        const form = parseForm(html);
        this.callback = { url: new URL(form.action), params: new URLSearchParams(form.fields) };
      }
      next = undefined;
    }
    return this;
  }

  private requirePage(): PageState {
    if (!this.page) throw new Error("no page loaded");
    return this.page;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private storeCookies(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
}

export function parseForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  if (action === undefined) throw new Error("page has no form");
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decodeEntities(match[1] ?? "")] = decodeEntities(match[2] ?? "");
  }
  return { action: decodeEntities(action), fields };
}

function decodeEntities(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
