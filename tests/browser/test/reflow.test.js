// Content reflows instead of scrolling sideways (WCAG 1.4.10) and survives 200 % text
// (WCAG 1.4.4): no page scrolls horizontally at 360 px; the sample pages neither at
// 320 px nor at 1280 px with the text size doubled.
"use strict";

const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();

/** Horizontal overflow in CSS pixels and the elements that stick out furthest. */
async function overflow(page, entry, label) {
  const r = await page.evaluate(() => {
    const doc = document.documentElement;
    const over = doc.scrollWidth - doc.clientWidth;
    if (over <= 0) return null;
    const width = doc.clientWidth;
    const culprits = [...document.body.querySelectorAll("*")]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      // Only the innermost offenders: skip an element whose child also sticks out.
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
      .slice(0, 4)
      .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""));
    return { over, culprits };
  });
  return r ? [`${entry.path}${label}: scrolls ${r.over} px sideways; widest: ${r.culprits.join(", ")}`] : [];
}

test("no page scrolls horizontally at 360 px", async (t) => {
  const crawl = await site.crawl();
  const problems = [...crawl.failures];
  for (const p of crawl.pages) {
    if (p.overflow > 0) problems.push(`${p.path}: scrolls ${p.overflow} px sideways at 360 px; widest: ${p.culprits.join(", ")}`);
  }
  t.diagnostic(`${crawl.pages.length} pages checked at ${crawl.viewport.width} px`);
  assertNone(problems, "horizontal scrolling at 360 px");
});

test("sample pages reflow at 320 px and with text at 200 %", async () => {
  const samples = Object.values(site.samples());
  const narrow = await site.eachPage(samples, (page, entry) => overflow(page, entry, " at 320 px"), {
    viewport: { width: 320, height: 640 },
  });
  const bigText = await site.eachPage(
    samples,
    async (page, entry) => {
      // Text-only zoom: the root font size doubles (set through the CSSOM, which the
      // CSP allows), everything in rem and em grows with it.
      await page.evaluate(() => (document.documentElement.style.fontSize = "200%"));
      return overflow(page, entry, " at 1280 px with 200 % text");
    },
    { viewport: { width: 1280, height: 800 } },
  );
  assertNone([...narrow.failures, ...bigText.failures], "horizontal scrolling after reflow or text resize");
});
