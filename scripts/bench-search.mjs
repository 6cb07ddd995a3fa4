// Search benchmark on a built site (run by scripts/bench-search, which builds the corpus).
//
//   node scripts/bench-search.mjs SITE_DIR [--pagefind DIR_WITH_PAGEFIND_BIN]
//
// Measures, in headless Chromium against a local server on 127.0.0.1:
// - the bytes of the first query with a cold cache (HTML, CSS, JS, module, index parts),
//   and of a first query on a later visit with the module and page cached (warm);
// - query latency (submit → results shown) over 50 queries: median and p95.
// Every request is accounted raw, gzip and brotli (the precompressed files the build wrote,
// or the file compressed at top quality), whatever Chromium negotiated, so both engines
// are compared with the same compression. An index chunk (*.knc) with a .gz but no .br
// counts the .gz as its brotli size (what a brotli client is sent); Pagefind's index files
// and module are gzip at rest and count as they are. These rules, the server and the
// browser launch are shared with scripts/bench-compare.d/query-bytes.mjs in
// scripts/bench-lib.mjs. Prints a Markdown table and writes it to bench-out/search.md.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { CSP, launchChromium, repo, serve, sizes } from './bench-lib.mjs';

const require = createRequire(import.meta.url);

const siteDir = path.resolve(process.argv[2] || '');
const withPagefind = process.argv.includes('--pagefind');
if (!fs.existsSync(path.join(siteDir, 'sok', 'manifest.json'))) {
  console.error(`usage: node scripts/bench-search.mjs SITE_DIR   (${siteDir} has no sok/manifest.json)`);
  process.exit(2);
}

// The server: precompressed files where the build wrote them, caching like a CDN would
// (hashed names immutable, the rest revalidated), the CSP on our pages (not Pagefind's),
// and a log (404s not logged).
const server = await serve(siteDir, { csp: (p) => (p.startsWith('/pagefind') ? null : CSP), caching: true });
const origin = server.origin;

function category(p) {
  if (/\.wasm$|\/pagefind\/.*wasm/.test(p)) return 'module';
  if (/\/sok\/(manifest\.json|index\.)|\/pagefind\/(pagefind-entry\.json|.*\.pf_(meta|index|filter))/.test(p)) return 'index';
  if (/\.pf_fragment$|\.knc$/.test(p)) return p.endsWith('.pf_fragment') ? 'results' : 'index';
  return 'page';
}

function account(entries) {
  const total = { raw: 0, gz: 0, br: 0, requests: 0 };
  const by = {};
  for (const e of entries) {
    if (e.status !== 200) { total.requests += 1; continue; }
    const c = (by[category(e.path)] ||= { raw: 0, gz: 0, br: 0, requests: 0 });
    for (const k of ['raw', 'gz', 'br']) { c[k] += e[k]; total[k] += e[k]; }
    c.requests += 1;
    total.requests += 1;
  }
  return { total, by };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };

const QUERIES = [
  'människohandel', 'exploatering', 'arbetskraft', 'myndigheten', 'rapporten', 'brottsoffer', 'polisen',
  'regionkoordinatorerna', 'anmälningar', 'domstolen', 'utsatta', 'stöd', 'skydd', 'arbetsgivare',
  'bärplockning', 'byggbranschen', 'städbranschen', 'tingsrätten', 'hovrätten', 'åklagaren', 'samverkan',
  'insatser', 'kunskap', 'identifiering', 'socialtjänsten', 'barn', 'kvinnor', 'statistiken',
  'människoexploatering', 'tvångsarbete', 'polisen stöd', 'barn skydd', 'domstolen hovrätten',
  'arbetskraftsexploatering', 'människohandeln', 'brottsoffren', 'exploat', 'bärplo', 'tingsr',
  'manniskohandel', 'exploaterimg', 'samverkn', '"stöd och skydd"', 'kvinnor -barn', 'socialtjänst',
  'myndigheterna', 'rapport', 'insats', 'identifierng', 'åklagare',
];

const browser = await launchChromium();

