// A tiny static file server for the built site, for the browser tests only.
//
// It behaves like the production set-up the build's `_headers` file describes: every
// response carries the headers of each matching `_headers` block (so the pages run under
// the real Content-Security-Policy), text is gzip-compressed when the browser asks for it
// (a precompressed `.gz` sibling is used when the build wrote one, like nginx's
// gzip_static), `/dir` redirects to `/dir/`, and a missing file gets `/404.html` with
// status 404. It binds 127.0.0.1 only, on an ephemeral port.
//
//   node lib/server.js SITE_DIR [PORT]     serve a built site by hand (prints the URL)
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const zlib = require("node:zlib");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".pdf": "application/pdf",
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript)|image\/svg)/;

/**
 * Parse a Netlify/Cloudflare-style `_headers` file: blocks of a path pattern on its own
 * line followed by indented `Name: value` lines. `*` in a pattern matches anything.
 * @returns {{pattern: string, test: RegExp, headers: [string, string][]}[]}
 */
function parseHeaders(text) {
  const rules = [];
  let current = null;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/\s+$/, "");
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim();
      const re = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
      current = { pattern, test: new RegExp(`^${re}$`), headers: [] };
      rules.push(current);
      continue;
    }
    const m = /^\s+([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!current || !m) {
      throw new Error(`_headers:${i + 1}: expected "  Name: value" under a path, got ${JSON.stringify(raw)}`);
    }
    current.headers.push([m[1], m[2]]);
  }
  return rules;
}

/** The headers `_headers` gives a URL path. */
function headersFor(rules, urlPath) {
  const out = {};
  for (const rule of rules) {
    if (rule.test.test(urlPath)) {
      for (const [name, value] of rule.headers) out[name] = value;
    }
  }
  return out;
}

/**
 * Start serving `root`. Resolves to `{ origin, port, rules, close() }`.
 * Requires `root/_headers`: the browser tests must run under the build's own headers.
 */
async function startServer(root, { port = 0 } = {}) {
  const headersFile = path.join(root, "_headers");
  if (!fs.existsSync(headersFile)) {
    throw new Error(`${headersFile} is missing: the build must write it (src/headers.rs)`);
  }
  const rules = parseHeaders(fs.readFileSync(headersFile, "utf8"));
  const gzipCache = new Map();

  function send(req, res, status, file, extra = {}) {
    const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
    const urlPath = new URL(req.url, "http://x").pathname;
    const headers = { ...headersFor(rules, urlPath), "Content-Type": type, ...extra };
    let body = fs.readFileSync(file);
    const acceptsGzip = /\bgzip\b/.test(req.headers["accept-encoding"] || "");
    if (acceptsGzip && COMPRESSIBLE.test(type)) {
      headers["Vary"] = "Accept-Encoding";
      headers["Content-Encoding"] = "gzip";
      if (fs.existsSync(file + ".gz")) {
        body = fs.readFileSync(file + ".gz");
      } else {
        if (!gzipCache.has(file)) gzipCache.set(file, zlib.gzipSync(body));
        body = gzipCache.get(file);
      }
    } else if (acceptsGzip && fs.existsSync(file + ".gz") && type === "application/wasm") {
      headers["Vary"] = "Accept-Encoding";
      headers["Content-Encoding"] = "gzip";
      body = fs.readFileSync(file + ".gz");
    }
    headers["Content-Length"] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  }

  const server = http.createServer((req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" });
        return res.end();
      }
      const url = new URL(req.url, "http://x");
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        res.writeHead(400);
        return res.end();
      }
      const file = path.join(root, path.normalize(rel));
      if (!file.startsWith(root + path.sep) && file !== root) {
        res.writeHead(403);
        return res.end();
      }
      let stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat && stat.isDirectory()) {
        if (!url.pathname.endsWith("/")) {
          res.writeHead(301, { Location: url.pathname + "/" + url.search });
          return res.end();
        }
        const index = path.join(file, "index.html");
        stat = fs.statSync(index, { throwIfNoEntry: false });
        if (stat) return send(req, res, 200, index);
      } else if (stat && stat.isFile() && path.basename(file) !== "_headers") {
        return send(req, res, 200, file);
      }
      const notFound = path.join(root, "404.html");
      if (fs.existsSync(notFound)) return send(req, res, 404, notFound);
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
    } catch (err) {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(err));
    }
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const actual = server.address().port;
  return {
    origin: `http://127.0.0.1:${actual}`,
    port: actual,
    rules,
    headersFor: (urlPath) => headersFor(rules, urlPath),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

module.exports = { startServer, parseHeaders, headersFor };

if (require.main === module) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node lib/server.js SITE_DIR [PORT]");
    process.exit(2);
  }
  startServer(path.resolve(dir), { port: Number(port) || 0 }).then(
    (s) => {
      console.log(`serving ${path.resolve(dir)} at ${s.origin}/ (Ctrl-C stops)`);
      const stop = () => s.close().then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    },
    (err) => {
      console.error(err.message);
      process.exit(2);
    },
  );
}
