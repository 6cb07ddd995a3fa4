// The search page (/sok/) in headless Chromium under the build's CSP: results as you type
// with highlighted snippets, keyboard-only facet filters, ?q= in the URL with the back
// button, clear messages for bad input and for a missing or damaged index or module, the
// header search box, the no-JavaScript message, loading only part of the index, and no
// request leaving 127.0.0.1.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();
const RULING = "/rattsfall/lycksele-tingsratt-b-583-23/";
const ANSWER_MS = 20000;

/** The status line once it reports a count or a problem (not while loading), for
 * `query` when given. */
async function settledStatus(page, query) {
  const status = page.locator(".search-status");
  await page.waitForFunction(
    (q) => {
      const s = document.querySelector(".search-status");
      const busy = document.querySelector(".search-page").getAttribute("aria-busy");
      return s && s.textContent.trim() && !s.textContent.includes("Laddar") && busy !== "true" &&
        (!q || s.textContent.includes(`”${q}”`));
    },
    query,
    { timeout: ANSWER_MS },
  );
  return (await status.textContent()).trim();
}

/** Types `text` into the search box with the keyboard, as a visitor does. */
async function type(page, text) {
  await page.locator("#sok-fraga").focus();
  await page.keyboard.type(text, { delay: 15 });
}

async function hits(page) {
  return page.$$eval(".search-hit", (items) =>
    items.map((li) => ({
      url: li.querySelector("h2 a").getAttribute("href"),
      snippet: li.querySelector(".search-snippet").innerHTML,
    })),
  );
}

function clean(guard) {
  assertNone(guard.problems(), "problems on the search page (page: what)");
}

test("typing a case number shows its ruling first, with a highlighted snippet", async (t) => {
  const { page, guard } = await site.open(t, "/sok/");
  await type(page, "B 583-23");
  const status = await settledStatus(page, "B 583-23");
  assert.match(status, /^\d+ träff(ar)? för ”B 583-23”\.$/, status);
  const [first] = await hits(page);
  assert.equal(first.url, RULING);
  assert.equal(new URL(page.url()).searchParams.get("q"), "B 583-23");
  // The live region is what a screen reader announces.
  const live = await page.locator(".search-status").evaluate((s) => [s.getAttribute("role"), s.getAttribute("aria-live")]);
  assert.deepEqual(live, ["status", "polite"]);

  await page.locator("#sok-fraga").fill("");
  await type(page, "arbetskraftsexploatering");
  await settledStatus(page, "arbetskraftsexploatering");
  const results = await hits(page);
  assert.ok(results.length > 0, "no hits for arbetskraftsexploatering");
  assert.match(results[0].snippet, /<mark>[^<]*arbetskraftsexploatering[^<]*<\/mark>/i, results[0].snippet);
  clean(guard);
});

test("typing a provision shows its page first, then the ruling charged under it", async (t) => {
  const { page, guard } = await site.open(t, "/sok/");
  for (const q of ["4 kap. 1 b §", "BrB 4:1b"]) {
    await page.locator("#sok-fraga").fill("");
    await type(page, q);
    await settledStatus(page, q);
    const urls = (await hits(page)).map((h) => h.url);
    assert.equal(urls[0], "/lagrum/brb-4-1-b/", `${q}: ${urls.join(" ")}`);
    assert.equal(urls[1], "/rattsfall/jonkopings-tingsratt-b-1515-23/", `${q}: ${urls.join(" ")}`);
  }
  clean(guard);
});

test("a query without hits offers the corrected query as a link that searches it", async (t) => {
  const { page, guard } = await site.open(t, "/sok/");
  await type(page, "bärplokningg ");
  const status = await settledStatus(page, "bärplokningg");
  assert.match(status, /Menade du bärplockning\?/, status);
  await page.locator(".search-status a.search-suggestion").click();
  await settledStatus(page, "bärplockning");
  assert.ok((await hits(page)).length > 0, "the suggestion finds nothing");
  assert.equal(await page.locator("#sok-fraga").inputValue(), "bärplockning");
  clean(guard);
});

test("a compound part finds the compound and results come as you type", async (t) => {
  const { page, guard } = await site.open(t, "/sok/");
  await type(page, "exploatering");
  const status = await settledStatus(page);
  assert.match(status, /träffar/, status);
  const urls = (await hits(page)).map((h) => h.url);
  assert.ok(urls.some((u) => u.includes("arbetskraftsexploatering")), urls.join(" "));
  const marked = await page.$$eval(".search-snippet mark", (ms) => ms.length);
  assert.ok(marked > 0, "no <mark> in any snippet");
  clean(guard);
});

