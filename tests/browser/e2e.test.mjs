// End-to-end checks of the exported page and the Mermaid graphs in Chromium, driven by Playwright.
// Run by run.sh, which exports the files into $BROWSER_OUT first.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const out = process.env.BROWSER_OUT;
const require = createRequire(import.meta.url);
const ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
});
after(async () => { await browser?.close(); });

/** Opens an exported page; records console errors, requests that leave the file, and dialogs. */
async function open(file, viewport, colorScheme = "light") {
  const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on("request", (r) => { if (!/^(file|data|about):/.test(r.url())) problems.push(`request: ${r.url()}`); });
  await page.goto(`file://${out}/${file}`);
  return { page, problems, close: () => context.close() };
}

// The bundled glossary's size, from its own JSON export (run.sh writes it), so the checks follow
// the glossary as it grows.
const BUNDLED = JSON.parse(readFileSync(`${out}/glossary.json`, "utf8")).entries.length;

const visibleEntries = (page) =>
  page.$$eval("article.entry", (all) => all.filter((a) => !a.hidden).map((a) => a.id));

describe("the exported bundled glossary", () => {
  test("loads offline, without errors, with the filter box enabled", async () => {
    const { page, problems, close } = await open("glossary.html", DESKTOP);
    assert.equal(await page.title(), "Tech Lead Glossary");
    assert.ok(await page.isVisible("input.filter"), "the filter box shows once the script runs");
    assert.equal(await page.locator("article.entry").count(), BUNDLED);
    assert.equal(await page.locator(".index li").count(), BUNDLED);
    assert.deepEqual(problems, []);
    await close();
  });

  test("a related link reaches the right entry, below the sticky header", async () => {
    const { page, problems, close } = await open("glossary.html", DESKTOP);
    const link = page.locator("#technical-lead nav[aria-label=Related] a", { hasText: "Trading Systems" });
    assert.equal(await link.getAttribute("href"), "#trading-systems");
    await link.click();
    await page.waitForFunction(() => location.hash === "#trading-systems");
    const box = await page.locator("#trading-systems").boundingBox();
    const header = await page.locator("header.top").boundingBox();
    assert.ok(box.y >= header.height - 1 && box.y < DESKTOP.height / 2, `entry top at ${box.y}`);
    // What is drawn at the entry's title is the entry itself, not the header.
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest("article")?.id,
      { x: box.x + 40, y: box.y + 30 });
    assert.equal(hit, "trading-systems");
    assert.equal(await page.locator("#trading-systems h2").innerText(), "Trading Systems");
    assert.deepEqual(problems, []);
    await close();
  });

  test("the filter box hides what does not match, and Escape brings it back", async () => {
    const { page, close } = await open("glossary.html", DESKTOP);
    await page.fill("input.filter", "kubernetes");
    const shown = await visibleEntries(page);
    assert.ok(shown.includes("kubernetes"), `shown: ${shown}`);
    assert.ok(!shown.includes("technical-lead"));
    assert.ok(shown.length < BUNDLED && shown.length > 0);
    for (const id of shown) {
      const text = await page.getAttribute(`#${id}`, "data-text");
      assert.ok(text.includes("kubernetes"), `${id} shown without matching`);
    }
    // The index lists exactly the entries shown, and its empty categories disappear.
    const indexed = await page.$$eval(".index li", (all) => all.filter((li) => !li.hidden).map((li) => li.dataset.for));
    assert.deepEqual(indexed.sort(), [...shown].sort());
    assert.ok(await page.locator(".index .group[hidden]").count() > 0);
    assert.equal(await page.locator(".status").innerText(), `${shown.length} of ${BUNDLED}`);

    // Every word must match, in any order and case.
    await page.fill("input.filter", "LEAD tech");
    assert.ok((await visibleEntries(page)).includes("technical-lead"));
    await page.fill("input.filter", "no-such-thing-anywhere");
    assert.deepEqual(await visibleEntries(page), []);
    assert.ok(await page.isVisible("p.empty"));

    await page.press("input.filter", "Escape");
    assert.equal((await visibleEntries(page)).length, BUNDLED);
    assert.ok(!(await page.isVisible("p.empty")));
    await close();
  });

  test("a link to an entry the filter hides clears the filter and gets there", async () => {
    const { page, close } = await open("glossary.html", DESKTOP);
    await page.fill("input.filter", "technical lead jobs");
    const shown = await visibleEntries(page);
    assert.ok(shown.includes("technical-lead") && !shown.includes("mentorship"), `shown: ${shown}`);
    await page.click("#technical-lead nav[aria-label=Related] a[href='#mentorship']");
    await page.waitForFunction(() => location.hash === "#mentorship");
    assert.equal(await page.inputValue("input.filter"), "");
    assert.ok(await page.isVisible("#mentorship"));
    await close();
  });

  test("clicking a tag filters by it", async () => {
    const { page, close } = await open("glossary.html", DESKTOP);
    await page.click("#technical-lead .tags li:text-is('leadership')");
    assert.equal(await page.inputValue("input.filter"), "leadership");
    const shown = await visibleEntries(page);
    assert.ok(shown.length > 1 && shown.length < BUNDLED);
    await close();
  });

  test("fits a phone: no sideways scrolling, index folded, entries first", async () => {
    const { page, problems, close } = await open("glossary.html", PHONE);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `page is ${width}px wide`);
    assert.equal(await page.evaluate(() => document.querySelector("details.index").open), false);
    const first = await page.locator("article.entry").first().boundingBox();
    assert.ok(first.y < PHONE.height / 2, `first entry at ${first.y}`);
    assert.deepEqual(problems, []);
    await close();
  });

  test("follows the system's dark theme", async () => {
    for (const [scheme, dark] of [["light", false], ["dark", true]]) {
      const { page, close } = await open("glossary.html", DESKTOP, scheme);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = background.match(/\d+/g).map(Number);
      const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      assert.equal(luminance < 0.5, dark, `${scheme}: background ${background}`);
      await page.screenshot({ path: `${out}/desktop-${scheme}.png` });
      await close();
    }
    const { page, close } = await open("glossary.html", PHONE, "dark");
    await page.screenshot({ path: `${out}/phone-dark.png` });
    await close();
  });
});

