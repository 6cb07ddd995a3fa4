// Screenshots of one page of each kind a visitor meets most, at 360 px (a phone) and
// 1280 px (a desktop), full length, into tests/browser/output/ for people to look at.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");
const { setup } = require("../lib/harness");

const site = setup();

for (const width of [360, 1280]) {
  test(`screenshots at ${width} px`, async (t) => {
    fs.mkdirSync(site.outputDir, { recursive: true });
    const written = [];
    for (const [name, entry] of Object.entries(site.samples())) {
      const { page } = await site.open(t, entry.path, { viewport: { width, height: 800 }, reducedMotion: "reduce" });
      const file = path.join(site.outputDir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const size = fs.statSync(file).size;
      assert.ok(size > 5000, `${file} is only ${size} bytes: ${entry.path} rendered blank?`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${entry.path} scrolls ${overflow} px sideways at ${width} px`);
      written.push(path.relative(process.cwd(), file));
    }
    t.diagnostic(`wrote ${written.join(", ")}`);
  });
}