test("facet filters work with the keyboard alone and show counts", async (t) => {
  const { page, guard } = await site.open(t, "/sok/");
  await type(page, "människohandel");
  const before = await settledStatus(page);
  const total = Number(before.match(/^(\d+)/)[1]);
  // Tab from the search box to the ruling filter, tick it with the space bar.
  const label = page.locator(".search-facet label", { hasText: "Rättsfall" });
  const count = Number((await label.textContent()).match(/\((\d+)\)/)[1]);
  assert.ok(count > 0 && count < total, `${count} of ${total}`);
  const box = page.locator('.search-facet input[value="rättsfall"]');
  let reached = false;
  for (let i = 0; i < 60 && !reached; i += 1) {
    await page.keyboard.press("Tab");
    reached = await box.evaluate((b) => b === document.activeElement);
  }
  assert.ok(reached, "the ruling filter cannot be reached with Tab");
  await page.keyboard.press("Space");
  await page.waitForFunction((n) => {
    const s = document.querySelector(".search-status").textContent;
    return s.startsWith(`${n} `) && document.querySelector(".search-page").getAttribute("aria-busy") !== "true";
  }, count, { timeout: ANSWER_MS });
  const urls = (await hits(page)).map((h) => h.url);
  assert.ok(urls.length > 0 && urls.every((u) => u.startsWith("/rattsfall/")), urls.join(" "));
  assert.ok(await box.evaluate((b) => b.checked && b === document.activeElement), "focus and state kept");
  assert.deepEqual(new URL(page.url()).searchParams.getAll("f"), ["kind:rättsfall"]);
  clean(guard);
});

test("more hits load with the keyboard and focus moves to the first new one", async (t) => {
  const { page, guard } = await site.open(t, "/sok/?q=m%C3%A4nniskohandel");
  await settledStatus(page, "människohandel");
  assert.equal((await hits(page)).length, 10);
  await page.locator(".search-more").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll(".search-hit").length > 10, null, { timeout: ANSWER_MS });
  const focused = await page.evaluate(() => {
    const links = [...document.querySelectorAll(".search-hit h2 a")];
    return links.indexOf(document.activeElement);
  });
  assert.equal(focused, 10, "focus is on the 11th hit");
  assert.match(await page.locator(".search-status").textContent(), /^Visar 20 av \d+ träffar\./);
  const urls = (await hits(page)).map((h) => h.url);
  assert.equal(new Set(urls).size, urls.length, "no hit twice");
  clean(guard);
});

test("?q= and filters in the URL are shared and the back button restores them", async (t) => {
  const { page, guard } = await site.open(t, "/sok/?q=tv%C3%A5ngsarbete&f=kind%3Ar%C3%A4ttsfall");
  await settledStatus(page);
  assert.equal(await page.locator("#sok-fraga").inputValue(), "tvångsarbete");
  assert.ok(await page.locator('.search-facet input[value="rättsfall"]').isChecked());
  const filtered = (await hits(page)).map((h) => h.url);
  assert.ok(filtered.length > 0 && filtered.every((u) => u.startsWith("/rattsfall/")), filtered.join(" "));

  // Untick the filter (a new history entry), then a new query typed and submitted.
  await page.locator('.search-facet input[value="rättsfall"]').press("Space");
  await page.waitForFunction(() => !location.search.includes("f="), null, { timeout: ANSWER_MS });
  await settledStatus(page);
  await page.locator("#sok-fraga").fill("");
  await type(page, "bärplockning");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "bärplockning", null, { timeout: ANSWER_MS });
  await settledStatus(page, "bärplockning");

  await page.goBack();
  await page.waitForFunction(() => document.querySelector("#sok-fraga").value === "tvångsarbete", null, { timeout: ANSWER_MS });
  assert.ok(!(await page.locator('.search-facet input[value="rättsfall"]').isChecked()));
  await page.goBack();
  await page.waitForFunction(() => location.search.includes("f=kind"), null, { timeout: ANSWER_MS });
  await page.waitForFunction(() => {
    const b = document.querySelector('.search-facet input[value="rättsfall"]');
    return b && b.checked;
  }, null, { timeout: ANSWER_MS });
  const again = (await hits(page)).map((h) => h.url);
  assert.deepEqual(again, filtered);
  clean(guard);
});

test("bad input gets a clear message, never a hang", async (t) => {
  const { page, guard } = await site.open(t, "/sok/");
  const cases = [
    ["", /Skriv ett eller flera sökord/],
    ["och att det", /bara vanliga småord/],
    ['"handel med människor', /citattecken saknar sin avslutning/],
    ['- "" * ( ) :', /inga ord att söka på/],
    ["-tiggeri", /inte bara ord att utesluta/],
    ["människohandel ".repeat(700).slice(0, 10000), /för lång/],
  ];
  for (const [query, expected] of cases) {
    await page.locator("#sok-fraga").fill(query);
    await page.locator("#sok-fraga").press("Enter");
    await page.waitForFunction(
      (source) => new RegExp(source).test(document.querySelector(".search-status").textContent),
      expected.source,
      { timeout: ANSWER_MS },
    );
  }
  // 10 000 characters from a shared link too.
  const long = await site.open(t, `/sok/?q=${"a".repeat(10000)}`);
  const status = await settledStatus(long.page);
  assert.match(status, /för lång/, status);
  clean(guard);
  clean(long.guard);
});

