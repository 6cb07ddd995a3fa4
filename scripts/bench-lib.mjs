// Shared by the search benchmarks scripts/bench-search.mjs and
// scripts/bench-compare.d/query-bytes.mjs: how a file is counted (`sizes`), the local
// static server they point headless Chromium at (`serve`), and the browser (`launchChromium`).
//
// Counting: every file raw, gzip and brotli, whatever Chromium negotiated, so engines are
// compared with the same compression. Each column is the precompressed .gz/.br sibling
// where the build wrote one, else the file compressed here at top quality. Two rules:
// - Where the build wrote a .gz but no .br for one of our index chunks (*.knc), the brotli
//   column is the .gz size: a brotli-capable server falls back to the .gz, so that is what
//   a brotli client is sent, not a brotli size computed here that nobody serves.
// - Pagefind's index, fragment, filter and metadata files (*.pf_*) and its WebAssembly
//   module (wasm.*.pagefind) are gzip at rest and count as stored, in all three columns.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
export const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { chromium } = require(path.join(repo, 'tests/browser/node_modules/playwright-core'));

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
};
export const TEXT = /\.(html|css|js|json|svg|xml)$/;
// Names that change with their content: cached as immutable when the server caches.
export const HASHED = /\.[0-9a-f]{8}\.(js|css|wasm|knsi)$|\/index\.[0-9a-f]{8}\/\d+\.knc$|\/pagefind\/.*\.(pf_\w+|wasm\.\w+|pf)$|\/pagefind\/(pagefind\.js|pagefind-worker\.js)$/;
// Pagefind's files that are gzip at rest (checked: 1.6 writes *.pf_* and wasm.*.pagefind, both gzip).
const PAGEFIND_GZIP_AT_REST = /\/pagefind\/.*\.(pf_\w+|pagefind)$/;

// Sizes of a file as raw, gzip and brotli, by the rules above.
const sizeCache = new Map();
export function sizes(file) {
  if (sizeCache.has(file)) return sizeCache.get(file);
  const raw = fs.readFileSync(file);
  const sib = (ext) => (fs.existsSync(file + ext) ? fs.statSync(file + ext).size : null);
  let gz = sib('.gz');
  let br = sib('.br');
  if (br === null && gz !== null && /\.knc$/.test(file)) br = gz;
  const compressible = !PAGEFIND_GZIP_AT_REST.test(file) && (TEXT.test(file) || /\.(wasm|knsi|knc)$/.test(file));
  if (gz === null) gz = compressible ? Math.min(raw.length, zlib.gzipSync(raw, { level: 9 }).length) : raw.length;
  if (br === null) {
    br = compressible
      ? Math.min(raw.length, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length)
      : raw.length;
  }
  const s = { raw: raw.length, gz, br };
  sizeCache.set(file, s);
  return s;
}

// A static server for one site on 127.0.0.1 (a free port): the precompressed .br/.gz
// sibling the client accepts where the build wrote one (else text gzipped on the fly),
// and a log of every request with the file's `sizes`. Options:
// - csp: the Content-Security-Policy to send, or a function of the URL path returning it
//   (or null for none); default none.
// - caching: caching like a CDN would: an ETag answered with 304 (logged with status 304),
//   hashed names (HASHED) immutable, the rest revalidated, Vary: Accept-Encoding. Without
//   it every response is `Cache-Control: no-cache` with no validator.
// - logMissing: log 404s too (status 404, no sizes).
// Returns { log, origin, close }; the log can be replaced (`server.log = []`) between runs.
export async function serve(siteDir, { csp = null, caching = false, logMissing = false } = {}) {
  const state = { log: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(siteDir, decodeURIComponent(url.pathname));
    if (!file.startsWith(siteDir)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      if (logMissing) state.log.push({ path: url.pathname, status: 404 });
      res.writeHead(404);
      return res.end();
    }
    const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' };
    const policy = typeof csp === 'function' ? csp(url.pathname) : csp;
    if (policy) headers['Content-Security-Policy'] = policy;
    const entry = { path: url.pathname, status: 200, ...sizes(file) };
    state.log.push(entry);
    if (caching) {
      const stat = fs.statSync(file);
      const etag = `"${stat.size}-${stat.mtimeMs}"`;
      headers.ETag = etag;
      headers['Cache-Control'] = HASHED.test(url.pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
      if (req.headers['if-none-match'] === etag) {
        entry.status = 304;
        res.writeHead(304, headers);
        return res.end();
      }
    } else {
      headers['Cache-Control'] = 'no-cache';
    }
    const accept = req.headers['accept-encoding'] || '';
    let body = fs.readFileSync(file);
    if (/\bbr\b/.test(accept) && fs.existsSync(`${file}.br`)) {
      body = fs.readFileSync(`${file}.br`); headers['Content-Encoding'] = 'br';
    } else if (/\bgzip\b/.test(accept) && fs.existsSync(`${file}.gz`)) {
      body = fs.readFileSync(`${file}.gz`); headers['Content-Encoding'] = 'gzip';
    } else if (/\bgzip\b/.test(accept) && TEXT.test(file)) {
      body = zlib.gzipSync(body, { level: 9 }); headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    if (caching) headers.Vary = 'Accept-Encoding';
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${server.address().port}`;
  state.close = () => server.close();
  return state;
}

// Headless Chromium: /usr/bin/chromium, or the one KN_CHROMIUM names.
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.KN_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
}
