// Keyboard use: the skip link is the first Tab stop and moves focus to the main content;
// every Tab stop shows a visible focus indicator, in document order, and Tab reaches the
// last control of the page (no trap).
"use strict";

const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();

/** One page of every kind the theme renders. */
function onePerKind() {
  const seen = new Map();
  for (const p of site.pages()) if (!seen.has(p.kind)) seen.set(p.kind, p);
  return [...seen.values()];
}

test("the skip link is the first Tab stop and moves focus to <main>", async (t) => {
  const pages = onePerKind();
  const { failures } = await site.eachPage(pages, async (page, entry) => {
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return {
        html: a.outerHTML.slice(0, 80),
        skip: a.matches("a.skip-link[href='#innehall']"),
        onScreen: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight,
      };
    });
    if (!first.skip) return [`${entry.path}: the first Tab stop is ${first.html}, not the skip link`];
    if (!first.onScreen) return [`${entry.path}: the focused skip link is not visible on screen`];
    await page.keyboard.press("Enter");
    try {
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === "innehall", null, { timeout: 2000 });
    } catch {
      const at = await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80));
      return [`${entry.path}: Enter on the skip link left focus on ${at}, not <main id="innehall">`];
    }
    return [];
  });
  t.diagnostic(`skip link checked on ${pages.length} pages, one of each kind: ${pages.map((p) => p.kind).join(", ")}`);
  assertNone(failures, "skip link problems");
});

test("Tab visits every control in order with a visible focus indicator and no trap", async (t) => {
  const samples = Object.values(site.samples());
  let stops = 0;
  const { failures } = await site.eachPage(samples, async (page, entry) => {
    const problems = [];
    // The last control a keyboard user can reach, in document order.
    const lastHtml = await page.evaluate(() => {
      const sel = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
      const all = [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden");
      window.__knPrev = null;
      window.__knLast = all[all.length - 1] || null;
      return window.__knLast ? window.__knLast.outerHTML : null;
    });
    for (let i = 0; i < 600; i++) {
      await page.keyboard.press("Tab");
      const s = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return { done: true };
        const prev = window.__knPrev;
        window.__knPrev = a;
        const cs = getComputedStyle(a);
        const visible = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== "none";
        const r = a.getBoundingClientRect();
        return {
          html: a.outerHTML.slice(0, 100),
          last: a === window.__knLast,
          visible,
          sized: r.width > 0 && r.height > 0,
          ordered: !prev || !!(prev.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING),
        };
      });
      if (s.done) break;
      stops++;
      if (!s.visible) problems.push(`${entry.path}: no visible focus indicator on ${s.html}`);
      if (!s.sized) problems.push(`${entry.path}: focus on an invisible element ${s.html}`);
      if (!s.ordered) {
        problems.push(`${entry.path}: Tab went backwards in the document to ${s.html} (tab order ≠ reading order)`);
        break;
      }
      if (s.last) return problems;
    }
    problems.push(`${entry.path}: Tab never reached the page's last control ${String(lastHtml).slice(0, 100)}`);
    return problems;
  });
  t.diagnostic(`${samples.length} sample pages, ${stops} Tab stops checked`);
  assertNone(failures, "keyboard problems");
});
