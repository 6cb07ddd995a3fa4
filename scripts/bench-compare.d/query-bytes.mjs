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
// top quality here. An index chunk (*.knc) with a .gz but no .br counts the .gz in the
// brotli column (a brotli-capable server sends the .gz). Pagefind's index files and module
// are gzip at rest and count as stored, in all three columns. These rules, the server and
// the browser launch are in scripts/bench-lib.mjs, shared with scripts/bench-search.mjs.
//
// Prints one line per engine on standard output, `key=value` pairs (bytes; ms is the time
// from opening /sok/ to the results shown, on 127.0.0.1; hits is the count the page shows):
//   engine=kunskapsnav requests=27 raw=… gz=… br=… module_br=… index_br=… page_br=… ms=… hits=…
// where module is the WebAssembly module, index the index files (for Pagefind: its
// metadata, index chunks and the results' fragments), page the search page, CSS and JS.
import fs from 'node:fs';
import path from 'node:path';
import { CSP, launchChromium, serve } from '../bench-lib.mjs';

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

const browser = await launchChromium();

async function measure(engine, siteDir, csp, search) {
  // A fresh server per site: no-cache, no validators, the CSP only on our site, 404s logged.
  const server = await serve(siteDir, { csp, logMissing: true });
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
