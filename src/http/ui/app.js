'use strict';
// The bounceguard dashboard: reads and writes through the HTTP API only, with the token it is given.
(function () {
  const $ = (sel) => document.querySelector(sel);
  const KIND_COLOURS = { delivered: '#2e7d32', deferred: '#f9a825', bounce: '#c62828', complaint: '#6a1b9a' };
  const PALETTE = ['#1565c0', '#c62828', '#f9a825', '#6a1b9a', '#00838f', '#ef6c00', '#2e7d32', '#ad1457', '#4e342e', '#546e7a'];
  const charts = {};
  let cursor = null;

  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.message ? body.message : `HTTP ${status}`);
      this.status = status;
    }
  }

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers);
    const token = sessionStorage.getItem('bounceguard-token');
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(path, { method: options.method || 'GET', headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
    const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
    if (res.status === 401) showLogin();
    if (!res.ok) throw new ApiError(res.status, body);
    return body;
  }

  function status(text, isError) {
    const el = $('#status');
    el.textContent = text;
    el.className = isError ? 'error' : '';
  }

  function showLogin() {
    $('#login').hidden = false;
  }

  const fmtTime = (t) => (t === null || t === undefined ? '-' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));
  const pct = (x) => `${(x * 100).toFixed(2)}%`;

  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (cls) td.className = cls;
    return td;
  }

  /** A cell with one button; its action runs through run(), so a failure shows on the page. */
  function actionCell(cls, label, onClick) {
    const button = document.createElement('button');
    button.className = cls;
    button.textContent = label;
    button.addEventListener('click', onClick);
    const td = document.createElement('td');
    td.append(button);
    return td;
  }

  function fillTable(sel, rows, render) {
    const body = $(`${sel} tbody`);
    body.replaceChildren(...rows.map((r) => {
      const tr = document.createElement('tr');
      tr.append(...render(r));
      return tr;
    }));
  }

  function drawChart(id, title, times, series) {
    const el = $(`#${id}`);
    const names = Object.keys(series);
    const data = [times.map((t) => t / 1000), ...names.map((n) => series[n])];
    const opts = {
      title, width: Math.max(300, el.clientWidth - 12), height: 220,
      series: [{}, ...names.map((n, i) => ({ label: n, stroke: KIND_COLOURS[n] || PALETTE[i % PALETTE.length], width: 2 }))],
      axes: [{}, { size: 50 }],
    };
    if (charts[id]) charts[id].destroy();
    el.replaceChildren();
    charts[id] = new uPlot(opts, data, el);
  }

  async function loadOverview() {
    const minutes = $('#period').value;
    const [outcomes, senders, alerts] = await Promise.all([
      api(`/api/outcomes?minutes=${minutes}`), api(`/api/senders?window=${$('#window').value}`), api('/api/alerts?recent=0'),
    ]);
    const totals = $('#totals');
    totals.replaceChildren(...['delivered', 'deferred', 'bounce', 'complaint'].map((k) => {
      const card = document.createElement('div');
      card.className = 'card';
      card.dataset.kind = k;
      const b = document.createElement('b');
      b.textContent = String(outcomes.totals[k] || 0);
      card.append(b, document.createTextNode(k));
      return card;
    }));
    drawChart('chart-kinds', 'outcomes', outcomes.times, outcomes.kinds);
    drawChart('chart-reasons', 'by reason', outcomes.times, outcomes.reasons);
    const note = $('#outbox-note');
    const empty = Object.values(outcomes.totals).every((n) => !n);
    note.hidden = !(empty || !outcomes.complete);
    note.textContent = empty
      ? 'No outcome in the event outbox for this period: bounceguard-signals (alerts or webhooks) writes it.'
      : 'The period reaches back beyond the newest events read: the oldest buckets are incomplete.';
    fillTable('#top-reasons', outcomes.topReasons, ([r, n]) => [cell(r), cell(n, 'num')]);
    fillTable('#top-providers', outcomes.topProviders, ([p, n]) => [cell(p), cell(n, 'num')]);
    fillTable('#senders', senders.senders, (s) => [
      cell(s.domain), cell(s.final, 'num'), cell(s.hard, 'num'), cell(pct(s.bounceRate), 'num'), cell(s.complaint, 'num'), cell(pct(s.complaintRate), 'num'),
    ]);
    fillAlerts('#overview-alerts', alerts.active);
  }

  function fillAlerts(sel, active) {
    const list = $(sel);
    if (active.length === 0) {
      const li = document.createElement('li');
      li.textContent = 'No active alert.';
      li.className = 'none';
      list.replaceChildren(li);
      return;
    }
    list.replaceChildren(...active.map((a) => {
      const li = document.createElement('li');
      li.className = a.severity;
      li.textContent = `[${a.severity}] ${a.summary} (since ${a.raisedAt})`;
      return li;
    }));
  }

  async function loadSuppressions(append) {
    const params = new URLSearchParams({ limit: '50' });
    const text = $('#search-text').value.trim();
    if (text) params.set('contains', text);
    if (append && cursor) params.set('after', cursor);
    const page = await api(`/api/suppressions?${params}`);
    cursor = page.next;
    $('#more').hidden = !page.next;
    $('#list-total').textContent = `${page.total} ${text ? 'matching ' : ''}entries`;
    const body = $('#list tbody');
    const rows = page.items.map((e) => {
      const tr = document.createElement('tr');
      tr.dataset.address = e.address;
      const action = actionCell('remove', 'Remove', () => run(remove, e.address));
      tr.append(cell(e.address), cell(e.reason), cell(e.bounce), cell(e.source), cell(e.enhanced || e.code), cell(e.count, 'num'),
        cell(fmtTime(Date.parse(e.last_seen))), cell(e.expires_at ? fmtTime(Date.parse(e.expires_at)) : 'never'), action);
      return tr;
    });
    if (append) body.append(...rows);
    else body.replaceChildren(...rows);
  }

  async function remove(address) {
    await api(`/api/suppressions/${encodeURIComponent(address)}`, { method: 'DELETE' });
    status(`removed ${address}`);
    await loadSuppressions(false);
  }

  async function add(event) {
    event.preventDefault();
    const entry = await api('/api/suppressions', {
      method: 'POST',
      json: { address: $('#add-address').value.trim(), reason: $('#add-reason').value, expires: $('#add-expires').value.trim() || 'never' },
    });
    status(`suppressed ${entry.address}`);
    $('#add-address').value = '';
    await loadSuppressions(false);
  }

  async function loadReasons() {
    // The reasons the API accepts, from its own OpenAPI document: the page never carries a copy.
    const doc = await api('/api/openapi.json');
    const reasons = doc.paths['/api/suppressions'].post.requestBody.content['application/json'].schema.properties.reason.enum;
    $('#add-reason').replaceChildren(...reasons.map((r) => new Option(r, r, r === 'userunknown', r === 'userunknown')));
  }

  async function loadDestinations() {
    const { destinations } = await api('/api/destinations');
    const paced = destinations.filter((d) => d.rate !== null || d.override);
    fillTable('#destinations', paced, (d) => {
      const paused = d.override && d.override.kind === 'pause';
      const buttons = actionCell('release', 'Release', () => run(control, d.key, 'release'));
      if (!paused) buttons.append(actionCell('pause', 'Pause', () => run(control, d.key, 'pause')).firstChild);
      const operator = d.override ? `${d.override.kind}${d.override.until ? ` until ${fmtTime(d.override.until)}` : ''}` : '-';
      return [cell(d.key), cell(paused ? 'paused' : `${+(d.rate * 60).toFixed(2)}/min`, 'num'), cell(operator), cell(fmtTime(d.lastSignalAt)),
        cell(d.lastSignalRule || '-'), cell(fmtTime(d.nextRaiseAt)), cell(fmtTime(d.releaseAt)), buttons];
    });
    if (paced.length === 0) fillTable('#destinations', [null], () => [cell('No destination is paced.')]);
  }

  /** release or pause, as `bounceguard throttle release|pause` (a pause lasts until released). */
  async function control(key, action) {
    await api(`/api/destinations/${encodeURIComponent(key)}/${action}`, { method: 'POST' });
    status(`${action === 'pause' ? 'paused' : 'released'} ${key}`);
    await loadDestinations();
  }

  async function loadAlerts() {
    const { active, recent } = await api('/api/alerts?recent=50');
    fillAlerts('#alerts-active', active);
    fillTable('#alerts-recent', recent, (a) => [
      cell(a.state), cell(a.clearedAt || a.raisedAt), cell(a.severity), cell(a.rule), cell(`${a.dimension} ${a.subject}`), cell(a.summary),
    ]);
  }

  const VIEWS = { overview: loadOverview, suppressions: () => loadSuppressions(false), destinations: loadDestinations, alerts: loadAlerts };

  async function show() {
    const name = VIEWS[location.hash.slice(1)] ? location.hash.slice(1) : 'overview';
    for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${name}`;
    for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.view === name);
    await run(VIEWS[name]);
    document.body.dataset.view = name;
  }

  /** Runs a load or an action: a failure is shown on the page, never left as an unhandled rejection. */
  async function run(fn, ...args) {
    try {
      status('loading...');
      await fn(...args);
      if ($('#status').textContent === 'loading...') status(`updated ${new Date().toLocaleTimeString()}`);
      document.body.dataset.loaded = String(Date.now());
    } catch (err) {
      status(err.message, true);
    }
  }

  window.addEventListener('hashchange', show);
  $('#period').addEventListener('change', () => run(loadOverview));
  $('#window').addEventListener('change', () => run(loadOverview));
  $('#search').addEventListener('submit', (e) => { e.preventDefault(); run(loadSuppressions, false); });
  $('#more').addEventListener('click', () => run(loadSuppressions, true));
  $('#add').addEventListener('submit', (e) => run(add, e));
  $('#login').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('bounceguard-token', $('#token').value);
    start();
  });

  /** Asks for a token when the API wants one and the tab has none that works, else loads the view. */
  async function start() {
    const me = await api('/api/whoami');
    if (me.tokenRequired && !me.name) {
      showLogin();
      status(sessionStorage.getItem('bounceguard-token') ? 'that token is not known' : 'a token is needed', true);
      return;
    }
    $('#login').hidden = true;
    $('#user').textContent = me.tokenRequired ? `${me.name} (${me.scope === 'rw' ? 'read and write' : 'read only'})` : '';
    await loadReasons();
    await show();
  }
  start().catch((err) => status(err.message, true));
})();
