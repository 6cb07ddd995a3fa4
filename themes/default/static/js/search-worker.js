// Runs kunskapsnav's search module (Rust compiled to WebAssembly) off the main thread.
// In:  {type: "query", id, manifest, q, filters, limit, offset}
// Out: {type: "results", id, results, bytes} or {type: "error", id, code, message}
//      (code: "missing" index or module, "damaged", "network", "failed").
// The module and the index head are fetched on the first query; after that each query
// downloads only the index chunks it reports missing, all of a round at once
// (docs/search-index.md).
'use strict';

const FETCH_TIMEOUT_MS = 20000;
const MAX_ROUNDS = 12;
let ready = null; // Promise of {kn, chunkBase}, once loading has started.
const enc = new TextEncoder();
const dec = new TextDecoder();

// A problem for the visitor (Swedish `message`) with a technical `detail` for the console.
class SearchFailure extends Error {
  constructor(code, message, detail = '') {
    super(message);
    this.code = code;
    this.detail = detail;
  }
}

function readResult(kn) {
  const bytes = new Uint8Array(kn.memory.buffer, kn.kn_result_ptr(), kn.kn_result_len());
  return JSON.parse(dec.decode(bytes));
}

function put(kn, bytes) {
  const ptr = kn.kn_alloc(bytes.length);
  new Uint8Array(kn.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

async function get(url, what) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
  try {
    const response = await fetch(url, { signal: controller.signal, credentials: 'same-origin' });
    if (response.status === 404) throw new SearchFailure('missing', `${what} saknas på webbplatsen`);
    if (!response.ok) throw new SearchFailure('network', `${what} kunde inte hämtas (${response.status})`);
    return response;
  } catch (err) {
    if (err instanceof SearchFailure) throw err;
    throw new SearchFailure('network', `${what} kunde inte hämtas`, String(err));
  } finally {
    clearTimeout(timer);
  }
}

async function bytesOf(url, what) {
  const response = await get(url, what);
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    throw new SearchFailure('network', `${what} kunde inte hämtas`);
  }
}

async function instantiate(url) {
  const response = await get(url, 'Sökmodulen');
  try {
    if (WebAssembly.instantiateStreaming && response.headers.get('content-type') === 'application/wasm') {
      return (await WebAssembly.instantiateStreaming(response, {})).instance;
    }
    return (await WebAssembly.instantiate(await response.arrayBuffer(), {})).instance;
  } catch (err) {
    throw new SearchFailure('damaged', 'Sökmodulen är skadad och kunde inte startas', String(err));
  }
}

async function load(manifestUrl) {
  const manifestResponse = await get(manifestUrl, 'Sökindexet');
  let manifest;
  try {
    manifest = await manifestResponse.json();
  } catch {
    throw new SearchFailure('damaged', 'Sökindexets förteckning är skadad');
  }
  const base = new URL(manifestUrl, self.location.href);
  const [instance, head] = await Promise.all([
    instantiate(new URL(manifest.module, base)),
    bytesOf(new URL(manifest.index, base), 'Sökindexet'),
  ]);
  const kn = instance.exports;
  if (kn.kn_open(put(kn, head), head.length) !== 0) {
    throw new SearchFailure('damaged', 'Sökindexet är skadat', readResult(kn).error);
  }
  return { kn, chunkBase: new URL(manifest.chunks, base) };
}

async function addChunks({ kn, chunkBase }, numbers) {
  const chunks = await Promise.all(
    numbers.map((n) => bytesOf(new URL(`${n}.knc`, chunkBase), 'En del av sökindexet')),
  );
  chunks.forEach((bytes, i) => {
    if (kn.kn_add_chunk(numbers[i], put(kn, bytes), bytes.length) !== 0) {
      throw new SearchFailure('damaged', 'Sökindexet är skadat', readResult(kn).error);
    }
  });
}

async function search(index, request) {
  const { kn } = index;
  for (let round = 0; round <= MAX_ROUNDS; round += 1) {
    const bytes = enc.encode(JSON.stringify(request));
    const ptr = put(kn, bytes);
    const rc = kn.kn_search(ptr, bytes.length);
    kn.kn_free(ptr, bytes.length);
    const result = readResult(kn);
    if (rc === 0) return result;
    if (rc !== 2) throw new SearchFailure('failed', 'Sökningen misslyckades', result.error);
    await addChunks(index, result.need);
  }
  throw new SearchFailure('failed', 'Sökningen behövde för många delar av indexet');
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.type !== 'query') return;
  try {
    if (!ready) ready = load(msg.manifest);
    const index = await ready;
    const results = await search(index, {
      q: msg.q,
      filters: msg.filters || [],
      limit: msg.limit || 10,
      offset: msg.offset || 0,
    });
    self.postMessage({ type: 'results', id: msg.id, results });
  } catch (err) {
    const failure = err instanceof SearchFailure
      ? err : new SearchFailure('failed', 'Sökningen misslyckades', String((err && err.message) || err));
    if (failure.detail) console.warn(`kunskapsnav search: ${failure.detail}`);
    // Start afresh on the next query unless the index itself is missing or damaged
    // (a WebAssembly trap also leaves the instance unusable).
    if (failure.code !== 'missing' && failure.code !== 'damaged') ready = null;
    self.postMessage({ type: 'error', id: msg.id, code: failure.code, message: failure.message });
  }
};
