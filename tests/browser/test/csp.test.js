// Every page is served with the Content-Security-Policy and security headers of the
// build's `_headers` file and runs under them without a single violation (no inline
// script or style, nothing from elsewhere) and without script errors.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup();

// The policy the issue requires, word for word: the build must not drift from it.
const POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

test("the build's _headers file gives every path the required policy", () => {
  const headers = site.server.headersFor("/artiklar/");
  assert.equal(headers["Content-Security-Policy"], POLICY);
  assert.equal(headers["Referrer-Policy"], "no-referrer");
  assert.equal(headers["X-Content-Type-Options"], "nosniff");
  for (const feature of ["interest-cohort", "camera", "microphone", "geolocation"]) {
    assert.ok((headers["Permissions-Policy"] || "").includes(`${feature}=()`), `Permissions-Policy does not deny ${feature}`);
  }
});

test("every page runs under the policy without a violation or script error", async (t) => {
  const crawl = await site.crawl();
  const problems = [
    ...crawl.failures,
    ...crawl.guard.csp.map((l) => `CSP violation on ${l}`),
    ...crawl.guard.error.map((l) => `script error on ${l}`),
  ];
  for (const p of crawl.pages) {
    const h = p.headers;
    if (h["content-security-policy"] !== POLICY) {
      problems.push(`${p.path}: served with Content-Security-Policy ${JSON.stringify(h["content-security-policy"])}`);
    }
    if (h["referrer-policy"] !== "no-referrer") problems.push(`${p.path}: Referrer-Policy ${h["referrer-policy"]}`);
    if (h["x-content-type-options"] !== "nosniff") problems.push(`${p.path}: X-Content-Type-Options ${h["x-content-type-options"]}`);
  }
  t.diagnostic(`${crawl.pages.length} pages checked under the policy: ${problems.length} problems`);
  assertNone(problems, "CSP and security header problems");
});
