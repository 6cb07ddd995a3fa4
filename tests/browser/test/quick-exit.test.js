// Quick exit ("Lämna sidan snabbt"): on every page, a plain link to the configured neutral
// site with rel="noreferrer" and a link to the page on hiding one's visit, plus the support
// line; in the browser, reachable by keyboard, Shift pressed three times leaves, the page
// is blanked first and location.replace takes the page out of the back history.
// The neutral site is never contacted: a route answers for it, and the test asserts that
// the browser asked for exactly the configured URL without a Referer.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();

test("every page links to the quick exit, the hiding-your-visit page and the support line", (t) => {
  const config = site.quickExit();
  assert.ok(config.url, "kunskapsnav.yaml quick_exit.url is empty");
  const problems = [];
  for (const entry of site.pages()) {
    const html = fs.readFileSync(entry.file, "utf8");
    const exit = /<a\b[^>]*\bclass="quick-exit"[^>]*>/.exec(html);
    if (!exit) {
      problems.push(`${entry.path}: no a.quick-exit`);
      continue;
    }
    const href = /\bhref="([^"]*)"/.exec(exit[0]);
    if (!href || href[1].replace(/&amp;/g, "&") !== config.url) {
      problems.push(`${entry.path}: quick exit goes to ${href && href[1]}, not the configured ${config.url}`);
    }
    if (!/\brel="[^"]*\bnoreferrer\b/.test(exit[0])) problems.push(`${entry.path}: quick exit lacks rel="noreferrer"`);
    if (!/href="\/dolj-ditt-besok\/"/.test(html)) problems.push(`${entry.path}: no link to /dolj-ditt-besok/`);
    if (!/class="support-phone" href="tel:/.test(html)) problems.push(`${entry.path}: no support line phone link`);
  }
  t.diagnostic(`${site.pages().length} pages checked for the quick exit (${config.url})`);
  assertNone(problems, "quick exit problems");
  assert.ok(site.pages().some((p) => p.path === "/dolj-ditt-besok/"), "the page /dolj-ditt-besok/ is not built");
});

/**
 * An article page opened after a listing page (so there is history to keep), with a
 * route that holds the request to the neutral site until the test lets it through.
 */
async function openArticle(t, options = {}) {
  const config = site.quickExit();
  const { context, guard } = await site.newContext(options);
  let release;
  const released = new Promise((r) => (release = r));
  // A held request must not keep the context open when a test fails half-way.
  t.after(() => {
    release();
    return context.close();
  });
  let resolveHit;
  const hit = new Promise((r) => (resolveHit = r));
  await context.route(new URL(config.url).origin + "/**", async (route, request) => {
    resolveHit({ url: request.url(), headers: await request.allHeaders(), isNavigation: request.isNavigationRequest() });
    await released;
    await route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Neutral</title><p>Neutral" });
  });
  // Reports the moment the page is blanked, while the route still holds the request to
  // the neutral site (the page cannot be inspected with evaluate while it navigates).
  await context.addInitScript(() => {
    new MutationObserver(() => {
      if (document.documentElement.classList.contains("is-leaving") && document.body && document.body.hidden) {
        window.__knReport("blank", document.title === "" ? "blank, title cleared" : `blank, title kept: ${document.title}`);
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["class", "hidden"] });
  });
  const page = await context.newPage();
  const article = site.samples().article;
  await page.goto(site.url("/artiklar/"), { waitUntil: "load" });
  await page.goto(site.url(article.path), { waitUntil: "load" });
  const historyBefore = await page.evaluate(() => history.length);
  return { page, guard, hit, release, historyBefore, config, article };
}

/** After the exit started: the old page is blank, then the neutral site replaces it. */
async function assertLeft(page, { hit, release, historyBefore, config }) {
  const request = await hit;
  assert.equal(request.url, config.url, "the quick exit went somewhere else");
  assert.ok(request.isNavigationRequest !== false, "the quick exit was not a navigation");
  assert.equal(request.headers.referer, undefined, `the neutral site was told the referrer ${request.headers.referer}`);
  release();
  await page.waitForURL(config.url, { waitUntil: "load" });
  assert.equal(await page.title(), "Neutral");
  assert.equal(await page.evaluate(() => history.length), historyBefore, "the exit added a history entry");
  // Back goes to the page before the article: the article left the history.
  await page.goBack({ waitUntil: "load" });
  assert.equal(new URL(page.url()).pathname, "/artiklar/", "Back returned to the page the visitor left");
}

test("the quick exit is reachable by keyboard and leaves with location.replace", async (t) => {
  const ctx = await openArticle(t);
  const { page } = ctx;
  let stops = 0;
  for (; stops < 5; stops++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement.matches("a.quick-exit"))) break;
  }
  assert.ok(stops < 3, `the quick exit is not among the first three Tab stops (searched ${stops + 1})`);
  await page.keyboard.press("Enter");
  await assertBlanked(ctx);
  await assertLeft(page, ctx);
});

test("Shift pressed three times leaves the page at once", async (t) => {
  const ctx = await openArticle(t);
  const { page } = ctx;
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
  await assertBlanked(ctx);
  await assertLeft(page, ctx);
});

test("typing capitals in the search box does not trigger the quick exit", async (t) => {
  const { page, guard, release, article } = await openArticle(t);
  // Nothing is held here: were the exit to fire, the page would simply be gone below.
  release();
  await page.focus("#sidhuvud-sok");
  // As a person types capitals: Shift down, the letter, Shift up — four Shift presses
  // within a second, each followed by another key, which must start the count again.
  for (const letter of "ABCD") {
    await page.keyboard.down("Shift");
    await page.keyboard.press(`Key${letter}`);
    await page.keyboard.up("Shift");
  }
  // The exit would have blanked the page synchronously in the keydown handler.
  const state = await page.evaluate(() => ({
    leaving: document.documentElement.classList.contains("is-leaving"),
    value: document.querySelector("#sidhuvud-sok") && document.querySelector("#sidhuvud-sok").value,
    path: location.pathname,
  }));
  assert.deepEqual(state, { leaving: false, value: "ABCD", path: article.path });
  assert.deepEqual(guard.outside, []);
  assert.equal(guard.blank, undefined);
});

test("without JavaScript the quick exit is a plain link without a referrer", async (t) => {
  const ctx = await openArticle(t, { javaScriptEnabled: false });
  const { page, hit, release, config } = ctx;
  assert.equal(await page.isVisible(".quick-exit-hint"), false, "the Shift hint shows although Shift cannot work");
  release(); // page.click waits for the navigation it starts
  await page.click("a.quick-exit");
  const request = await hit;
  assert.equal(request.url, config.url);
  assert.equal(request.headers.referer, undefined, `the neutral site was told the referrer ${request.headers.referer}`);
  await page.waitForURL(config.url, { waitUntil: "load" });
});

/** The page blanked itself (body hidden, title cleared) while the exit was under way. */
async function assertBlanked({ guard, hit }) {
  await hit;
  const report = await guard.next("blank", 3000).catch(() => null);
  assert.ok(report, "the page was not blanked before the neutral site loaded");
  assert.match(report, /title cleared/, report);
}
