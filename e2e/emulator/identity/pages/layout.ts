/**
 * The shell of every browser-facing page: a clean imitation of Entra's sign-in card (Segoe UI, the
 * four-square logo, a 440px card, blue primary button). Inline CSS only; no scripts except the
 * form_post auto-submit, so the pages work with any browser and with plain HTTP form posts in tests.
 */
import { escapeHtml } from "../../core/http";

const CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:#f2f2f2;font-family:"Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",sans-serif;color:#1b1b1b;display:flex;flex-direction:column;align-items:center;justify-content:center}
main{width:440px;max-width:calc(100vw - 24px);background:#fff;box-shadow:0 2px 6px rgba(0,0,0,.2);padding:44px;margin:24px 0}
.logo{display:grid;grid-template-columns:10px 10px;gap:2px;margin-bottom:16px;width:22px}
.logo span{width:10px;height:10px;display:block}
.logo span:nth-child(1){background:#f25022}.logo span:nth-child(2){background:#7fba00}.logo span:nth-child(3){background:#00a4ef}.logo span:nth-child(4){background:#ffb900}
.brand{display:flex;align-items:center;gap:8px;font-size:15px;color:#5e5e5e;margin-bottom:20px}.brand .logo{margin:0}
h1{font-size:24px;font-weight:600;margin:0 0 12px;line-height:28px}
p{font-size:15px;line-height:20px;margin:0 0 12px}
.identity{font-size:15px;margin-bottom:12px;color:#1b1b1b}
.muted{color:#5e5e5e;font-size:13px}
input[type=email],input[type=text]{width:100%;border:none;border-bottom:1px solid #666;padding:6px 0;font-size:15px;outline:none;margin:8px 0 16px}
input[type=email]:focus{border-bottom-color:#0067b8}
.error{color:#e81123;font-size:15px;margin:0 0 8px}
.buttons{display:flex;justify-content:flex-end;gap:8px;margin-top:24px}
button{min-width:108px;min-height:32px;padding:4px 12px;font-size:15px;border:none;cursor:pointer}
button.primary{background:#0067b8;color:#fff}button.primary:hover{background:#005da6}
button.secondary{background:#cccccc;color:#000}button.secondary:hover{background:#b8b8b8}
ul.permissions{list-style:none;padding:0;margin:8px 0 16px}
ul.permissions li{padding:6px 0 6px 26px;position:relative;font-size:15px}
ul.permissions li:before{content:"";position:absolute;left:4px;top:12px;width:10px;height:6px;border-left:2px solid #0067b8;border-bottom:2px solid #0067b8;transform:rotate(-45deg)}
.app{display:flex;gap:12px;align-items:center;margin:8px 0 16px}
.app .tile{width:48px;height:48px;background:#0067b8;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600;font-size:20px}
.app .name{font-weight:600;font-size:17px}
a{color:#0067b8;text-decoration:none}a:hover{text-decoration:underline}
.links p{margin:12px 0}
label.check{display:flex;gap:8px;align-items:flex-start;font-size:15px;margin:12px 0}
.details{margin-top:24px;border-top:1px solid #e6e6e6;padding-top:12px}
footer{font-size:12px;color:#5e5e5e;text-align:center;margin-bottom:16px}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<div class="brand"><div class="logo" aria-hidden="true"><span></span><span></span><span></span><span></span></div><span>Microsoft</span></div>
${body}
</main>
<footer>Microsoft 365 emulator for Calendar Sync &middot; local test identity platform, no passwords</footer>
</body>
</html>`;
}

export function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

export function appTile(appName: string, subtitle: string): string {
  return `<div class="app"><div class="tile" aria-hidden="true">${escapeHtml(appName.slice(0, 1))}</div><div><div class="name">${escapeHtml(appName)}</div><div class="muted">${escapeHtml(subtitle)}</div></div></div>`;
}