describe("an exported glossary full of markup", () => {
  test("shows the markup as text and runs none of it", async () => {
    const { page, problems, close } = await open("markup.html", DESKTOP);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.equal(await page.title(), 'Markup <b>&amp;</b> "Glossary"');
    assert.equal(await page.locator("#script-title h2").innerText(), "<script>window.pwned = 1</script> Title");
    assert.equal(await page.locator("#script-title .badge").innerText(), "</style><script>window.pwned=3</script>");
    // The only scripts are the page's own.
    assert.equal(await page.locator("script").count(), 1);
    assert.equal(await page.locator("img").count(), 0);
    // A javascript: address is shown, never linked.
    assert.equal(await page.locator("a[href^='javascript' i]").count(), 0);
    // The entry whose slug has a quote gets a safe id, and links to it work.
    await page.click("#script-title nav[aria-label=Related] a", { hasText: "Quote" });
    await page.waitForFunction(() => location.hash === "#quote-slug");
    assert.ok(await page.isVisible("#quote-slug"));
    assert.deepEqual(problems, []);
    await close();
  });
});

describe("the Mermaid graphs", () => {
  const mermaidJs = require.resolve("mermaid/dist/mermaid.min.js");
  for (const [file, nodes] of [["technical-lead.mmd", 17], ["glossary.mmd", BUNDLED], ["markup.mmd", 3]]) {
    test(`${file} renders with Mermaid`, async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await page.setContent("<!DOCTYPE html><html><body></body></html>");
      await page.addScriptTag({ path: mermaidJs });
      const source = readFileSync(`${out}/${file}`, "utf8");
      const result = await page.evaluate(async (text) => {
        // GitHub renders with the strict security level.
        window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
        try {
          await window.mermaid.parse(text);
          const { svg } = await window.mermaid.render("graph", text);
          const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
          const labels = [...doc.querySelectorAll("g.node")].map((n) => n.textContent.trim());
          return { labels, scripts: doc.querySelectorAll("script").length };
        } catch (e) {
          return { error: String(e.message || e) };
        }
      }, source);
      assert.equal(result.error, undefined, result.error);
      // The entries plus one legend node per category shown.
      const legend = (source.match(/^ {4}c\d+\[/gm) || []).length;
      assert.equal(result.labels.length, nodes + legend, result.labels.join(" | "));
      assert.equal(result.scripts, 0);
      if (file === "markup.mmd") {
        assert.ok(result.labels.includes("<script>window.pwned = 1</script> Title"), result.labels.join(" | "));
        assert.ok(result.labels.includes('Quote " Slug'), result.labels.join(" | "));
      }
      if (file === "technical-lead.mmd") {
        assert.ok(result.labels.includes("Technical Lead Jobs"));
      }
      await context.close();
    });
  }
});
