// The search page (/sok/): results as you type, ?q= and filters in the URL (shareable, the
// back button works), facet filters with counts, the count announced in a live region.
// No framework, no inline script or style, no eval, nothing stored in the browser. The
// WebAssembly module and the index load in a worker only when the visitor searches.
const FACET_LABELS = {
  kind: 'Typ av sida', court: 'Domstol', instance: 'Instans', year: 'År', provision: 'Lagrum',
  outcome: 'Utgång', exploitation: 'Ändamål', audience: 'Målgrupp',
};
const KIND_LABELS = {
  artikel: 'Artikel', 'rättsfall': 'Rättsfall', statistik: 'Statistik',
  ordlista: 'Ordlista', sida: 'Sida', lagrum: 'Lagrum',
};
const DEBOUNCE_MS = 200;
const PAGE = 10;
const MAX_CHARS = 1000; // the module reads 500 and says so when a query is longer
const MAX_FACET_VALUES = 12;
const WATCHDOG_MS = 45000;

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

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);

// The module's snippet is HTML-escaped text with <mark> around matches. Build it as DOM
// nodes rather than trusting it as HTML.
function snippetNodes(html) {
  const out = [];
  let marked = false;
  for (const part of html.split(/(<\/?mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) out.push(marked ? el('mark', {}, unescape(part)) : document.createTextNode(unescape(part)));
  }
  return out;
}

function countText(n) {
  if (n === 0) return 'Inga träffar';
  if (n === 1) return '1 träff';
  return `${n.toLocaleString('sv-SE')} träffar`;
}

function init(form) {
  const input = form.querySelector('input[name="q"]');
  const page = form.closest('.search-page');
  const status = page.querySelector('.search-status');
  const problem = page.querySelector('.search-problem');
  const list = page.querySelector('.search-results');
  const more = page.querySelector('.search-more');
  const facetsBox = page.querySelector('.search-facets');
  const facetList = page.querySelector('.search-facet-list');
  const facetsLink = page.querySelector('.search-facets-link');
  const manifest = new URL(form.dataset.manifest, location.href).href;
  let worker = null;
  let lastId = 0;
  let timer = 0;
  let watchdog = 0;
  let typing = false; // a typing burst replaces its own history entry
  let filters = [];
  let shown = 0;
  let pendingAppend = false;
  let loaded = false; // the module and index answered once

  function readUrl() {
    const params = new URLSearchParams(location.search);
    input.value = (params.get('q') || '').slice(0, MAX_CHARS);
    filters = parseFilters(params);
  }

  function startWorker() {
    if (worker) return worker;
    worker = new Worker(form.dataset.worker);
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.id !== lastId) return; // an answer to an older query
      clearTimeout(watchdog);
      page.removeAttribute('aria-busy');
      if (msg.type === 'error') fail(msg.code, msg.message);
      else render(msg.results);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      worker = null;
      clearTimeout(watchdog);
      fail('failed', 'Sökfunktionen kunde inte starta');
    };
    return worker;
  }

  function fail(code, detail) {
    list.replaceChildren();
    more.hidden = true;
    facetsBox.hidden = true;
    facetsLink.hidden = true;
    page.removeAttribute('aria-busy');
    const advice = code === 'network'
      ? 'Kontrollera anslutningen och försök igen.'
      : 'Försök igen senare.';
    status.textContent = `Sökningen fungerar inte just nu: ${detail}. ${advice}`;
    problem.hidden = false;
  }

  function updateUrl(push) {
    const p = new URLSearchParams();
    if (input.value) p.set('q', input.value.slice(0, MAX_CHARS));
    for (const [k, v] of filters) p.append('f', `${k}:${v}`);
    const query = p.toString();
    const url = `${location.pathname}${query ? `?${query}` : ''}`;
    if (url === `${location.pathname}${location.search}`) return;
    history[push ? 'pushState' : 'replaceState'](null, '', url);
  }

  function send(offset) {
    lastId += 1;
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      lastId += 1; // ignore a late answer
      fail('network', 'den svarar inte');
    }, WATCHDOG_MS);
    page.setAttribute('aria-busy', 'true');
    startWorker().postMessage({
      type: 'query', id: lastId, manifest, q: input.value.slice(0, MAX_CHARS), filters,
      limit: PAGE, offset,
    });
  }

  // Searches for the input and filters; `push` adds a history entry.
  function run(push) {
    updateUrl(push);
    problem.hidden = true;
    if (!input.value.trim() && filters.length === 0) {
      clearTimeout(watchdog);
      lastId += 1;
      list.replaceChildren();
      more.hidden = true;
      facetsBox.hidden = true;
      facetsLink.hidden = true;
      page.removeAttribute('aria-busy');
      status.textContent = input.value ? 'Skriv ett eller flera sökord.' : '';
      return;
    }
    if (!loaded) status.textContent = 'Laddar sökningen …';
    pendingAppend = false;
    send(0);
  }

  function render(r) {
    loaded = true;
    const append = pendingAppend;
    pendingAppend = false;
    if (!append) {
      list.replaceChildren();
      shown = 0;
    }
    let firstNew = null;
    for (const hit of r.hits || []) {
      const li = el('li', { class: 'search-hit' });
      const h = el('h2');
      const a = el('a', { href: hit.url }, hit.title);
      h.append(a);
      firstNew = firstNew || a;
      const kind = el('p', { class: 'search-kind' }, KIND_LABELS[hit.kind] || hit.kind);
      const snippet = el('p', { class: 'search-snippet' });
      snippet.append(...snippetNodes(hit.snippet_html || ''));
      li.append(h, kind, snippet);
      list.append(li);
      shown += 1;
    }
    more.hidden = shown >= r.total;
    if (append && firstNew) firstNew.focus();
    if (!append) renderFacets(r.facets || {});
    const q = input.value.trim();
    let text = countText(r.total);
    if (q) text += ` för ”${q.length > 60 ? `${q.slice(0, 60)} …` : q}”`;
    if (append) text = `Visar ${shown} av ${r.total.toLocaleString('sv-SE')} träffar`;
    // A "did you mean": the message's last sentence, with the corrected query as a link.
    const ask = r.suggestion ? `Menade du ”${r.suggestion}”?` : '';
    let message = r.message || '';
    if (ask && message.endsWith(ask)) message = message.slice(0, -ask.length).trim();
    status.textContent = message ? `${text}. ${message}` : `${text}.`;
    if (ask) {
      const link = el('a', { href: `?q=${encodeURIComponent(r.suggestion)}`, class: 'search-suggestion' }, r.suggestion);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        input.value = r.suggestion;
        run(true);
      });
      status.append(' Menade du ', link, '?');
    }
  }

  function renderFacets(facets) {
    // Keep keyboard focus on the checkbox just used (the boxes are built anew).
    const active = document.activeElement;
    const keep = facetsBox.contains(active) && active.dataset.facet
      ? [active.dataset.facet, active.value] : null;
    facetList.replaceChildren();
    let index = 0;
    for (const name of Object.keys(FACET_LABELS)) {
      const counts = new Map((facets[name] || []).slice(0, MAX_FACET_VALUES));
      // A chosen value stays visible (with its count) so it can be unchosen.
      for (const [k, v] of filters) if (k === name && !counts.has(v)) counts.set(v, 0);
      if (counts.size === 0) continue;
      const fieldset = el('fieldset', { class: 'search-facet' });
      fieldset.append(el('legend', {}, FACET_LABELS[name]));
      for (const [value, count] of counts) {
        index += 1;
        const id = `sok-f${index}`;
        const box = el('input', { type: 'checkbox', id, value, 'data-facet': name });
        box.checked = filters.some(([k, v]) => k === name && v === value);
        box.addEventListener('change', () => {
          filters = filters.filter(([k, v]) => !(k === name && v === value));
          if (box.checked) filters.push([name, value]);
          typing = false;
          run(true);
        });
        const label = el('label', { for: id });
        label.append(
          `${name === 'kind' ? (KIND_LABELS[value] || value) : value} `,
          el('span', { class: 'search-count' }, `(${count.toLocaleString('sv-SE')})`),
        );
        const row = el('div', { class: 'facet-value' });
        row.append(box, label);
        fieldset.append(row);
      }
      facetList.append(fieldset);
    }
    const any = facetList.childElementCount > 0;
    facetsBox.hidden = !any;
    facetsLink.hidden = !any;
    if (keep) {
      const again = [...facetsBox.querySelectorAll('input')]
        .find((b) => b.dataset.facet === keep[0] && b.value === keep[1]);
      if (again) again.focus();
    }
  }

  more.addEventListener('click', () => {
    pendingAppend = true;
    send(shown);
  });
  input.addEventListener('input', () => {
    startWorker(); // start loading while the visitor types
    clearTimeout(timer);
    timer = setTimeout(() => {
      run(!typing);
      typing = true;
    }, DEBOUNCE_MS);
  });
  input.addEventListener('blur', () => { typing = false; });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const wasTyping = typing;
    typing = false;
    if (!input.value.trim() && filters.length === 0) {
      updateUrl(false);
      status.textContent = 'Skriv ett eller flera sökord.';
      return;
    }
    run(!wasTyping);
  });
  window.addEventListener('popstate', () => {
    clearTimeout(timer);
    typing = false;
    readUrl();
    run(false);
  });
  readUrl();
  if (input.value || filters.length) run(false);
}

const form = document.querySelector('form.search-form');
if (form) init(form);
