// The browser-test harness: one call per test file gives it the built hub served over
// HTTP with the build's own headers, a headless Chromium, and helpers to open pages with
// a guard that records everything a page must not do (requests to other hosts, cookies,
// storage writes, CSP violations, script errors).
//
//   const { setup } = require("../lib/harness");
//   const site = setup();                     // before/after hooks for this file
//   test("…", async (t) => {
//     const { page, guard } = await site.open(t, "/artiklar/");
//     …
//   });
//
// The site comes from KN_SITE_DIR (tests/browser/run builds the hub there). Chromium is
// Debian's /usr/bin/chromium unless KN_CHROMIUM names another. See tests/browser/README.md.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { before, after } = require("node:test");
const { chromium } = require("playwright-core");
const { startServer } = require("./server");

const BROWSER_DIR = path.resolve(__dirname, "..");
const REPO_ROOT = path.resolve(BROWSER_DIR, "..", "..");
/** Screenshots and other artefacts a person may want to look at (gitignored). */
const OUTPUT_DIR = path.join(BROWSER_DIR, "output");

/** The flags the machine notes and the issue name; Playwright adds --headless and a
 * fresh temporary --user-data-dir of its own for every launch. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
  // A network jail: every request to another host goes to a proxy on a closed loopback
  // port and fails there, and no host name but the server's resolves, so nothing can
  // leave 127.0.0.1 even if a page tries (loopback itself is never proxied). Tests see
  // such attempts as `request` events (the guard records them) and may answer one with
  // `context.route(...)`, which intercepts before the proxy.
  "--proxy-server=http://127.0.0.1:9",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

function siteDir() {
  const dir = process.env.KN_SITE_DIR;
  if (!dir) {
    throw new Error(
      "KN_SITE_DIR is not set: run the browser tests with `bash tests/browser/run`, " +
        "or build the hub (kunskapsnav build --out DIR) and set KN_SITE_DIR=DIR",
    );
  }
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    throw new Error(`KN_SITE_DIR=${dir} holds no built site (no index.html)`);
  }
  return path.resolve(dir);
}

/** Every HTML file of the built site as `{ path, file, kind }`, sorted by path.
 * `path` is the URL path (`/artiklar/x/` for `artiklar/x/index.html`); `kind` is the
 * page kind the theme puts on `<body class="kind-…">` (`article`, `ruling`, …). */
