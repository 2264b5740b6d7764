// The dashboard's only script (served by the app at /api/dashboard/app.js; the page's CSP allows no other).
// It holds no data of its own: everything comes from the API, and text is only ever set with textContent.
(function () {
  'use strict';

  var KEY_STORAGE = 'leadfunctions.functionKey';
  var POLL_MS = 2000;
  var IDLE_POLL_MS = 15000;
  var PAGE_SIZE = 50;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var RUNNING = { ingesting: true, scoring: true };

  var state = {
    offers: [],
    offerId: new URLSearchParams(location.search).get('offer_id') || '',
    editing: false,
    batches: [],
    batchErrors: {},
    next: null,
    pollTimer: null,
    leadsVersion: 0,
    summaryVersion: 0,
    finished: {}
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function status(text) { $('status').textContent = text; }

  // ---- API access: same origin; in Azure a function key, asked for once and kept in session storage only.
  var keyPrompt = null;

  function askForKey() {
    if (keyPrompt) { return keyPrompt; }
    keyPrompt = new Promise(function (resolve) {
      var form = $('key-form');
      form.hidden = false;
      $('key-input').focus();
      form.addEventListener('submit', function onSubmit(event) {
        event.preventDefault();
        var key = $('key-input').value.trim();
        if (!key) { return; }
        sessionStorage.setItem(KEY_STORAGE, key);
        form.hidden = true;
        form.removeEventListener('submit', onSubmit);
        keyPrompt = null;
        resolve();
      });
    });
    return keyPrompt;
  }

  function send(path, options) {
    options = options || {};
    var headers = new Headers(options.headers || {});
    var key = sessionStorage.getItem(KEY_STORAGE);
    if (key) { headers.set('x-functions-key', key); }
    return fetch(path, { method: options.method || 'GET', headers: headers, body: options.body, credentials: 'same-origin' });
  }

  function api(path, options) {
    return send(path, options).then(function (response) {
      if (response.status !== 401) { return response; }
      sessionStorage.removeItem(KEY_STORAGE);
      status('A function key is needed.');
      return askForKey().then(function () { return send(path, options); });
    });
  }

  function json(path, options) {
    return api(path, options).then(function (response) {
      if (response.status === 204) { return null; }
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok) {
          var error = new Error(problemText(response.status, body));
          error.problem = body;
          throw error;
        }
        return body;
      });
    });
  }

  function problemText(statusCode, body) {
    if (!body) { return 'HTTP ' + statusCode; }
    var text = body.detail || body.title || ('HTTP ' + statusCode);
    if (body.errors) {
      text += ' ' + Object.keys(body.errors).map(function (field) { return field + ': ' + body.errors[field].join(' '); }).join('; ');
    }
    return text;
  }

  function query(params) {
    var search = new URLSearchParams();
    Object.keys(params).forEach(function (name) {
      if (params[name] !== '' && params[name] !== null && params[name] !== undefined) { search.set(name, params[name]); }
    });
    var text = search.toString();
    return text ? '?' + text : '';
  }

  // ---- Offers
  function loadOffers() {
    return json('/api/offer').then(function (offers) {
      state.offers = offers || [];
      if (state.offerId && !state.offers.some(function (o) { return o.id === state.offerId; })) {
        status('No offer has the id ' + state.offerId + '.');
        state.offerId = '';
      }
      if (!state.offerId && state.offers.length > 0) { state.offerId = state.offers[0].id; }
      renderOffers();
    });
  }

  function selectedOffer() {
    return state.offers.filter(function (o) { return o.id === state.offerId; })[0] || null;
  }

  function renderOffers() {
    var list = $('offer-list');
    list.replaceChildren();
    state.offers.forEach(function (offer) {
      var item = el('li');
      var button = el('button', { type: 'button', 'data-offer-id': offer.id, 'aria-pressed': String(offer.id === state.offerId) }, offer.name);
      button.addEventListener('click', function () { selectOffer(offer.id); });
      item.appendChild(button);
      list.appendChild(item);
    });
    if (state.offers.length === 0) { list.appendChild(el('li', { 'class': 'hint' }, 'No offers yet: create one below.')); }
    fillOfferForm(state.editing ? selectedOffer() : null);
  }

  function fillOfferForm(offer) {
    $('offer-form-title').textContent = offer ? 'Edit “' + offer.name + '”' : 'New offer';
    $('offer-save').textContent = offer ? 'Save changes' : 'Create offer';
    $('offer-name').value = offer ? offer.name : '';
    $('offer-value-props').value = offer ? (offer.value_props || []).join('\n') : '';
    $('offer-use-cases').value = offer ? (offer.ideal_use_cases || []).join('\n') : '';
    $('offer-errors').textContent = '';
  }

  function selectOffer(id) {
    state.offerId = id;
    state.editing = true;
    state.batches = [];
    state.finished = {};
    $('filter-batch').value = '';
    history.replaceState(null, '', location.pathname + query({ offer_id: id }));
    renderOffers();
    refreshAll();
  }

  function lines(text) {
    return text.split('\n').map(function (line) { return line.trim(); }).filter(function (line) { return line.length > 0; });
  }

  function saveOffer(event) {
    event.preventDefault();
    var offer = state.editing ? selectedOffer() : null;
    var body = Object.assign({}, offer && offer.rules ? { rules: offer.rules } : {}, {
      name: $('offer-name').value.trim(),
      value_props: lines($('offer-value-props').value),
      ideal_use_cases: lines($('offer-use-cases').value)
    });
    var request = offer
      ? json('/api/offer/' + encodeURIComponent(offer.id), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      : json('/api/offer', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    request.then(function (saved) {
      status((offer ? 'Saved offer ' : 'Created offer ') + saved.name + '.');
      state.offerId = saved.id;
      state.editing = true;
      return loadOffers().then(function () { selectOffer(saved.id); });
    }).catch(function (error) { $('offer-errors').textContent = error.message; });
  }

  // ---- Upload
  function upload(file) {
    if (!state.offerId) { $('upload-result').textContent = 'Create or select an offer first.'; return; }
    if (!file) { return; }
    $('upload-result').textContent = 'Uploading ' + file.name + '…';
    json('/api/leads/upload' + query({ offer_id: state.offerId }), { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: file })
      .then(function (accepted) {
        $('upload-result').textContent = 'Uploaded ' + file.name + ': batch ' + accepted.batch_id + '.';
        $('upload-result').setAttribute('data-uploaded-batch-id', accepted.batch_id);
        return refreshBatches().then(function () { return Promise.all([loadSummary(), loadLeads(true)]); });
      })
      .catch(function (error) { $('upload-result').textContent = 'Upload refused: ' + error.message; })
      .then(function () { $('file-input').value = ''; });
  }

  function wireDropZone() {
    var zone = $('drop-zone');
    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (event) {
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length > 0) { upload(files[0]); }
    });
    // A file dropped beside the zone must not make the browser navigate away to it.
    window.addEventListener('dragover', function (event) { event.preventDefault(); });
    window.addEventListener('drop', function (event) { event.preventDefault(); });
    $('file-input').addEventListener('change', function (event) { upload(event.target.files[0]); });
  }

  // ---- Batches
  function refreshBatches() {
    if (!state.offerId) { state.batches = []; renderBatches(); return Promise.resolve(); }
    return json('/api/batches' + query({ offer_id: state.offerId, page_size: 50 })).then(function (page) {
      state.batches = page.results;
      var withErrors = state.batches.filter(function (b) { return b.rows_rejected > 0 || b.status === 'failed'; }).slice(0, 10);
      return Promise.all(withErrors.map(function (b) {
        if (state.batchErrors[b.batch_id] && !RUNNING[b.status]) { return null; }
        return json('/api/batches/' + encodeURIComponent(b.batch_id)).then(function (full) { state.batchErrors[b.batch_id] = full.errors; });
      }));
    }).then(function () {
      renderBatches();
      // A batch that ended since the last look, or one seen for the first time (a file dropped into the container).
      var changed = state.batches.filter(function (b) {
        var done = !RUNNING[b.status];
        var was = state.finished[b.batch_id];
        state.finished[b.batch_id] = done;
        return (done && was === false) || was === undefined;
      }).length > 0;
      var running = state.batches.some(function (b) { return RUNNING[b.status]; });
      schedulePoll(running);
      return { running: running, changed: changed };
    });
  }

  function formatRate(rate) { return rate === null || rate === undefined ? '–' : rate.toFixed(rate < 10 ? 2 : 0) + ' leads/s'; }

  function formatEta(seconds) {
    if (seconds === null || seconds === undefined) { return 'unknown'; }
    if (seconds < 60) { return seconds + ' s'; }
    var minutes = Math.floor(seconds / 60);
    return minutes < 60 ? minutes + ' min ' + (seconds % 60) + ' s' : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
  }

  function renderBatches() {
    var list = $('batch-list');
    list.replaceChildren();
    var select = $('filter-batch');
    var chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'All batches'));
    if (state.batches.length === 0) { list.appendChild(el('li', { 'class': 'hint' }, state.offerId ? 'No batches for this offer yet.' : 'Select an offer.')); }
    state.batches.forEach(function (b) {
      var item = el('li', { 'class': 'batch', 'data-batch-id': b.batch_id, 'data-percent': String(b.percent), 'data-status': b.status });
      var head = el('div', { 'class': 'batch-head' });
      head.appendChild(el('span', { 'class': 'status-' + b.status }, b.status));
      head.appendChild(el('span', { 'class': 'name' }, b.blob || b.batch_id));
      head.appendChild(el('span', null, b.percent + ' %'));
      item.appendChild(head);
      var bar = el('progress', { max: '100', value: String(b.percent), 'aria-label': 'Progress of ' + (b.blob || b.batch_id) });
      bar.textContent = b.percent + ' %';
      item.appendChild(bar);
      item.appendChild(el('div', { 'class': 'figures' },
        b.scored + ' scored, ' + b.failed + ' failed of ' + b.rows_accepted + ' accepted · ' + b.rows_rejected + ' rejected · ' +
        b.duplicates + ' duplicates · ' + formatRate(b.rate_per_s) + ' · time left ' + (RUNNING[b.status] ? formatEta(b.eta_seconds) : '0 s')));
      var errors = state.batchErrors[b.batch_id] || [];
      if (errors.length > 0) {
        var details = el('details');
        details.appendChild(el('summary', null, errors.length + ' rejected rows and problems'));
        var rows = el('ul', { 'class': 'batch-errors' });
        errors.forEach(function (e) {
          rows.appendChild(el('li', { 'data-row': e.row === null ? '' : String(e.row) }, (e.row === null ? 'File' : 'Line ' + e.row) + ': ' + e.message));
        });
        details.appendChild(rows);
        item.appendChild(details);
      }
      list.appendChild(item);
      select.appendChild(el('option', { value: b.batch_id }, (b.blob || b.batch_id).split('/').pop() + ' (' + b.status + ')'));
    });
    select.value = state.batches.some(function (b) { return b.batch_id === chosen; }) ? chosen : '';
  }

  // Every 2 s while a batch runs; every 15 s otherwise, so batches of files dropped into the container show up too.
  function schedulePoll(running) {
    if (state.pollTimer) { clearTimeout(state.pollTimer); state.pollTimer = null; }
    if (!state.offerId) { return; }
    state.pollTimer = setTimeout(function () {
      state.pollTimer = null;
      refreshBatches().then(function (outcome) {
        outcome = outcome || {};
        // While leads are being scored the chart follows; once a batch ends (or a new one appears) the leads are read again.
        if (!running && !outcome.running && !outcome.changed) { return null; }
        return Promise.all([loadSummary(), outcome.changed ? loadLeads(true) : null]);
      }).catch(function (error) { status('Refresh failed: ' + error.message); schedulePoll(running); });
    }, running ? POLL_MS : IDLE_POLL_MS);
  }

  // ---- Score histogram and intents (exact for the whole scope: counted by the API from its tallies)
  function filters() {
    return {
      offer_id: state.offerId,
      batch_id: $('filter-batch').value,
      intent: $('filter-intent').value,
      min_score: $('filter-min-score').value
    };
  }

  function loadSummary() {
    var version = ++state.summaryVersion;
    if (!state.offerId) { renderSummary(null); return Promise.resolve(); }
    var f = filters();
    return json('/api/leads/summary' + query({ offer_id: f.offer_id, batch_id: f.batch_id })).then(function (summary) {
      if (version === state.summaryVersion) { renderSummary(summary); }
    });
  }

  function renderSummary(summary) {
    var chart = $('histogram');
    chart.replaceChildren();
    var buckets = summary ? summary.histogram : [];
    var max = Math.max.apply(null, [1].concat(buckets.map(function (b) { return b.count; })));
    var left = 10, bottom = 190, height = 160, width = 40;
    chart.appendChild(svg('line', { 'class': 'axis', x1: left, y1: bottom, x2: left + width * 10, y2: bottom }));
    buckets.forEach(function (b, i) {
      var h = Math.round(height * b.count / max);
      var group = svg('g');
      var bar = svg('rect', {
        'class': 'bar', x: left + i * width + 4, y: bottom - h, width: width - 8, height: Math.max(h, 0),
        'data-histogram-bucket': String(b.bucket), 'data-count': String(b.count)
      });
      bar.appendChild(svg('title', null, b.min_score + '–' + b.max_score + ': ' + b.count + ' leads'));
      group.appendChild(bar);
      group.appendChild(svg('text', { x: left + i * width + width / 2, y: bottom - h - 4, 'text-anchor': 'middle' }, b.count));
      group.appendChild(svg('text', { x: left + i * width + width / 2, y: bottom + 14, 'text-anchor': 'middle' }, b.min_score));
      chart.appendChild(group);
    });
    $('scores-scope').textContent = summary ? '(' + summary.scored + ' scored, ' + summary.queued + ' queued, ' + summary.failed + ' failed' +
      ($('filter-batch').value ? ', this batch' : ', whole offer') + ')' : '';

    var intents = $('intents');
    intents.replaceChildren();
    if (!summary) { return; }
    var by = summary.by_intent;
    var total = Math.max(1, by.High + by.Medium + by.Low);
    ['High', 'Medium', 'Low'].forEach(function (intent, i) {
      var w = Math.round(300 * by[intent] / total);
      intents.appendChild(svg('text', { x: 0, y: 20 + i * 28 }, intent));
      var bar = svg('rect', { 'class': 'bar bar-' + intent, x: 60, y: 8 + i * 28, width: w, height: 16, 'data-intent': intent, 'data-count': String(by[intent]) });
      bar.appendChild(svg('title', null, intent + ': ' + by[intent]));
      intents.appendChild(bar);
      intents.appendChild(svg('text', { x: 66 + w, y: 20 + i * 28 }, by[intent]));
    });
  }

  // ---- Leads
  function leadsPath() {
    var f = filters();
    return '/api/leads/results' + query({ offer_id: f.offer_id, batch_id: f.batch_id, intent: f.intent, min_score: f.min_score, page_size: PAGE_SIZE });
  }

  function loadLeads(reset) {
    var version = reset ? ++state.leadsVersion : state.leadsVersion;
    if (!state.offerId) { $('lead-rows').replaceChildren(); $('lead-count').textContent = ''; return Promise.resolve(); }
    // next is a full URL: keep only its path and query so the page never calls another origin.
    var path = reset || !state.next ? leadsPath() : (function (u) { return u.pathname + u.search; })(new URL(state.next, location.href));
    return json(path).then(function (page) {
      if (version !== state.leadsVersion) { return; }
      var body = $('lead-rows');
      if (reset) { body.replaceChildren(); }
      page.results.forEach(function (lead) {
        var row = el('tr', { 'data-lead-id': lead.id, 'data-score': lead.score === null ? '' : String(lead.score), 'data-intent': lead.intent || '' });
        row.appendChild(el('td', { 'class': 'score' }, lead.score === null ? '–' : lead.score));
        row.appendChild(el('td', { 'class': 'intent-' + (lead.intent || '') }, lead.intent || lead.status));
        row.appendChild(el('td', null, lead.name));
        row.appendChild(el('td', null, lead.role));
        row.appendChild(el('td', null, lead.company));
        row.appendChild(el('td', { 'class': 'reasoning' }, lead.reasoning || ''));
        body.appendChild(row);
      });
      state.next = page.next;
      $('load-more').hidden = !page.next;
      $('lead-count').textContent = body.rows.length + ' of ' + page.count + ' leads shown';
      $('lead-count').setAttribute('data-total', String(page.count));
    });
  }

  function exportCsv() {
    if (!state.offerId) { return; }
    var f = filters();
    status('Preparing the export…');
    api('/api/leads/export_csv' + query({ offer_id: f.offer_id, batch_id: f.batch_id, intent: f.intent, min_score: f.min_score }))
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.blob();
      })
      .then(function (blob) {
        var link = el('a', { href: URL.createObjectURL(blob), download: 'leads_export.csv' });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
        status('Exported ' + blob.size + ' bytes.');
      })
      .catch(function (error) { status('Export failed: ' + error.message); });
  }

  function refreshAll() {
    status('Loading…');
    return refreshBatches()
      .then(function () { return Promise.all([loadSummary(), loadLeads(true)]); })
      .then(function () { status(selectedOffer() ? 'Offer: ' + selectedOffer().name : 'No offer selected.'); })
      .catch(function (error) { status('Could not load: ' + error.message); });
  }

  function start() {
    $('offer-form').addEventListener('submit', saveOffer);
    $('offer-new').addEventListener('click', function () { state.editing = false; fillOfferForm(null); $('offer-name').focus(); });
    $('lead-filters').addEventListener('submit', function (event) { event.preventDefault(); loadSummary(); loadLeads(true); });
    ['filter-batch', 'filter-intent'].forEach(function (id) {
      $(id).addEventListener('change', function () { loadSummary(); loadLeads(true); });
    });
    $('load-more').addEventListener('click', function () { loadLeads(false); });
    $('export').addEventListener('click', exportCsv);
    wireDropZone();
    loadOffers()
      .then(function () { state.editing = !!state.offerId; renderOffers(); return refreshAll(); })
      .catch(function (error) { status('Could not load: ' + error.message); });
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