async function ours() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const ready = async () => page.waitForFunction(() => {
    const p = document.querySelector('.search-page');
    const s = document.querySelector('.search-status').textContent;
    return p.getAttribute('aria-busy') !== 'true' && /träff/.test(s);
  }, null, { timeout: 60000 });
  // Cold: empty cache, the visitor opens /sok/ and types a query.
  server.log = [];
  const t0 = Date.now();
  await page.goto(`${origin}/sok/`);
  await page.locator('#sok-fraga').focus();
  await page.keyboard.type('människohandel');
  await ready();
  const coldMs = Date.now() - t0;
  const cold = account(server.log);
  const coldChunks = server.log.filter((e) => e.path.endsWith('.knc')).length;
  if (process.env.KN_BENCH_VERBOSE) for (const e of server.log) console.log(`  ${e.status} ${e.path} raw ${e.raw} gz ${e.gz} br ${e.br}`);
  // Warm: a later visit, same browser (module, page and head cached), another query.
  server.log = [];
  const page2 = await context.newPage();
  await page2.goto(`${origin}/sok/`);
  await page2.locator('#sok-fraga').focus();
  await page2.keyboard.type('arbetsgivare');
  await page2.waitForFunction(() => /träff/.test(document.querySelector('.search-status').textContent) && document.querySelector('.search-page').getAttribute('aria-busy') !== 'true', null, { timeout: 60000 });
  const warm = account(server.log);
  // Latency: submit → results rendered, in the page's own clock; first with the index
  // parts each query needs still to fetch, then again with them in memory.
  const measure = (query) => page2.evaluate(async (query) => {
      const input = document.querySelector('#sok-fraga');
      const pageEl = document.querySelector('.search-page');
      input.value = query;
      const t = performance.now();
      const done = new Promise((resolve) => {
        const obs = new MutationObserver(() => {
          if (pageEl.getAttribute('aria-busy') !== 'true') { obs.disconnect(); resolve(); }
        });
        obs.observe(pageEl, { attributes: true, attributeFilter: ['aria-busy'] });
      });
      input.form.requestSubmit();
      await done;
      return performance.now() - t;
    }, query);
  const times = [];
  for (const q of QUERIES) times.push(await measure(q));
  const again = [];
  for (const q of QUERIES) again.push(await measure(q));
  await context.close();
  return { cold, warm, coldMs, coldChunks, times, again };
}

