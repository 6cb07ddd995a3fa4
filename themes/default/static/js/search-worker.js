// Runs kunskapsnav's search module (Rust compiled to WebAssembly) off the main thread.
// Messages in: {type: "query", id, q, filters, limit}. Out: {type: "results", id, results}
// or {type: "error", id, message}. The module and index are fetched on the first query.
'use strict';

let ready = null; // Promise of the module's exports, once loading has started.
const enc = new TextEncoder();
const dec = new TextDecoder();

function readResult(kn) {
  const bytes = new Uint8Array(kn.memory.buffer, kn.kn_result_ptr(), kn.kn_result_len());
  return JSON.parse(dec.decode(bytes));
}

function put(kn, bytes) {
  const ptr = kn.kn_alloc(bytes.length);
  new Uint8Array(kn.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

async function fetchBytes(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function load(manifestUrl) {
  const manifestResponse = await fetch(manifestUrl, { cache: 'no-cache' });
  if (!manifestResponse.ok) throw new Error(`sökindexet saknas (${manifestResponse.status})`);
  const manifest = await manifestResponse.json();
  const base = new URL(manifestUrl, self.location.href);
  const [wasm, index] = await Promise.all([
    fetchBytes(new URL(manifest.module, base)),
    fetchBytes(new URL(manifest.index, base)),
  ]);
  const { instance } = await WebAssembly.instantiate(wasm, {});
  const kn = instance.exports;
  if (kn.kn_load(put(kn, index), index.length) !== 0) {
    throw new Error(readResult(kn).error || 'sökindexet kunde inte läsas');
  }
  return kn;
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.type !== 'query') return;
  try {
    if (!ready) ready = load(msg.manifest);
    const kn = await ready;
    const request = enc.encode(JSON.stringify({ q: msg.q, filters: msg.filters || [], limit: msg.limit || 20 }));
    const ptr = put(kn, request);
    const rc = kn.kn_search(ptr, request.length);
    kn.kn_free(ptr, request.length);
    const result = readResult(kn);
    if (rc !== 0) throw new Error(result.error || 'sökningen misslyckades');
    self.postMessage({ type: 'results', id: msg.id, results: result });
  } catch (err) {
    // A trap leaves the instance unusable: start afresh on the next query.
    ready = null;
    self.postMessage({ type: 'error', id: msg.id, message: String(err && err.message || err) });
  }
};
