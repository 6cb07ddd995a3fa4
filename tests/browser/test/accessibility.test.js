// WCAG 2.0 and 2.1, levels A and AA, as axe-core checks them, on every page of the hub:
// all rules in the light colour scheme, and the colour rules again in the dark scheme the
// theme offers (prefers-color-scheme: dark changes colours and nothing else).
"use strict";

const fs = require("node:fs");
const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

async function axeViolations(page, entry, runOnly, label) {
  const violations = await page.evaluate(
    (only) =>
      window.axe.run(document, { runOnly: only, resultTypes: ["violations"] }).then((r) =>
        r.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) })),
      ),
    runOnly,
  );
  return violations.map(
    (v) =>
      `${entry.path}${label}: ${v.id} (${v.help}) at ${v.targets.slice(0, 5).join(", ")}` +
      (v.targets.length > 5 ? ` and ${v.targets.length - 5} more` : ""),
  );
}

// One pass over the site serves both tests: each page is loaded once, axe-core (injected
// by the browser, so the page's CSP does not block it) runs with every WCAG A/AA rule,
// then again with the colour rules after switching to the dark scheme.
let pass;
function runPass() {
  pass ||= (async () => {
    const light = [];
    const dark = [];
    const { failures } = await site.eachPage(
      site.pages(),
      async (page, entry) => {
        light.push(...(await axeViolations(page, entry, { type: "tag", values: TAGS }, "")));
        await page.emulateMedia({ colorScheme: "dark" });
        dark.push(...(await axeViolations(page, entry, { type: "rule", values: COLOUR_RULES }, " (dark)")));
        await page.emulateMedia({ colorScheme: "light" });
      },
      { colorScheme: "light", initScripts: [AXE] },
    );
    return { light: [...failures, ...light].sort(), dark: dark.sort() };
  })();
  return pass;
}

test("every page has no axe-core violation of WCAG 2.1 A and AA", async (t) => {
  const { light } = await runPass();
  t.diagnostic(`axe-core ${AXE_VERSION}, tags ${TAGS.join(" ")}: ${site.pages().length} pages, ${light.length} violations`);
  assertNone(light, "axe-core violations (page: rule at element)");
});

test("every page keeps sufficient contrast in the dark colour scheme", async (t) => {
  const { dark } = await runPass();
  t.diagnostic(`axe-core ${COLOUR_RULES.join(", ")} in the dark scheme: ${site.pages().length} pages, ${dark.length} violations`);
  assertNone(dark, "axe-core violations in the dark colour scheme (page: rule at element)");
});
