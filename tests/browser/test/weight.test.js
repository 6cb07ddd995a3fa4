// Weight: reading an article costs at most 60 KB transferred (compressed) before any
// search: the HTML and every file it loads, as the browser received them (Resource
// Timing transferSize, headers included) from a server that gzips text like a production
// one, with a cold cache. No search file is loaded.
"use strict";

const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();
const BUDGET = 60 * 1024;

test("every article page loads at most 60 KB compressed", async (t) => {
  const articles = site.pages("article");
  const results = [];
  const problems = [];
  for (const entry of articles) {
    // A fresh context has an empty cache: every page pays for its CSS and JS.
    const { context } = await site.newContext();
    try {
      const page = await context.newPage();
      await page.goto(site.url(entry.path), { waitUntil: "load" });
      const files = await page.evaluate(() =>
        [performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")].map((e) => ({
          url: e.name,
          transfer: e.transferSize,
        })),
      );
      const total = files.reduce((n, f) => n + f.transfer, 0);
      results.push({ path: entry.path, total, files });
      for (const f of files) {
        if (/\.(wasm|knsi)$|\/sok\/manifest\.json$|search/.test(f.url)) {
          problems.push(`${entry.path}: loads search file ${f.url} before any search`);
        }
        if (f.transfer === 0) problems.push(`${entry.path}: no transfer size for ${f.url} (cached?)`);
      }
      if (total > BUDGET) {
        problems.push(`${entry.path}: ${(total / 1024).toFixed(1)} KB transferred, over the 60 KB budget: ` +
          files.map((f) => `${new URL(f.url).pathname} ${(f.transfer / 1024).toFixed(1)} KB`).join(", "));
      }
    } finally {
      await context.close();
    }
  }
  results.sort((a, b) => b.total - a.total);
  if (!results.length) problems.push("no article page was measured");
  else {
    const top = results[0];
    t.diagnostic(
      `${results.length} article pages; largest ${top.path}: ${(top.total / 1024).toFixed(1)} KB transferred ` +
        `(${top.files.map((f) => `${new URL(f.url).pathname.split("/").pop() || "html"} ${(f.transfer / 1024).toFixed(1)}`).join(" + ")}), budget 60 KB`,
    );
  }
  assertNone(problems, "weight problems");
});