function walkPages(root) {
  const out = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name.endsWith(".html")) {
        const rel = path.relative(root, full).split(path.sep).join("/");
        const urlPath = "/" + (e.name === "index.html" ? rel.slice(0, -"index.html".length) : rel);
        const head = fs.readFileSync(full, "utf8");
        const m = /<body[^>]*\bclass="[^"]*\bkind-([a-z_0-9-]+)/.exec(head);
        out.push({ path: urlPath, file: full, kind: m ? m[1] : "unknown" });
      }
    }
  })(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The quick-exit settings of the bundled hub's kunskapsnav.yaml (`quick_exit:`). */
function quickExitConfig() {
  const yaml = fs.readFileSync(path.join(REPO_ROOT, "kunskapsnav.yaml"), "utf8");
  const block = /^quick_exit:\s*\n((?:[ \t]+.*\n?)+)/m.exec(yaml);
  assert.ok(block, "kunskapsnav.yaml has no quick_exit: block");
  const field = (name) => {
    const m = new RegExp(`^\\s+${name}:\\s*"?([^"\\n]*)"?\\s*$`, "m").exec(block[1]);
    return m ? m[1] : undefined;
  };
  return { url: field("url"), label: field("label") };
}

// Runs in every page before its own scripts (injected by the browser, so the CSP does not
// apply to it). Reports through the `__knReport` binding.
const GUARD_SCRIPT = `(() => {
  const report = (kind, detail) => { try { window.__knReport(kind, detail); } catch (e) {} };
  document.addEventListener("securitypolicyviolation", (e) => report("csp",
    e.violatedDirective + " blocked " + (e.blockedURI || "(inline)") +
    (e.sourceFile ? " at " + e.sourceFile + ":" + e.lineNumber : "") +
    (e.sample ? " [" + e.sample + "]" : "")), true);
  for (const method of ["setItem", "removeItem", "clear"]) {
    const original = Storage.prototype[method];
    Storage.prototype[method] = function (...args) {
      const which = this === window.sessionStorage ? "sessionStorage" : "localStorage";
      if (method === "setItem") report("storage", which + ".setItem(" + JSON.stringify(String(args[0])) + ")");
      return original.apply(this, args);
    };
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    get() { return cookie.get.call(this); },
    set(v) { report("cookie", "document.cookie = " + JSON.stringify(String(v))); cookie.set.call(this, v); },
  });
  if (window.indexedDB) {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...args) {
      report("storage", "indexedDB.open(" + JSON.stringify(String(args[0])) + ")");
      return open.apply(this, args);
    };
  }
})();`;

/**
 * What a page did that it must not: filled in while pages of a context run.
 * `outside` (requests to another host), `csp`, `cookie`, `storage`, `error` (uncaught
 * script errors). Each entry is a string naming the page it happened on.
 */
class Guard {
  constructor(origin) {
    this.origin = origin;
    this.outside = [];
    this.outsideRequests = [];
    this.csp = [];
    this.cookie = [];
    this.storage = [];
    this.error = [];
    this._waiters = [];
  }
  record(kind, where, detail) {
    const list = (this[kind] ||= []);
    const line = `${where}: ${detail}`;
    if (!list.includes(line)) list.push(line);
    for (const w of this._waiters.filter((w) => w.kind === kind)) w.resolve(line);
    this._waiters = this._waiters.filter((w) => w.kind !== kind);
  }
  /** Resolves with the first record of `kind` (at once if there is one already), or
   * rejects after `timeout` ms. Page scripts can add records of their own kinds with
   * `window.__knReport(kind, detail)` from an init script. */
  next(kind, timeout = 5000) {
    if (this[kind] && this[kind].length) return Promise.resolve(this[kind][0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${kind} report within ${timeout} ms`)), timeout);
      this._waiters.push({ kind, resolve: (v) => (clearTimeout(timer), resolve(v)) });
    });
  }
  /** All problems, one line each, optionally only of some kinds. */
  problems(kinds = ["outside", "csp", "cookie", "storage", "error"]) {
    return kinds.flatMap((k) => (this[k] || []).map((l) => `${k}: ${l}`));
  }
}

function pathOf(url) {
  try {
    const u = new URL(url);
    return u.pathname + u.search + u.hash;
  } catch {
    return url;
  }
}

/**
 * Register the file's before/after hooks and return the site handle. Everything on the
 * handle is usable inside tests (after `before` ran). `setup({ browser: false })` skips
 * the server and Chromium, for tests that only read the built files.
 */
function setup({ browser = true } = {}) {
  const site = {
    dir: null,
    origin: null,
    server: null,
    browser: null,
    outputDir: OUTPUT_DIR,
    /** Absolute URL of a site path. */
    url(p) {
      return new URL(p, site.origin + "/").href;
    },
    /** Every HTML page of the build (see walkPages), optionally of one kind. */
    pages(kind) {
      const all = (site._pages ||= walkPages(site.dir));
      return kind ? all.filter((p) => p.kind === kind) : all;
    },
    /** One page of each kind a person meets most, for screenshots and spot checks. */
    samples() {
      const first = (kind) => site.pages(kind)[0];
      const byPath = (p) => site.pages().find((e) => e.path === p);
      const picks = {
        home: first("index"),
        article: first("article"),
        ruling: first("ruling"),
        dataset: first("dataset"),
        glossary: byPath("/ordlista/"),
        search: first("search"),
      };
      for (const [name, entry] of Object.entries(picks)) {
        assert.ok(entry, `the built hub has no ${name} page to sample`);
      }
      return picks;
    },
    quickExit: quickExitConfig,
    /** The shared visit to every page at 360 px (see lib/crawl.js). */
    crawl() {
      return (site._crawl ||= require("./crawl").crawl(site));
    },

    /**
     * A fresh browser context (no cookies, no storage) with the guard installed.
     * Options are Playwright's newContext options (viewport, colorScheme,
     * javaScriptEnabled, reducedMotion…). Requests to any other host fail in the
     * browser's network jail (see CHROMIUM_ARGS) and are recorded in `guard.outside`;
     * `context.route(...)` can answer one instead.
     */
    async newContext(options = {}) {
      const context = await site.browser.newContext({
        viewport: { width: 1280, height: 800 },
        ...options,
      });
      const guard = new Guard(site.origin);
      await context.exposeBinding("__knReport", ({ page }, kind, detail) => {
        guard.record(kind, page ? pathOf(page.url()) : "?", detail);
      });
      await context.addInitScript({ content: GUARD_SCRIPT });
      const isOutside = (url) => {
        const u = new URL(url);
        if (u.protocol === "data:" || u.protocol === "blob:" || u.protocol === "about:") return false;
        return u.origin !== site.origin;
      };
      context.on("request", (req) => {
        if (isOutside(req.url())) {
          const frame = req.frame ? safe(() => req.frame().url()) : "";
          guard.outsideRequests.push(req);
          guard.record("outside", pathOf(frame || "?"), req.url());
        }
      });
      context.on("page", (page) => watchPage(page, guard));
      return { context, guard };
    },

    /**
     * Open `urlPath` in a fresh context and wait for its load event. The context is
     * closed when the test `t` ends. Returns `{ page, context, guard, response }`.
     */
    async open(t, urlPath, options = {}) {
      const { context, guard } = await site.newContext(options);
      t.after(() => context.close());
      const page = await context.newPage();
      const response = await page.goto(site.url(urlPath), { waitUntil: "load" });
      return { page, context, guard, response };
    },

    /**
     * Visit many pages after one another in `concurrency` browser tabs, each tab in its
     * own fresh context (so cookies and storage start empty), and call
     * `check(page, entry, guard, response)` after each page's load event; `check` may return a list
     * of failure strings. An exception on one page is recorded and the others still run.
     * Options: Playwright context options, plus `initScripts` (source strings run in every
     * page before its own scripts, e.g. axe-core). Resolves to `{ failures, guards }`.
     */
    async eachPage(entries, check, { concurrency = 2, initScripts = [], ...options } = {}) {
      const failures = [];
      const guards = [];
      const queue = entries.slice();
      async function worker() {
        const { context, guard } = await site.newContext(options);
        guards.push(guard);
        for (const content of initScripts) await context.addInitScript({ content });
        let page = await context.newPage();
        try {
          for (let entry = queue.shift(); entry; entry = queue.shift()) {
            try {
              const response = await page.goto(site.url(entry.path), { waitUntil: "load" });
              if (!response || response.status() !== 200) {
                failures.push(`${entry.path}: HTTP ${response ? response.status() : "no response"}`);
              }
              const result = await check(page, entry, guard, response);
              if (Array.isArray(result)) failures.push(...result);
            } catch (err) {
              failures.push(`${entry.path}: ${err.message.split("\n")[0]}`);
              // A page in an unknown state is not reused.
              await page.close().catch(() => {});
              page = await context.newPage();
            }
          }
        } finally {
          await context.close();
        }
      }
      await Promise.all(Array.from({ length: concurrency }, worker));
      failures.sort();
      return { failures, guards };
    },
  };

  before(async () => {
    site.dir = siteDir();
    if (!browser) return;
    site.server = await startServer(site.dir);
    site.origin = site.server.origin;
    site.browser = await chromium.launch({
      executablePath: process.env.KN_CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    if (site.browser) await site.browser.close();
    if (site.server) await site.server.close();
  });
  return site;
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return "";
  }
}

function watchPage(page, guard) {
  page.on("pageerror", (err) => guard.record("error", pathOf(page.url()), err.message));
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (load|execute|apply|compile|connect|frame)/i.test(text)) {
      guard.record("csp", pathOf(page.url()), text);
    }
  });
}

/**
 * Fail the test with every problem listed, one per line, under a heading; pass when
 * there is none. Keeps the message readable when many pages fail.
 */
function assertNone(problems, heading, limit = 200) {
  if (problems.length === 0) return;
  const shown = problems.slice(0, limit);
  const more = problems.length > limit ? `\n  … and ${problems.length - limit} more` : "";
  assert.fail(`${heading} (${problems.length}):\n  ${shown.join("\n  ")}${more}`);
}

module.exports = { setup, assertNone, walkPages, OUTPUT_DIR, REPO_ROOT };
