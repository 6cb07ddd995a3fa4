// Round trip: an index written natively (the write-index example), read by the
// WebAssembly module. The module is built with bitpacking's compact code paths (see
// Cargo.toml), so this checks that the postings and positions it decodes are those the
// native writer encoded: exact totals of words on 600 generated pages (bitpacked blocks of
// 128 documents and the variable-length tail) and of a phrase.
// Usage: node roundtrip.mjs <module.wasm> <write-index binary>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [wasmPath, writer] = process.argv.slice(2);
if (!wasmPath || !writer) {
  console.error('usage: node roundtrip.mjs <module.wasm> <write-index binary>');
  process.exit(2);
}
const N = 600;
const has = {
  alfa: (i) => i % 2 === 0,
  bravo: (i) => i % 3 === 0,
  charlie: (i) => i % 7 === 0,
};
const docs = [];
for (let i = 0; i < N; i += 1) {
  const words = Object.keys(has).filter((w) => has[w](i));
  // Repeated words give term frequencies above one, so frequencies are decoded too.
  const body = `${words.join(' ')} delta ${'delta '.repeat(i % 5)}sida ${i}`;
  docs.push({ url: `/s/${i}/`, title: `Sida ${i}`, kind: 'artikel', body });
}
const dir = mkdtempSync(join(tmpdir(), 'kn-roundtrip-'));
let failed = 0;
try {
  writeFileSync(join(dir, 'docs.json'), JSON.stringify(docs));
  execFileSync(writer, [join(dir, 'docs.json'), join(dir, 'out')], { stdio: 'ignore' });
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
  const kn = instance.exports;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const result = () => JSON.parse(dec.decode(new Uint8Array(kn.memory.buffer, kn.kn_result_ptr(), kn.kn_result_len())));
  const put = (bytes) => {
    const ptr = kn.kn_alloc(bytes.length);
    new Uint8Array(kn.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  };
  const head = readFileSync(join(dir, 'out', 'index.knsi'));
  if (kn.kn_open(put(head), head.length) !== 0) throw new Error(`open: ${JSON.stringify(result())}`);
  const search = (q) => {
    for (let round = 0; round < 12; round += 1) {
      const req = enc.encode(JSON.stringify({ q, filters: [], limit: 10 }));
      const ptr = put(req);
      const rc = kn.kn_search(ptr, req.length);
      kn.kn_free(ptr, req.length);
      const r = result();
      if (rc === 0) return r;
      if (rc !== 2) throw new Error(`${q}: ${JSON.stringify(r)}`);
      for (const n of r.need) {
        const bytes = readFileSync(join(dir, 'out', 'index', `${n}.knc`));
        if (kn.kn_add_chunk(n, put(bytes), bytes.length) !== 0) throw new Error(JSON.stringify(result()));
      }
    }
    throw new Error(`${q}: too many rounds`);
  };
  const count = (f) => docs.filter((_, i) => f(i)).length;
  const cases = [
    ['alfa ', count(has.alfa)],
    ['bravo ', count(has.bravo)],
    ['charlie ', count(has.charlie)],
    ['alfa bravo ', count((i) => has.alfa(i) && has.bravo(i))],
    ['"alfa bravo" ', count((i) => has.alfa(i) && has.bravo(i))],
    ['"bravo delta" ', count((i) => has.bravo(i) && !has.charlie(i))],
    ['delta -alfa ', count((i) => !has.alfa(i))],
  ];
  for (const [q, want] of cases) {
    const r = search(q);
    const ok = r.total === want && r.hits.length === Math.min(10, want);
    if (!ok) failed += 1;
    console.log(`${ok ? 'ok' : 'FAIL'} ${JSON.stringify(q)}: ${r.total} (want ${want})`);
  }
  // The most frequent repetitions rank first: page i has 1 + i % 5 times `delta`.
  const top = search('delta ').hits.map((h) => Number(h.url.split('/')[2]));
  const reps = top.map((i) => i % 5);
  const ranked = reps.every((r) => r === 4);
  if (!ranked) failed += 1;
  console.log(`${ranked ? 'ok' : 'FAIL'} term frequencies rank: ${reps.join(',')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
