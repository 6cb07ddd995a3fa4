// prefers-reduced-motion: with the preference set, nothing on the sample pages animates
// or transitions and scrolling is not smooth.
"use strict";

const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();

test("reduced motion turns off animation, transitions and smooth scrolling", async () => {
  const { failures } = await site.eachPage(
    Object.values(site.samples()),
    async (page, entry) => {
      const moving = await page.evaluate(() => {
        const out = [];
        if (getComputedStyle(document.documentElement).scrollBehavior === "smooth") out.push("html scroll-behavior: smooth");
        for (const e of document.querySelectorAll("*")) {
          const cs = getComputedStyle(e);
          const anim = cs.animationName !== "none" && parseFloat(cs.animationDuration) > 0;
          const trans = cs.transitionDuration.split(",").some((d) => parseFloat(d) > 0);
          if (anim || trans) out.push(`${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.split(/\s+/).join(".") : ""}: ${anim ? "animation" : "transition"}`);
        }
        return out.slice(0, 5);
      });
      return moving.map((m) => `${entry.path}: ${m}`);
    },
    { reducedMotion: "reduce" },
  );
  assertNone(failures, "motion despite prefers-reduced-motion: reduce");
});