test("a missing or damaged index or module is a message on the page", async (t) => {
  const cases = [
    ["missing manifest", "**/sok/manifest.json", (route) => route.fulfill({ status: 404, body: "" }), /saknas/],
    ["damaged head", "**/sok/index.*.knsi", (route) => route.fulfill({ status: 200, body: "<html>not an index</html>" }), /skadat/],
    ["damaged module", "**/sok/*.wasm", (route) => route.fulfill({ status: 200, contentType: "application/wasm", body: "garbage" }), /Sökmodulen är skadad/],
    ["damaged chunk", "**/sok/index.*/*.knc", (route) => route.fulfill({ status: 200, body: "xxxxxxxxxxxx" }), /skadat/],
    ["missing chunk", "**/sok/index.*/*.knc", (route) => route.fulfill({ status: 404, body: "" }), /saknas/],
  ];
  for (const [name, pattern, handler, expected] of cases) {
    const { context, guard } = await site.newContext();
    t.after(() => context.close());
    await context.route(pattern, handler);
    const page = await context.newPage();
    await page.goto(site.url("/sok/?q=m%C3%A4nniskohandel"));
    const status = await settledStatus(page);
    assert.match(status, /^Sökningen fungerar inte just nu: /, `${name}: ${status}`);
    assert.match(status, expected, `${name}: ${status}`);
    assert.ok(await page.locator(".search-problem").isVisible(), `${name}: no way on`);
    assert.ok(await page.locator('.search-problem a[href="/ordlista/"]').count(), name);
    assertNone(guard.problems(["outside", "csp", "cookie", "storage"]), name);
  }
});

test("the header search box on every page leads to the search page", async (t) => {
  const { page, guard } = await site.open(t, "/artiklar/");
  await page.locator("#sidhuvud-sok").focus();
  await page.keyboard.type("tvångsarbete");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/sok\/\?q=tv%C3%A5ngsarbete$/);
  const status = await settledStatus(page, "tvångsarbete");
  assert.match(status, /träff/, status);
  assert.ok((await hits(page)).length > 0);
  clean(guard);
});

test("the page with results, snippets and filters has no axe-core violation (light and dark)", async (t) => {
  const axe = require("node:fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const { context, guard } = await site.newContext();
  t.after(() => context.close());
  await context.addInitScript({ content: axe });
  const page = await context.newPage();
  await page.goto(site.url("/sok/?q=m%C3%A4nniskohandel&f=kind%3Ar%C3%A4ttsfall"));
  await settledStatus(page, "människohandel");
  const violations = [];
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const found = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
        .then((r) => r.violations.map((v) => `${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)));
    violations.push(...found.map((v) => `${scheme}: ${v}`));
  }
  assertNone(violations, "axe-core violations on /sok/ with results");
  clean(guard);
});

test("without JavaScript the page says so and links to the A–Z listings", async (t) => {
  const { page } = await site.open(t, "/sok/", { javaScriptEnabled: false });
  const text = await page.locator(".search-noscript").textContent();
  assert.match(text, /behöver JavaScript/);
  assert.equal(await page.locator('.search-noscript a[href="/ordlista/"]').count(), 1);
});

test("a query loads only part of the index, from 127.0.0.1 only, and stores nothing", async (t) => {
  const { context, guard } = await site.newContext();
  t.after(() => context.close());
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  await page.goto(site.url("/sok/"));
  assert.equal(requests.filter((u) => /\.(wasm|knsi|knc)$/.test(u)).length, 0, "nothing loads before a search");
  await type(page, "människohandel");
  await settledStatus(page);
  const manifest = await (await page.request.get(site.url("/sok/manifest.json"))).json();
  const chunkCount = require("node:fs").readdirSync(require("node:path").join(site.dir, "sok", manifest.chunks))
    .filter((f) => f.endsWith(".knc")).length;
  const chunks = requests.filter((u) => u.endsWith(".knc"));
  t.diagnostic(`first query: ${chunks.length} of ${chunkCount} index chunks`);
  assert.ok(chunks.length > 0 && chunks.length < chunkCount, `${chunks.length} of ${chunkCount} chunks`);
  assert.equal(requests.filter((u) => u.endsWith(".knsi")).length, 1);
  for (const url of requests) assert.ok(url.startsWith(`${site.origin}/`) || url.startsWith("data:"), url);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assertNone(guard.problems(), "problems (page: what)");
});
