// The languages fixture (tests/fixtures/languages: Swedish, lättläst, English, Thai and
// Yiddish, right to left), which tests/browser/run builds into KN_LANG_SITE_DIR: every
// page passes axe-core and the Nu HTML Checker, runs under the CSP without a violation,
// has no horizontal scroll at 360 px (right to left too), quick exit works on every
// language's page, and the language menu is usable with the keyboard alone.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { spawn } = require("node:child_process");
const { test } = require("node:test");

// Each test file is its own process: this one tests the fixture, not the hub.
if (process.env.KN_LANG_SITE_DIR) process.env.KN_SITE_DIR = process.env.KN_LANG_SITE_DIR;
const { setup, assertNone, REPO_ROOT } = require("../lib/harness");

const site = setup();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const VIEWPORT = { width: 360, height: 740 };

/** The fixture's quick exit target, from its kunskapsnav.yaml. */
function quickExitUrl() {
  const yaml = fs.readFileSync(path.join(REPO_ROOT, "tests/fixtures/languages/kunskapsnav.yaml"), "utf8");
  const m = /^quick_exit:\s*\n(?:[ \t]+.*\n)*?[ \t]+url:\s*"?([^"\n]*)"?/m.exec(yaml);
  assert.ok(m, "the fixture's kunskapsnav.yaml has no quick_exit url");
  return m[1];
}

test("the fixture has Thai and right-to-left Yiddish pages", () => {
  const html = (p) => fs.readFileSync(site.pages().find((e) => e.path === p).file, "utf8");
  assert.match(html("/th/"), /<html lang="th" dir="ltr">/);
  assert.match(html("/yi/"), /<html lang="yi" dir="rtl">/);
});

test("every language page has no axe-core violation of WCAG 2.1 A and AA", async (t) => {
  const problems = [];
  const { failures } = await site.eachPage(
    site.pages(),
    async (page, entry) => {
      const v = await page.evaluate(
        (values) =>
          window.axe.run(document, { runOnly: { type: "tag", values }, resultTypes: ["violations"] }).then((r) =>
            r.violations.map((x) => `${x.id} (${x.help}) at ${x.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`),
          ),
        TAGS,
      );
      problems.push(...v.map((l) => `${entry.path}: ${l}`));
    },
    { initScripts: [AXE] },
  );
  t.diagnostic(`${site.pages().length} pages, ${problems.length} violations`);
  assertNone([...failures, ...problems].sort(), "axe-core violations (page: rule at element)");
});

test("every language page has no Nu HTML Checker error", async (t) => {
  const jar = String(require("vnu-jar"));
  const java = process.env.KN_JAVA || "java";
  const { code, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(java, ["-Xss8m", "-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", site.dir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (c) => resolve({ code: c, stderr: err }));
  });
  const report = JSON.parse(stderr);
  const errors = report.messages
    .filter((m) => m.type === "error" || m.type === "non-document-error")
    .map((m) => `${m.url ? path.relative(site.dir, decodeURIComponent(new URL(m.url).pathname)) : "?"}:${m.lastLine ?? "?"}: ${m.message}`);
  t.diagnostic(`${site.pages().length} HTML files, ${errors.length} errors`);
  assertNone(errors, "Nu HTML Checker errors (file:line: message)");
  assert.equal(code, 0, "vnu.jar failed");
});

test("every language page runs under the CSP and has no horizontal scroll at 360 px", async (t) => {
  const problems = [];
  const { failures, guards } = await site.eachPage(
    site.pages(),
    async (page, entry) => {
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (over > 0) problems.push(`${entry.path}: ${over} px wider than the 360 px viewport`);
    },
    { viewport: VIEWPORT },
  );
  for (const g of guards) {
    problems.push(...g.csp.map((l) => `CSP violation on ${l}`), ...g.error.map((l) => `script error on ${l}`));
  }
  t.diagnostic(`${site.pages().length} pages at 360 px`);
  assertNone([...failures, ...problems].sort(), "CSP, script and reflow problems");
});

test("quick exit leaves every language's start page and top-level pages", async (t) => {
  const target = quickExitUrl();
  const starts = site.pages().filter((e) => /^\/(?:[a-z]+\/)?$/.test(e.path));
  assert.ok(starts.length >= 5, `only ${starts.length} start pages`);
  for (const entry of starts) {
    const { context } = await site.newContext({ viewport: VIEWPORT });
    await context.route(`${new URL(target).origin}/**`, (r) => r.fulfill({ status: 200, contentType: "text/html", body: "<title>ok</title>" }));
    const page = await context.newPage();
    await page.goto(site.url(entry.path), { waitUntil: "load" });
    await Promise.all([page.waitForURL((u) => u.href.startsWith(new URL(target).origin)), page.click("a.quick-exit")]);
    await context.close();
  }
  t.diagnostic(`${starts.length} start and top-level pages left by the quick exit`);
});

test("the language menu is reached and followed with the keyboard alone", async (t) => {
  for (const start of ["/th/", "/yi/"]) {
    const { context } = await site.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(site.url(start), { waitUntil: "load" });
    const links = await page.$$eval("nav.language-menu a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(links.length >= 2, `${start}: the language menu has ${links.length} links`);
    const reached = [];
    for (let i = 0; i < 60 && reached.length < links.length; i++) {
      await page.keyboard.press("Tab");
      const href = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a.closest("nav.language-menu") ? a.getAttribute("href") : null;
      });
      if (href) reached.push(href);
      else if (reached.length) break;
    }
    assert.deepEqual(reached, links, `${start}: Tab reaches each language link in order`);
    // Back to the first language link, then Enter follows it.
    for (let i = 1; i < links.length; i++) await page.keyboard.press("Shift+Tab");
    await Promise.all([page.waitForURL((u) => new URL(u).pathname === new URL(links[0], page.url()).pathname), page.keyboard.press("Enter")]);
    await context.close();
  }
  t.diagnostic("Thai and Yiddish: every language link reached with Tab, the first followed with Enter");
});
