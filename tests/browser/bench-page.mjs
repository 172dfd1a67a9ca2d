// Times an exported page in headless Chromium: when the filter box is usable, the slowest
// keystroke to a drawn, updated list, and Escape. A benchmark, not a test: benches/html-page.sh
// runs it on generated glossaries and prints the medians for README's table.
//
// Usage: node bench-page.mjs PAGE.html [RUNS]
import { chromium } from "playwright-core";

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
const QUERY = "service team";

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
const results = [];
for (let run = 0; run < runs; run += 1) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`file://${file}`, { waitUntil: "commit", timeout: 120000 });
  // Milliseconds since navigation start at the first frame that shows the filter box.
  const usable = await (await page.waitForFunction(() => {
    const input = document.querySelector("input.filter");
    return input && !input.hidden && input.offsetWidth > 0 && performance.now();
  }, null, { polling: "raf", timeout: 120000 })).jsonValue();
  await page.waitForLoadState("load", { timeout: 120000 });
  const loaded = await page.evaluate(() => performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd);
  // Each key's time from its event to the end of the first frame drawn with the list updated:
  // after every frame (a task queued from requestAnimationFrame runs once the frame is drawn)
  // the list is compared with what the filter should show, worked out here from each entry's
  // data-text, and the time is taken at the first frame where every entry, every index link,
  // the count and the "no match" line agree. A page that answered a key with its handler alone
  // and drew the list later would be timed to the later frame.
  await page.evaluate(() => {
    window.__times = [];
    const entries = [...document.querySelectorAll("article.entry")];
    const texts = entries.map((e) => e.getAttribute("data-text"));
    const items = new Map([...document.querySelectorAll(".index li")].map((li) => [li.getAttribute("data-for"), li]));
    const index = entries.map((e) => items.get(e.id));
    const input = document.querySelector("input.filter");
    const status = document.querySelector(".status");
    const empty = document.querySelector(".empty");
    const settled = () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (let i = 0; i < entries.length; i += 1) {
        const match = words.every((w) => texts[i].includes(w));
        if (entries[i].hidden === match || index[i].hidden === match) { return false; }
        if (match) { shown += 1; }
      }
      return status.textContent === (words.length ? `${shown} of ${entries.length}` : "") && empty.hidden === shown > 0;
    };
    const mark = (event) => {
      const start = event.timeStamp;
      const frame = () => requestAnimationFrame(() => setTimeout(() => {
        const time = performance.now() - start;
        if (settled()) { window.__times.push(time); } else { frame(); }
      }, 0));
      frame();
    };
    document.addEventListener("keydown", mark, true);
  });
  await page.focus("input.filter");
  for (const key of QUERY) {
    await page.keyboard.press(key === " " ? "Space" : key);
    await page.waitForFunction((n) => window.__times.length >= n, QUERY.indexOf(key) + 1);
    await page.waitForTimeout(50);
  }
  const shown = await page.$$eval("article.entry", (all) => all.filter((a) => !a.hidden).length);
  const keys = await page.evaluate(() => window.__times.splice(0));
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => window.__times.length >= 1);
  const escape = await page.evaluate(() => window.__times[0]);
  const all = await page.$$eval("article.entry", (a) => a.filter((e) => !e.hidden).length);
  results.push({ usable, loaded, key: Math.max(...keys), escape, shown, all });
  await context.close();
}
await browser.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = {};
for (const k of ["usable", "loaded", "key", "escape"]) { row[k] = Math.round(median(results.map((r) => r[k]))); }
// The medians, then each load's figures (they vary with the machine's load).
const each = Object.fromEntries(["usable", "key", "escape"].map((k) => [`${k}s`, results.map((r) => Math.round(r[k]))]));
console.log(JSON.stringify({ file, runs, entries: results[0].all, shown: results[0].shown, ...row, ...each }));
