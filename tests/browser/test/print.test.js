// Printing: articles and rulings print as content only (no navigation, search, quick
// exit or skip link), with the address of each link written out and the citation kept.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();
const HIDDEN_IN_PRINT = [".main-nav", ".safety-bar", ".header-search", ".skip-link", ".site-footer nav", ".breadcrumbs"];

test("articles and rulings print without navigation and with link addresses", async (t) => {
  const { article, ruling } = site.samples();
  const { failures } = await site.eachPage([article, ruling], async (page, entry) => {
    const problems = [];
    await page.emulateMedia({ media: "print" });
    const r = await page.evaluate((selectors) => {
      const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
      // A link to another page (in-page anchors such as footnotes print no address).
      const mainLink =
        document.querySelector("main .prose a[href^='/'], main .prose a[href^='http']") ||
        document.querySelector("main a[href^='/']:not(.page-meta a)");
      return {
        visibleChrome: selectors.filter((s) => [...document.querySelectorAll(s)].some(shown)),
        missingChrome: selectors.filter((s) => !document.querySelector(s)),
        mainShown: shown(document.querySelector("main")),
        h1: document.querySelector("main h1") && shown(document.querySelector("main h1")),
        linkAfter: mainLink ? getComputedStyle(mainLink, "::after").content : null,
        linkHref: mainLink ? mainLink.getAttribute("href") : null,
        citation: document.querySelector(".citation") ? shown(document.querySelector(".citation")) : null,
        printOnly: [...document.querySelectorAll(".print-only")].some(shown),
      };
    }, HIDDEN_IN_PRINT);
    for (const s of r.visibleChrome) problems.push(`${entry.path}: ${s} is printed`);
    // The navigation must exist on screen for "hidden in print" to mean anything.
    for (const s of ["nav.main-nav", ".safety-bar"].filter((s) => r.missingChrome.includes(s.replace("nav.", "."))))
      problems.push(`${entry.path}: ${s} is missing from the page`);
    if (!r.mainShown || !r.h1) problems.push(`${entry.path}: the main content or its h1 does not print`);
    if (r.linkHref === null) problems.push(`${entry.path}: no link in the main content to check`);
    else if (!r.linkAfter || !r.linkAfter.includes(r.linkHref))
      problems.push(`${entry.path}: the link to ${r.linkHref} prints without its address (::after is ${r.linkAfter})`);
    if (entry.kind === "ruling" && !r.citation) problems.push(`${entry.path}: the citation does not print`);
    if (!r.printOnly) problems.push(`${entry.path}: the printed page does not say where it was printed from`);
    // A PDF is what a judge gets: it must render.
    const pdf = await page.pdf({ format: "A4" });
    if (pdf.length < 1000) problems.push(`${entry.path}: the PDF print is empty`);
    return problems;
  });
  t.diagnostic(`printed ${article.path} and ${ruling.path}`);
  assertNone(failures, "print problems");
});

test("on screen the navigation is shown (the print check is meaningful)", async (t) => {
  const { page } = await site.open(t, site.samples().article.path);
  assert.ok(await page.isVisible(".main-nav"), "the main navigation is not visible on screen");
  assert.ok(await page.isVisible(".safety-bar"), "the quick exit bar is not visible on screen");
});
