// One visit to every page of the site at 360 px that records everything the per-page
// tests of privacy, CSP and reflow assert on, so that loading 270 pages happens once per
// run instead of once per test file. Each of those files stays small and asserts only its
// own behaviour on the shared record.
//
// The record is cached as JSON in KN_WORK_DIR (tests/browser/run sets it to its temporary
// folder, so the cache never outlives the build it describes); without KN_WORK_DIR each
// file crawls by itself.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const VIEWPORT = { width: 360, height: 740 };

/**
 * @returns {Promise<{ viewport, pages: { path, status, headers, overflow, culprits,
 *   cookies, storage }[], guard: { outside, csp, cookie, storage, error } }>}
 */
async function crawl(site) {
  const cache = process.env.KN_WORK_DIR ? path.join(process.env.KN_WORK_DIR, "crawl.json") : null;
  if (cache && fs.existsSync(cache)) {
    const saved = JSON.parse(fs.readFileSync(cache, "utf8"));
    if (saved.site === site.dir) return saved;
  }
  const pages = [];
  const { failures, guards } = await site.eachPage(
    site.pages(),
    async (page, entry, guard, response) => {
      const headers = await response.allHeaders();
      const cookies = await page.context().cookies();
      if (cookies.length) await page.context().clearCookies();
      const seen = await page.evaluate(async () => {
        const doc = document.documentElement;
        const width = doc.clientWidth;
        const over = doc.scrollWidth - width;
        const name = (e) =>
          e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
          (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "");
        const culprits = over > 0
          ? [...document.body.querySelectorAll("*")]
              .filter((e) => e.getBoundingClientRect().right > width + 1)
              // Only the innermost offenders: skip an element whose child also sticks out.
              .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
              .slice(0, 4)
              .map(name)
          : [];
        const storage = [
          ...Object.keys(localStorage).map((k) => `localStorage ${k}`),
          ...Object.keys(sessionStorage).map((k) => `sessionStorage ${k}`),
          ...(indexedDB.databases ? (await indexedDB.databases()).map((d) => `IndexedDB ${d.name}`) : []),
        ];
        localStorage.clear();
        sessionStorage.clear();
        return { over, culprits, storage };
      });
      pages.push({
        path: entry.path,
        status: response.status(),
        headers: {
          "content-security-policy": headers["content-security-policy"] ?? null,
          "referrer-policy": headers["referrer-policy"] ?? null,
          "x-content-type-options": headers["x-content-type-options"] ?? null,
          "set-cookie": headers["set-cookie"] ?? null,
        },
        overflow: seen.over,
        culprits: seen.culprits,
        cookies: cookies.map((c) => `${c.name} (${c.domain})`),
        storage: seen.storage,
      });
    },
    { viewport: VIEWPORT },
  );
  const merged = {};
  for (const kind of ["outside", "csp", "cookie", "storage", "error"]) {
    merged[kind] = guards.flatMap((g) => g[kind] || []).sort();
  }
  const record = {
    site: site.dir,
    viewport: VIEWPORT,
    failures,
    pages: pages.sort((a, b) => (a.path < b.path ? -1 : 1)),
    guard: merged,
    outsideRequests: guards.reduce((n, g) => n + g.outsideRequests.length, 0),
  };
  if (cache) {
    fs.writeFileSync(cache + ".tmp", JSON.stringify(record));
    fs.renameSync(cache + ".tmp", cache);
  }
  return record;
}

module.exports = { crawl };
