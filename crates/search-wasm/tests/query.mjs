// Loads the search module in Node (as a browser would: no imports, raw exports), opens an
// index bundle written natively, runs queries and prints the JSON answers.
// Usage: node query.mjs <module.wasm> <index.knsi> "query" ["query" ...]
import { readFile } from 'node:fs/promises';

const [wasmPath, indexPath, ...queries] = process.argv.slice(2);
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

const index = new Uint8Array(await readFile(indexPath));
let t = performance.now();
const rc = kn.kn_load(put(index), index.length);
console.log(`load rc=${rc} ${JSON.stringify(result())} in ${(performance.now() - t).toFixed(1)} ms`);
if (rc !== 0) process.exit(1);
for (const q of queries) {
  const req = enc.encode(JSON.stringify({ q, filters: [], limit: 5 }));
  const ptr = put(req);
  t = performance.now();
  const code = kn.kn_search(ptr, req.length);
  const ms = (performance.now() - t).toFixed(2);
  kn.kn_free(ptr, req.length);
  const r = result();
  console.log(`query ${JSON.stringify(q)} rc=${code} ${ms} ms total=${r.total} message=${JSON.stringify(r.message)}`);
  for (const h of r.hits || []) console.log(`  ${h.score.toFixed(2)} ${h.url} [${h.kind}] ${h.snippet_html}`);
}
