// Screenshots for the README: a terminal screen captured by tmux (ANSI colours drawn as HTML),
// and the exported page. Called by docs/make-images.sh.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [screenFile, pageFile, out] = process.argv.slice(2);
const ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

const COLOURS = ["#1e2127", "#e06c75", "#98c379", "#d19a66", "#61afef", "#c678dd", "#56b6c2", "#dcdfe4"];
const BRIGHT = ["#5c6370", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#ffffff"];

/** Terminal text with SGR escapes (what `tmux capture-pane -e` gives) as HTML spans. */
function ansiToHtml(text) {
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  let state = {};
  let html = "";
  let open = false;
  const style = () => {
    const css = [];
    if (state.bold) css.push("font-weight:700");
    if (state.dim) css.push("opacity:.62");
    if (state.italic) css.push("font-style:italic");
    if (state.underline) css.push("text-decoration:underline");
    if (state.fg) css.push(`color:${state.fg}`);
    return css.join(";");
  };
  for (const part of text.split(/(\x1b\[[0-9;]*m)/)) {
    const m = part.match(/^\x1b\[([0-9;]*)m$/);
    if (!m) {
      if (part) html += esc(part);
      continue;
    }
    const codes = m[1] === "" ? [0] : m[1].split(";").map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) state = {};
      else if (c === 1) state.bold = true;
      else if (c === 2) state.dim = true;
      else if (c === 3) state.italic = true;
      else if (c === 4) state.underline = true;
      else if (c === 22) { state.bold = false; state.dim = false; }
      else if (c === 23) state.italic = false;
      else if (c === 24) state.underline = false;
      else if (c >= 30 && c <= 37) state.fg = COLOURS[c - 30];
      else if (c >= 90 && c <= 97) state.fg = BRIGHT[c - 90];
      else if (c === 39) state.fg = undefined;
      else if (c === 38 && codes[i + 1] === 5) { const n = codes[i + 2]; state.fg = n < 8 ? COLOURS[n] : n < 16 ? BRIGHT[n - 8] : undefined; i += 2; }
    }
    if (open) html += "</span>";
    const css = style();
    html += css ? `<span style="${css}">` : "<span>";
    open = true;
  }
  if (open) html += "</span>";
  return html;
}

const screen = readFileSync(screenFile, "utf8").replace(/\n+$/, "");
const terminal = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #f3f4f6; padding: 24px; display: inline-block; }
  .window { border-radius: 10px; overflow: hidden; box-shadow: 0 10px 30px rgba(0,0,0,.25); background: #282c34; display: inline-block; }
  .title { background: #3a3f4b; color: #abb2bf; font: 13px/28px "DejaVu Sans", sans-serif; text-align: center; position: relative; }
  .dots { position: absolute; left: 12px; top: 9px; display: flex; gap: 7px; }
  .dots i { width: 11px; height: 11px; border-radius: 50%; display: block; }
  pre { margin: 0; padding: 12px 16px 14px; color: #dcdfe4; font: 14px/1.35 "DejaVu Sans Mono", monospace; }
</style></head><body><div class="window"><div class="title"><span class="dots"><i style="background:#ff5f57"></i><i style="background:#febc2e"></i><i style="background:#28c840"></i></span>bash — techlead-glossary</div><pre>${ansiToHtml(screen)}</pre></div></body></html>`;


const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  await page.setContent(terminal);
  await page.locator(".window").screenshot({ path: `${out}/show-terminal.png` });

  const html = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  await html.goto(`file://${pageFile}#technical-lead`);
  await html.screenshot({ path: `${out}/html-export.png` });
} finally {
  await browser.close();
}
