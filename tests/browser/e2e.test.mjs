// End-to-end checks of the exported page and the Mermaid graphs in Chromium, driven by Playwright.
// Run by run.sh, which exports the files into $BROWSER_OUT first.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
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
async function open(file, viewport, colorScheme = "light", options = {}) {
  const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1, ...options });
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

// The page redraws the list once per frame, at the next one after the filter changes: the
// entries shown are read after it.
const drawn = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
const visibleEntries = async (page) => {
  await drawn(page);
  return page.$$eval("article.entry", (all) => all.filter((a) => !a.hidden).map((a) => a.id));
};

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
    const link = page.locator("#technical-lead nav[aria-label^='Related to'] a", { hasText: "Trading Systems" });
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
    await page.click("#technical-lead nav[aria-label^='Related to'] a[href='#mentorship']");
    await page.waitForFunction(() => location.hash === "#mentorship");
    assert.equal(await page.inputValue("input.filter"), "");
    assert.ok(await page.isVisible("#mentorship"));
    await close();
  });

  test("clicking a tag filters by it", async () => {
    const { page, close } = await open("glossary.html", DESKTOP);
    await page.click("#technical-lead .tags button:text-is('leadership')");
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

describe("the exported page for every reader", () => {
  const axeJs = require.resolve("axe-core/axe.min.js");

  /** axe-core's WCAG 2.1 A and AA rules and its best practices, violations only. */
  async function axe(page) {
    await page.addScriptTag({ path: axeJs });
    return page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        resultTypes: ["violations"],
      });
      return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    });
  }

  for (const [file, viewport, width] of [
    ["glossary.html", DESKTOP, "desktop"], ["glossary.html", PHONE, "phone"],
    ["languages.html", DESKTOP, "desktop"], ["languages.html", PHONE, "phone"],
  ]) {
    for (const scheme of ["light", "dark"]) {
      test(`axe-core finds no violation in ${file}, ${width}, ${scheme}`, async () => {
        // Only axe's own script is let past the page's policy.
        const { page, problems, close } = await open(file, viewport, scheme, { bypassCSP: true });
        assert.deepEqual(await axe(page), []);
        // The rule the issue named, run on its own so a change of tags cannot drop it.
        assert.ok(await page.evaluate(() => window.axe.getRules(["best-practice"]).some((r) => r.ruleId === "landmark-unique")));
        assert.deepEqual(problems, []);
        await close();
      });
    }
  }

  test("each entry's landmarks are named after it", async () => {
    const { page, close } = await open("glossary.html", DESKTOP);
    const labels = await page.$$eval("nav[aria-label]", (all) => all.map((n) => n.getAttribute("aria-label")));
    assert.equal(new Set(labels).size, labels.length, "landmark names repeat");
    assert.ok(labels.includes("Related to Technical Lead Jobs"), labels.slice(0, 5).join(" | "));
    await close();
  });

  test("right-to-left entries read right to left, and each entry's language is declared", async () => {
    const { page, problems, close } = await open("languages.html", DESKTOP);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    const direction = (selector) => page.$eval(selector, (n) => getComputedStyle(n).direction);
    assert.equal(await direction("#api-ur"), "rtl");
    assert.equal(await direction("#api-ur h2"), "rtl");
    assert.equal(await direction(".index li[data-for=api-ur] a"), "rtl");
    assert.equal(await direction("#api"), "ltr");
    assert.equal(await page.getAttribute("#api-ur", "lang"), "ur");
    assert.equal(await page.getAttribute("#kubernetes-de", "lang"), "de");
    assert.equal(await page.getAttribute("#kubernetes", "lang"), null);
    // The title's "(API)" sits at the line's start (the left) in Urdu, as it is written.
    const title = page.locator("#api-ur h2 a");
    const box = await title.boundingBox();
    const article = await page.locator("#api-ur").boundingBox();
    assert.ok(box.x + box.width > article.x + article.width - 60, "the Urdu title starts at the right");
    await page.screenshot({ path: `${out}/languages.png` });
    assert.deepEqual(problems, []);
    await close();
  });

  test("links to same-titled entries in different languages have different names", async () => {
    const { page, close } = await open("languages.html", DESKTOP);
    const index = page.getByRole("navigation", { name: "Index by category" });
    assert.equal(await index.getByRole("link", { name: "Kubernetes (de)", exact: true }).getAttribute("href"), "#kubernetes-de");
    assert.equal(await index.getByRole("link", { name: "Kubernetes (en)", exact: true }).getAttribute("href"), "#kubernetes");
    const related = page.getByRole("navigation", { name: "Related to Kubernetes (de)", exact: true });
    assert.equal(await related.getByRole("link").count(), 1);
    assert.equal(await related.getByRole("link").getAttribute("href"), "#kubernetes");
    // Names are unique among the landmarks of the page.
    const labels = await page.$$eval("nav[aria-label]", (all) => all.map((n) => n.getAttribute("aria-label")));
    assert.equal(new Set(labels).size, labels.length, labels.join(" | "));
    await close();
  });

  test("the keyboard walk: skip link, `/`, Enter, Escape, Back, tags and Back to top", async () => {
    const { page, problems, close } = await open("glossary.html", DESKTOP);
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a ? `${a.tagName.toLowerCase()}${a.id ? "#" + a.id : ""}${a.className ? "." + a.className : ""}` : "";
    });
    // The first Tab stop skips to the entries.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to entries");
    await page.keyboard.press("Enter");
    assert.equal(await focused(), "main#entries.entries");
    // A bare `/` anywhere but a text field goes to the filter box without scrolling.
    await page.evaluate(() => window.scrollTo(0, 3000));
    await page.keyboard.press("Control+/");
    assert.equal(await focused(), "main#entries.entries", "Ctrl+/ is left to the browser");
    await page.keyboard.press("/");
    assert.equal(await focused(), "input.filter");
    assert.equal(await page.evaluate(() => window.scrollY), 3000);
    assert.equal(await page.inputValue("input.filter"), "");
    // In the box, `/` is only a character.
    await page.keyboard.type("kubernetes/");
    assert.equal(await page.inputValue("input.filter"), "kubernetes/");
    await page.keyboard.press("Backspace");
    const shown = await visibleEntries(page);
    assert.ok(shown.length > 0 && shown.length < BUNDLED);
    // Enter goes to the first entry shown.
    const before = await page.evaluate(() => location.hash);
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => location.hash === `#${id}`, shown[0]);
    assert.equal(await page.evaluate(() => document.activeElement.closest("article")?.id), shown[0]);
    // Back returns with the filter as it was.
    await page.goBack();
    await page.waitForFunction((hash) => location.hash === hash, before);
    assert.equal(await page.inputValue("input.filter"), "kubernetes");
    assert.deepEqual(await visibleEntries(page), shown);
    // Escape clears it.
    await page.focus("input.filter");
    await page.keyboard.press("Escape");
    assert.equal((await visibleEntries(page)).length, BUNDLED);
    // A tag is a button: Enter on it filters by it.
    await page.focus("#technical-lead .tags button:text-is('leadership')");
    await page.keyboard.press("Enter");
    assert.equal(await page.inputValue("input.filter"), "leadership");
    assert.equal(await focused(), "input.filter");
    await page.keyboard.press("Escape");
    // Back to top takes the focus up too: the next Tab reaches the filter box.
    await page.focus("#technical-lead .back a");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => window.scrollY === 0);
    assert.equal(await focused(), "h1");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "input.filter");
    assert.deepEqual(problems, []);
    await close();
  });

  test("the `/` shortcut can be turned off, and stays as the reader left it", async () => {
    const { page, problems, close } = await open("glossary.html", DESKTOP);
    const focused = () => page.evaluate(() => document.activeElement?.className || document.activeElement?.tagName);
    const box = page.getByRole("checkbox", { name: "/ to filter" });
    assert.equal(await box.isChecked(), true, "on unless turned off");
    // Turned off from the keyboard: Space on the box.
    await box.focus();
    await page.keyboard.press("Space");
    assert.equal(await box.isChecked(), false);
    await page.focus("main#entries");
    await page.keyboard.press("/");
    assert.equal(await focused(), "entries", "focus stays where it was");
    assert.equal(await page.inputValue("input.filter"), "");
    // Kept across a reload.
    await page.reload();
    assert.equal(await page.getByRole("checkbox", { name: "/ to filter" }).isChecked(), false);
    await page.focus("main#entries");
    await page.keyboard.press("/");
    assert.equal(await focused(), "entries");
    assert.equal(await page.inputValue("input.filter"), "");
    // On again, `/` goes to the filter box, and still does after a reload.
    await page.getByRole("checkbox", { name: "/ to filter" }).click();
    await page.focus("main#entries");
    await page.keyboard.press("/");
    assert.equal(await focused(), "filter");
    assert.equal(await page.inputValue("input.filter"), "");
    await page.reload();
    assert.equal(await page.getByRole("checkbox", { name: "/ to filter" }).isChecked(), true);
    await page.focus("main#entries");
    await page.keyboard.press("/");
    assert.equal(await focused(), "filter");
    assert.deepEqual(problems, []);
    await close();
  });

  test("the index marks the entry being read", async () => {
    const { page, close } = await open("glossary.html", DESKTOP);
    await page.evaluate(() => document.getElementById("kubernetes").scrollIntoView());
    await page.waitForFunction(() => document.querySelector(".index a[aria-current]")?.getAttribute("href") === "#kubernetes");
    assert.equal(await page.locator(".index a[aria-current]").count(), 1);
    // The marked link is within the index's visible part.
    const link = await page.locator(".index a[aria-current]").boundingBox();
    assert.ok(link.y >= 0 && link.y + link.height <= DESKTOP.height, `marked link at ${link.y}`);
    await page.screenshot({ path: `${out}/desktop-scrolled.png` });
    await close();
  });

  test("prints on paper: title and date on top, light, entries flowing, web links spelled out", async (t) => {
    const { page, problems, close } = await open("glossary.html", DESKTOP, "dark");
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    const look = await page.evaluate(() => ({
      body: getComputedStyle(document.body).color,
      background: getComputedStyle(document.body).backgroundColor,
      index: getComputedStyle(document.querySelector(".index")).display,
      filter: getComputedStyle(document.querySelector(".find")).display,
      title: getComputedStyle(document.querySelector(".top h1")).display,
      printed: document.querySelector(".printed").textContent,
      breaks: getComputedStyle(document.querySelector(".entry")).breakInside,
      heading: getComputedStyle(document.querySelector(".entry h2")).breakAfter,
    }));
    assert.equal(look.body, "rgb(0, 0, 0)");
    assert.equal(look.background, "rgb(255, 255, 255)");
    assert.equal(look.index, "none");
    assert.equal(look.filter, "none");
    assert.notEqual(look.title, "none");
    assert.match(look.printed, /^Printed .*\d{4}/);
    assert.equal(look.breaks, "auto");
    assert.equal(look.heading, "avoid");
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    writeFileSync(`${out}/glossary.pdf`, pdf);
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    t.diagnostic(`the bundled glossary (${BUNDLED} entries) prints on ${doc.numPages} A4 pages`);
    console.log(`print: ${BUNDLED} entries on ${doc.numPages} A4 pages (${out}/glossary.pdf)`);
    assert.ok(doc.numPages > 1 && doc.numPages < BUNDLED * 2, `${doc.numPages} pages`);
    const first = (await (await doc.getPage(1)).getTextContent()).items.map((i) => i.str).join(" ");
    assert.ok(first.includes("Tech Lead Glossary"), first.slice(0, 200));
    assert.match(first, /Printed/);
    // Paper shows what a screenshot in print media shows.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: `${out}/print-first-page.png` });
    assert.deepEqual(problems, []);
    await close();

    const other = await open("languages.html", DESKTOP);
    await other.page.emulateMedia({ media: "print" });
    const after = await other.page.$eval("#api .refs a[href^='https']", (a) => getComputedStyle(a, "::after").content);
    assert.match(after, /developer\.mozilla\.org\/en-US\/docs\/Web\/API/);
    await other.close();
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
    await page.click("#script-title nav[aria-label^='Related to'] a", { hasText: "Quote" });
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
        // The whole bundled glossary has more edges than Mermaid's default limit of 500
        // (graph warns of it); a page that shows it raises maxEdges, as this one does.
        window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", maxEdges: 20000 });
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
