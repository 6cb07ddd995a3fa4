// Loads the search module in Node (as a browser would: no imports, raw exports), opens an
// index head written natively, runs queries — adding the chunks each one asks for, as the
// browser's worker does — and prints the JSON answers and what was read.
// Usage: node query.mjs <module.wasm> <dir/index.knsi> "query" ["query" ...]
//        (write the index with: cargo run -p kunskapsnav-search --features writer
//         --example write-index -- docs.json dir/)
import { readFile } from 'node:fs/promises';

const [wasmPath, headPath, ...queries] = process.argv.slice(2);
const chunkDir = headPath.replace(/\.knsi$/, '');
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {});
const kn = instance.exports;
const enc = new TextEncoder();
const dec = new TextDecoder();
const result = () => JSON.parse(dec.decode(new Uint8Array(kn.memory.buffer, kn.kn_result_ptr(), kn.kn_result_len())));
const put = (bytes) => {
  const ptr = kn.kn_alloc(bytes.length);
  new Uint8Array(kn.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
};

const head = new Uint8Array(await readFile(headPath));
let t = performance.now();
const rc = kn.kn_open(put(head), head.length);
console.log(`open rc=${rc} ${JSON.stringify(result())} head=${head.length} B in ${(performance.now() - t).toFixed(1)} ms`);
if (rc !== 0) process.exit(1);
for (const q of queries) {
  const req = enc.encode(JSON.stringify({ q, filters: [], limit: 5 }));
  let rounds = 0;
  let bytes = 0;
  t = performance.now();
  let code;
  for (;;) {
    const ptr = put(req);
    code = kn.kn_search(ptr, req.length);
    kn.kn_free(ptr, req.length);
    if (code !== 2) break;
    rounds += 1;
    for (const n of result().need) {
      const chunk = new Uint8Array(await readFile(`${chunkDir}/${n}.knc`));
      bytes += chunk.length;
      if (kn.kn_add_chunk(n, put(chunk), chunk.length) !== 0) {
        console.log(`chunk ${n}: ${JSON.stringify(result())}`);
        process.exit(1);
      }
    }
  }
  const ms = (performance.now() - t).toFixed(2);
  const r = result();
  console.log(`query ${JSON.stringify(q)} rc=${code} ${ms} ms, ${rounds} rounds, ${bytes} B of chunks; total=${r.total} message=${JSON.stringify(r.message)}`);
  for (const h of r.hits || []) console.log(`  ${h.score.toFixed(2)} ${h.url} [${h.kind}] ${h.snippet_html}`);
}
