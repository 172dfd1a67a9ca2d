// Times an exported page in headless Chromium: when the filter box is usable, the slowest
// keystroke to an updated list, and Escape. A benchmark, not a test: benches/html-page.sh runs
// it on generated glossaries and prints the medians for README's table.
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
  // Each key's time from its event to the frame after the page handled it.
  await page.evaluate(() => {
    window.__times = [];
    const mark = (event) => {
      const start = event.timeStamp;
      requestAnimationFrame(() => setTimeout(() => window.__times.push(performance.now() - start), 0));
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
console.log(JSON.stringify({ file, runs, entries: results[0].all, shown: results[0].shown, ...row }));
