// Nothing leaves the site and nothing stays behind: on every page, no request to any host
// other than the site's own, no cookie (from a header or a script), nothing written to
// localStorage, sessionStorage or IndexedDB. Requests to other hosts fail inside the
// browser's network jail and are reported, so none leaves 127.0.0.1 even when this fails.
"use strict";

const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();

test("no page requests another host, sets a cookie or stores anything", async (t) => {
  const crawl = await site.crawl();
  const problems = [
    ...crawl.failures,
    ...crawl.guard.outside.map((l) => `request to another host from ${l}`),
    ...crawl.guard.cookie.map((l) => `cookie written on ${l}`),
    ...crawl.guard.storage.map((l) => `storage written on ${l}`),
  ];
  for (const p of crawl.pages) {
    if (p.headers["set-cookie"]) problems.push(`${p.path}: served with Set-Cookie ${p.headers["set-cookie"]}`);
    if (p.cookies.length) problems.push(`${p.path}: cookies after load: ${p.cookies.join(", ")}`);
    if (p.storage.length) problems.push(`${p.path}: stored after load: ${p.storage.join(", ")}`);
  }
  t.diagnostic(`${crawl.pages.length} pages checked: ${crawl.outsideRequests} requests to other hosts, ${problems.length} problems`);
  assertNone(problems, "privacy problems");
});
