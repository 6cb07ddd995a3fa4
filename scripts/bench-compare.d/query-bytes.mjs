// Bytes a browser downloads for one search, cold (empty cache), for scripts/bench-compare:
//
//   node scripts/bench-compare.d/query-bytes.mjs OURS_SITE [HUGO_SITE] [--query WORD]
//
// OURS_SITE is a kunskapsnav build (has sok/manifest.json); HUGO_SITE is the Hugo output
// with Pagefind's index (has pagefind/pagefind-ui.js and the /sok/ page that the bench
// theme writes). For each, headless Chromium (/usr/bin/chromium, or KN_CHROMIUM) opens
// /sok/ on a local server on 127.0.0.1 with an empty cache, types the query, waits until
// the results are shown (kunskapsnav: its 10 hits with snippets; Pagefind's default UI:
// its first page of results, set to 10 by the theme, with their titles and excerpts) and
// until the network has been idle for 0.5 s, and counts every request: the search page
// itself, CSS, JS, the WebAssembly module and index files.
//
// Each file is counted raw, gzip and brotli, whatever Chromium negotiated: the
// precompressed .gz/.br siblings where the build wrote them, else the file compressed at
// top quality here. Pagefind's index files are gzip at rest and count as stored, in all
// three columns. (Same rules as scripts/bench-search.mjs.)
//
// Prints one line per engine on standard output, `key=value` pairs (bytes; ms is the time
// from opening /sok/ to the results shown, on 127.0.0.1; hits is the count the page shows):
//   engine=kunskapsnav requests=27 raw=… gz=… br=… module_br=… index_br=… page_br=… ms=… hits=…
// where module is the WebAssembly module, index the index files (for Pagefind: its
// metadata, index chunks and the results' fragments), page the search page, CSS and JS.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const { chromium } = require(path.join(repo, 'tests/browser/node_modules/playwright-core'));

const args = process.argv.slice(2);
let query = 'människohandel';
const sites = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--query') query = args[(i += 1)];
  else sites.push(path.resolve(args[i]));
}
const [oursDir, hugoDir] = sites;
if (!oursDir || !fs.existsSync(path.join(oursDir, 'sok', 'manifest.json'))) {
  console.error('usage: node query-bytes.mjs OURS_SITE [HUGO_SITE] [--query WORD]');
  process.exit(2);
}
if (hugoDir && !fs.existsSync(path.join(hugoDir, 'pagefind', 'pagefind-ui.js'))) {
  console.error(`${hugoDir} has no pagefind/pagefind-ui.js: run pagefind --site on it first`);
  process.exit(2);
}

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
};
const TEXT = /\.(html|css|js|json|svg|xml)$/;

const sizeCache = new Map();
function sizes(file) {
  if (sizeCache.has(file)) return sizeCache.get(file);
  const raw = fs.readFileSync(file);
  // Pagefind's index, fragments and module are gzip at rest.
  const gzAtRest = /\/pagefind\/.*\.(pf_\w+|pagefind)$/.test(file);
  const sib = (ext) => (fs.existsSync(file + ext) ? fs.statSync(file + ext).size : null);
  let gz = sib('.gz');
  let br = sib('.br');
  const compressible = !gzAtRest && (TEXT.test(file) || /\.(wasm|knsi|knc)$/.test(file));
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

// A static server for one site: precompressed siblings where they exist, the CSP of our
// pages when asked, and a log of every request.
async function serve(siteDir, csp) {
  const state = { log: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(siteDir, decodeURIComponent(url.pathname));
    if (!file.startsWith(siteDir)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { state.log.push({ path: url.pathname, status: 404 }); res.writeHead(404); return res.end(); }
    const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
    if (csp) headers['Content-Security-Policy'] = csp;
    state.log.push({ path: url.pathname, status: 200, ...sizes(file) });
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
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${server.address().port}`;
  state.close = () => server.close();
  return state;
}

function category(p) {
  if (/\.wasm$|\/pagefind\/wasm\./.test(p)) return 'module';
  if (/\/sok\/(manifest\.json|index\.)|\.knc$|\/pagefind\/(pagefind-entry\.json|.*\.pf_(meta|index|filter|fragment))/.test(p)) return 'index';
  return 'page';
}

function account(entries) {
  const total = { requests: 0, raw: 0, gz: 0, br: 0 };
  const by = {};
  for (const e of entries) {
    total.requests += 1;
    if (e.status !== 200) continue;
    const c = (by[category(e.path)] ||= { requests: 0, raw: 0, gz: 0, br: 0 });
    c.requests += 1;
    for (const k of ['raw', 'gz', 'br']) { c[k] += e[k]; total[k] += e[k]; }
  }
  return { ...total, by };
}

const browser = await chromium.launch({
  executablePath: process.env.KN_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});

async function measure(engine, siteDir, csp, search) {
  const server = await serve(siteDir, csp);
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${server.origin}/sok/`);
  const hits = await search(page);
  const ms = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  const a = account(server.log);
  const br = (c) => (a.by[c] || { br: 0 }).br;
  if (process.env.KN_BENCH_VERBOSE) {
    for (const e of server.log) console.error(`  ${engine} ${e.status} ${e.path} raw ${e.raw} gz ${e.gz} br ${e.br}`);
  }
  await context.close();
  server.close();
  console.log(`engine=${engine} requests=${a.requests} raw=${a.raw} gz=${a.gz} br=${a.br} module_br=${br('module')} index_br=${br('index')} page_br=${br('page')} ms=${ms} hits=${hits}`);
}

await measure('kunskapsnav', oursDir, CSP, async (page) => {
  await page.locator('#sok-fraga').focus();
  await page.keyboard.type(query);
  await page.waitForFunction(() => {
    const p = document.querySelector('.search-page');
    const s = document.querySelector('.search-status').textContent;
    return p.getAttribute('aria-busy') !== 'true' && /träff/.test(s);
  }, null, { timeout: 120000 });
  return page.evaluate(() => Number((document.querySelector('.search-status').textContent.match(/\d[\d\s]*/) || ['0'])[0].replace(/\s/g, '')));
});

if (hugoDir) {
  await measure('pagefind', hugoDir, null, async (page) => {
    const input = page.locator('.pagefind-ui__search-input');
    await input.waitFor({ timeout: 60000 });
    await input.focus();
    await page.keyboard.type(query);
    // The message ("N resultat för …") comes with the result list; results fill in as
    // their fragments arrive. Done when the shown page of results all has titles.
    await page.waitForFunction(() => {
      const m = document.querySelector('.pagefind-ui__message');
      if (!m || !/\d/.test(m.textContent)) return false;
      const n = Number(m.textContent.match(/\d[\d\s,.]*/)[0].replace(/[\s,.]/g, ''));
      const shown = document.querySelectorAll('.pagefind-ui__result').length;
      const loaded = document.querySelectorAll('.pagefind-ui__result-link').length;
      return shown === Math.min(n, 10) && loaded === shown;
    }, null, { timeout: 120000 });
    return page.evaluate(() => Number(document.querySelector('.pagefind-ui__message').textContent.match(/\d[\d\s,.]*/)[0].replace(/[\s,.]/g, '')));
  });
}

await browser.close();
