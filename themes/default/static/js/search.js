// The search page (/sok/): results as you type, ?q= in the URL, facet filters with counts,
// the count announced in a live region. No framework, no inline script, no eval; the
// WebAssembly module and the index load (in a worker) only when the visitor searches.
const form = document.querySelector('form.search-form');
if (form) init(form);

const FACET_LABELS = {
  kind: 'Typ', court: 'Domstol', instance: 'Instans', year: 'År', provision: 'Lagrum',
  outcome: 'Utgång', exploitation: 'Ändamål', audience: 'Målgrupp',
};
const KIND_LABELS = {
  artikel: 'Artikel', 'rättsfall': 'Rättsfall', statistik: 'Statistik',
  ordlista: 'Ordlista', sida: 'Sida', lagrum: 'Lagrum',
};
const DEBOUNCE_MS = 180;

// `f=facet:value` → [facet, value] (values may contain ':', e.g. `BrB 4:1 a`).
function parseFilters(params) {
  return params.getAll('f')
    .map((f) => [f.slice(0, f.indexOf(':')), f.slice(f.indexOf(':') + 1)])
    .filter(([k, v]) => k && v);
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function init(form) {
  const input = form.querySelector('input[name="q"]');
  const page = form.closest('.search-page');
  const status = page.querySelector('.search-status');
  const list = page.querySelector('.search-results');
  const facetsBox = page.querySelector('.search-facets');
  const manifest = new URL(form.dataset.manifest, location.href).href;
  let worker = null;
  let lastId = 0;
  let timer = 0;
  let filters = []; // [facet, value] pairs

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  filters = parseFilters(params);

  function startWorker() {
    if (worker) return worker;
    worker = new Worker(form.dataset.worker);
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.id !== lastId) return; // an older query
      if (msg.type === 'error') {
        list.replaceChildren();
        status.textContent = `Sökningen fungerar inte just nu: ${msg.message}`;
        return;
      }
      render(msg.results);
    };
    worker.onerror = () => {
      status.textContent = 'Sökningen kunde inte startas. Pröva att ladda om sidan.';
      worker = null;
    };
    return worker;
  }

  function updateUrl(push) {
    const p = new URLSearchParams();
    if (input.value) p.set('q', input.value);
    for (const [k, v] of filters) p.append('f', `${k}:${v}`);
    const url = `${location.pathname}${p.toString() ? `?${p}` : ''}`;
    if (url === `${location.pathname}${location.search}`) return;
    history[push ? 'pushState' : 'replaceState']({ q: input.value }, '', url);
  }

  function run(push) {
    updateUrl(push);
    const q = input.value;
    if (!q.trim() && filters.length === 0) {
      list.replaceChildren();
      facetsBox.hidden = true;
      status.textContent = '';
      return;
    }
    status.textContent = 'Söker …';
    lastId += 1;
    startWorker().postMessage({ type: 'query', id: lastId, manifest, q, filters, limit: 30 });
  }

  function render(r) {
    list.replaceChildren();
    for (const hit of r.hits) {
      const li = el('li', { class: `search-hit kind-${hit.kind}` });
      const h = el('h2');
      h.append(el('a', { href: hit.url }, hit.title));
      li.append(h, el('p', { class: 'search-kind' }, KIND_LABELS[hit.kind] || hit.kind));
      const snippet = el('p', { class: 'search-snippet' });
      // The snippet is HTML-escaped by the search module, with <mark> around matches only.
      snippet.innerHTML = hit.snippet_html;
      li.append(snippet);
      list.append(li);
    }
    renderFacets(r.facets || {});
    const n = r.total;
    const count = n === 0 ? 'Inga träffar' : n === 1 ? '1 träff' : `${n.toLocaleString('sv-SE')} träffar`;
    status.textContent = r.message ? `${count}. ${r.message}` : `${count}.`;
  }

  function renderFacets(facets) {
    facetsBox.replaceChildren();
    for (const [name, values] of Object.entries(facets)) {
      if (!values.length) continue;
      const fieldset = el('fieldset', { class: `search-facet facet-${name}` });
      fieldset.append(el('legend', {}, FACET_LABELS[name] || name));
      for (const [value, count] of values.slice(0, 12)) {
        const id = `facet-${name}-${value}`.replace(/[^a-zA-Z0-9_-]/g, '_');
        const box = el('input', { type: 'checkbox', id, value });
        box.checked = filters.some(([k, v]) => k === name && v === value);
        box.addEventListener('change', () => {
          filters = filters.filter(([k, v]) => !(k === name && v === value));
          if (box.checked) filters.push([name, value]);
          run(true);
        });
        const label = el('label', { for: id }, `${name === 'kind' ? (KIND_LABELS[value] || value) : value} (${count})`);
        const row = el('div', { class: 'facet-value' });
        row.append(box, label);
        fieldset.append(row);
      }
      facetsBox.append(fieldset);
    }
    facetsBox.hidden = facetsBox.childElementCount === 0;
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(false), DEBOUNCE_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(true);
  });
  window.addEventListener('popstate', () => {
    const p = new URLSearchParams(location.search);
    input.value = p.get('q') || '';
    filters = parseFilters(p);
    run(false);
  });
  if (input.value || filters.length) run(false);
}