async function pagefind() {
  fs.mkdirSync(path.join(siteDir, 'pagefind-bench'), { recursive: true });
  fs.writeFileSync(path.join(siteDir, 'pagefind-bench', 'index.html'), '<!doctype html><html lang="sv"><title>Pagefind</title><p>bench</p></html>');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/pagefind-bench/`);
  const run = (p, q) => p.evaluate(async (query) => {
    const t = performance.now();
    window.pf ||= await import('/pagefind/pagefind.js');
    await window.pf.init();
    const search = await window.pf.search(query);
    const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    return { ms: performance.now() - t, n: search.results.length, first: data[0] && data[0].url };
  }, q);
  server.log = [];
  const first = await run(page, 'människohandel');
  const cold = account(server.log);
  server.log = [];
  const page2 = await context.newPage();
  await page2.goto(`${origin}/pagefind-bench/`);
  await run(page2, 'arbetsgivare');
  const warm = account(server.log);
  const times = [];
  for (const q of QUERIES) times.push((await run(page2, q.replace(/["-]/g, ''))).ms);
  await context.close();
  return { cold, warm, times, first };
}

// Index build time: the pages' text (from the built HTML) indexed by the same writer
// (crates/search/examples/write-index, release build), best of three.
function indexBuild() {
  const bin = process.env.KN_WRITE_INDEX;
  if (!bin) return null;
  const docs = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && !['sok', 'pagefind', 'pagefind-bench'].includes(e.name)) walk(full);
      else if (e.name === 'index.html') {
        const html = fs.readFileSync(full, 'utf8');
        const main = (/<main[^>]*>([\s\S]*)<\/main>/.exec(html) || [])[1] || '';
        const text = (h) => h.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ').replace(/\s+/g, ' ').trim();
        const title = text((/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(main) || [])[1] || '');
        const headings = [...main.matchAll(/<h[23][^>]*>([\s\S]*?)<\/h[23]>/g)].map((m) => text(m[1]));
        docs.push({ url: `/${path.relative(siteDir, dir)}/`, title, kind: 'artikel', headings, body: text(main) });
      }
    }
  })(siteDir);
  const json = path.join(repo, 'bench-out', 'search-docs.json');
  fs.writeFileSync(json, JSON.stringify(docs));
  const out = path.join(repo, 'bench-out', 'search-index');
  let best = Infinity;
  for (let i = 0; i < 3; i += 1) {
    fs.rmSync(out, { recursive: true, force: true });
    const t = process.hrtime.bigint();
    const r = require('node:child_process').spawnSync(bin, [json, out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`write-index failed: ${r.stderr}`);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { docs: docs.length, ms: best };
}

const built = indexBuild();
const ourResult = await ours();
const pfResult = withPagefind && fs.existsSync(path.join(siteDir, 'pagefind', 'pagefind.js')) ? await pagefind() : null;
await browser.close();
server.close();

const manifest = JSON.parse(fs.readFileSync(path.join(siteDir, 'sok', 'manifest.json'), 'utf8'));
const chunkDir = path.join(siteDir, 'sok', manifest.chunks);
const chunkFiles = fs.readdirSync(chunkDir).filter((f) => f.endsWith('.knc'));
const index = { raw: 0, gz: 0, br: 0 };
for (const f of [path.join(siteDir, 'sok', manifest.index), ...chunkFiles.map((c) => path.join(chunkDir, c))]) {
  const s = sizes(f);
  for (const k of ['raw', 'gz', 'br']) index[k] += s[k];
}
const head = sizes(path.join(siteDir, 'sok', manifest.index));
const module = sizes(path.join(siteDir, 'sok', manifest.module));

const lines = [];
if (built) lines.push(`Index build (${built.docs} pages, analysis + tantivy + head and chunks, no compression): ${(built.ms / 1000).toFixed(2)} s, best of 3.`);
const row = (...cells) => lines.push(`| ${cells.join(' | ')} |`);
lines.push(`Site: ${manifest.documents} pages. Index: ${kb(index.raw)} raw, ${kb(index.gz)} gzip, ${kb(index.br)} brotli in ${chunkFiles.length} chunks + a ${kb(head.raw)} head (${kb(head.br)} br). Module: ${kb(module.raw)} raw, ${kb(module.gz)} gzip, ${kb(module.br)} brotli.`);
lines.push('');
row('first query', 'requests', 'raw', 'gzip', 'brotli', 'of which module (br)', 'index parts (br)', 'page (br)');
row('---', '---:', '---:', '---:', '---:', '---:', '---:', '---:');
const show = (name, a) => row(name, a.total.requests, kb(a.total.raw), kb(a.total.gz), kb(a.total.br),
  kb((a.by.module || {}).br || 0), kb(((a.by.index || {}).br || 0) + ((a.by.results || {}).br || 0)), kb((a.by.page || {}).br || 0));
show('kunskapsnav, cold', ourResult.cold);
show('kunskapsnav, warm (module cached)', ourResult.warm);
if (pfResult) {
  show('Pagefind 1.6, cold', pfResult.cold);
  show('Pagefind 1.6, warm', pfResult.warm);
}
lines.push('');
row('query latency in the browser (50 queries)', 'median', 'p95');
row('---', '---:', '---:');
row('kunskapsnav (submit → results shown, 10 hits with snippets)', `${median(ourResult.times).toFixed(1)} ms`, `${p95(ourResult.times).toFixed(1)} ms`);
row('kunskapsnav, the same queries again (index parts in memory)', `${median(ourResult.again).toFixed(1)} ms`, `${p95(ourResult.again).toFixed(1)} ms`);
if (pfResult) row('Pagefind 1.6 (search + data of 10 results)', `${median(pfResult.times).toFixed(1)} ms`, `${p95(pfResult.times).toFixed(1)} ms`);
lines.push('');
lines.push(`Cold first query took ${ourResult.coldMs} ms end to end on 127.0.0.1 and fetched ${ourResult.coldChunks} of ${chunkFiles.length} chunks.`);
const out = lines.join('\n');
console.log(out);
fs.mkdirSync(path.join(repo, 'bench-out'), { recursive: true });
fs.writeFileSync(path.join(repo, 'bench-out', 'search.md'), `${out}\n`);
