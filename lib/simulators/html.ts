/** The shell shared by simulator pages: readable at 390 px, no script (the pages work with forms alone). */
import { escapeHtml } from "./http";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827}
main{max-width:480px;margin:0 auto;padding:16px}
h1{font-size:1.25rem;margin:0 0 12px}
h2{font-size:1rem;margin:16px 0 8px;color:#374151}
.card{background:#fff;border-radius:12px;padding:16px;margin:0 0 12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.muted{color:#6b7280;font-size:.875rem}
.amount{font-size:1.5rem;font-weight:700;margin:4px 0}
.row{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
button{flex:1 1 45%;min-height:44px;border:0;border-radius:8px;padding:10px 12px;font:inherit;font-weight:600;cursor:pointer;background:#e5e7eb;color:#111827}
button.primary{background:#047857;color:#fff}
button.danger{background:#b91c1c;color:#fff}
label{display:block;margin:8px 0 4px;font-size:.875rem;color:#374151}
input,select{width:100%;min-height:40px;border:1px solid #d1d5db;border-radius:8px;padding:6px 10px;font:inherit;background:#fff}
ul{padding-left:20px;margin:8px 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:8px 0}
dt{color:#6b7280}dd{margin:0;word-break:break-word}
.badge{display:inline-block;border-radius:999px;padding:2px 8px;font-size:.75rem;background:#e0e7ff;color:#3730a3}
.selected{outline:2px solid #047857}
`;

export function page(opts: { title: string; body: string; refreshSeconds?: number }): string {
  const refresh = opts.refreshSeconds ? `<meta http-equiv="refresh" content="${opts.refreshSeconds}">` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">${refresh}
<title>${escapeHtml(opts.title)}</title><style>${STYLE}</style></head>
<body><main>${opts.body}</main></body></html>`;
}

/** Formats a major-unit amount for people: "KES 5,000" / "USD 12.50". */
export function formatAmount(amount: number, currency: string): string {
  const whole = Number.isInteger(amount);
  return `${currency} ${amount.toLocaleString("en-US", { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}`;
}
