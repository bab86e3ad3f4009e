// The dashboard: one event stream (/dashboard/events) feeds every panel once a second; the
// server samples the metric tree once for all viewers. If the stream is refused (too many
// viewers) or unsupported, the page polls /dashboard.json once a second instead.
import {el, fmt, health, getJson, pageData} from './common.js';
import {drawLines, legendColor} from './charts.js';
import {DataTable} from './table.js';
import {DependencyGraph} from './graph.js';

const routers = pageData('routers') || [];
const HISTORY_MS = 300000;
const history = new Map(); // router -> [points]
const cards = new Map(); // router -> {numbers, charts}
const banner = el('div', {id: 'stream-state', class: 'stream-state', role: 'status'}, 'connecting…');
document.querySelector('#dashboard').prepend(banner);
let samples = 0;

function cols(block) {
  // {columns, rows: [[...]]} -> [{column: value}]
  return block.rows.map(r => Object.fromEntries(block.columns.map((c, i) => [c, r[i]])));
}

// Router cards ----------------------------------------------------------------------------
const CHARTS = [
  {title: 'requests/s', keys: ['rps']},
  {title: 'success rate', keys: ['successRate'], min: 0, max: 1},
  {title: 'latency p50 · p95 · p99 (ms)', keys: ['p50', 'p95', 'p99']},
];

function card(router) {
  if (cards.has(router)) return cards.get(router);
  const numbers = {};
  const number = (key, label) => {
    numbers[key] = el('span', {class: 'value', dataset: {metric: key}}, '–');
    return el('div', {class: 'stat'}, numbers[key], el('span', {class: 'label'}, label));
  };
  const charts = CHARTS.map(c => ({...c, canvas: el('canvas', {width: 300, height: 64, 'aria-label': c.title}),
    scale: el('span', {class: 'scale'})}));
  const root = el('article', {class: 'card', dataset: {router}},
    el('h2', {}, router),
    el('div', {class: 'stats'}, number('rps', 'req/s'), number('successRate', 'success'),
      number('p50', 'p50 ms'), number('p95', 'p95 ms'), number('p99', 'p99 ms'),
      number('connections', 'connections'), number('pending', 'pending'), number('retriesPerSec', 'retries/s')),
    el('div', {class: 'charts'}, ...charts.map(c => el('figure', {class: 'chart'}, c.canvas,
      el('figcaption', {}, ...c.keys.map((k, i) => el('span', {class: 'key', style: `color:${legendColor(i)}`}, '━ ')),
        c.title, ' ', c.scale, el('span', {class: 'muted'}, ', last 5 min'))))));
  document.querySelector('#routers').append(root);
  const entry = {root, numbers, charts};
  cards.set(router, entry);
  return entry;
}
routers.forEach(card);

function drawCard(router, point) {
  const c = card(router);
  c.numbers.rps.textContent = fmt.rate(point.rps);
  c.numbers.successRate.textContent = fmt.pct(point.successRate);
  c.numbers.successRate.className = 'value ' + health(point.successRate);
  for (const k of ['p50', 'p95', 'p99']) c.numbers[k].textContent = fmt.ms(point[k]);
  c.numbers.connections.textContent = fmt.int(point.connections);
  c.numbers.pending.textContent = fmt.int(point.pending);
  c.numbers.retriesPerSec.textContent = fmt.rate(point.retriesPerSec);
  const points = history.get(router) || [];
  const now = points.length ? points[points.length - 1].t : Date.now();
  for (const chart of c.charts) {
    const top = drawLines(chart.canvas, points, chart.keys, {spanMs: HISTORY_MS, min: chart.min ?? 0, max: chart.max ?? null, now});
    chart.scale.textContent = chart.max ? '' : '(top ' + (chart.keys[0] === 'rps' ? fmt.rate(top) : fmt.ms(top)) + ')';
  }
}

function drawTotals(points) {
  const table = document.querySelector('#totals');
  for (const p of points) {
    let row = [...table.querySelectorAll('tr.router')].find(tr => tr.cells[0].textContent === p.router);
    if (!row) {
      row = el('tr', {class: 'router'}, el('td', {}, p.router), el('td'), el('td'), el('td'));
      table.append(row);
    }
    row.cells[1].textContent = p.requests;
    row.cells[2].textContent = p.success;
    row.cells[3].textContent = p.failures;
  }
}

// Tables ----------------------------------------------------------------------------------
const rateCols = [
  {key: 'rps', label: 'req/s', num: true, format: fmt.rate},
  {key: 'successRate', label: 'success', num: true, format: fmt.pct, cls: v => health(v)},
  {key: 'p50', label: 'p50 ms', num: true, format: fmt.ms},
  {key: 'p95', label: 'p95 ms', num: true, format: fmt.ms},
  {key: 'p99', label: 'p99 ms', num: true, format: fmt.ms},
  {key: 'pending', label: 'pending', num: true, format: fmt.int},
];
const services = new DataTable(document.querySelector('#services'), {
  name: 'services', key: r => r.router + ' ' + r.name, sort: {key: 'rps', desc: true}, pageSize: 25,
  columns: [{key: 'router', label: 'router'}, {key: 'name', label: 'service'}, ...rateCols,
    {key: 'retriesPerSec', label: 'retries/s', num: true, format: fmt.rate},
    {key: 'requests', label: 'requests', num: true, format: fmt.int}],
});

let clientState = null; // {at, promise}
function loadClientState() {
  if (!clientState || Date.now() - clientState.at > 2000) {
    clientState = {at: Date.now(), promise: getJson('/client_state.json')};
  }
  return clientState.promise;
}

/** The newest upstream error in the cell, every kept one (up to five) in its tooltip. */
function recentErrorsCell(errors) {
  if (errors.length === 0) return el('td', {class: 'muted'}, 'none');
  const line = x => `${x.at.slice(11, 19)} ${x.reason}`;
  return el('td', {class: 'errors', title: errors.map(line).join('\n')},
    line(errors[0]) + (errors.length > 1 ? ` (+${errors.length - 1})` : ''));
}

function endpointsOf(row, cell) {
  loadClientState().then(state => {
    const client = state[row.router] && state[row.router][row.name];
    if (!client) {
      cell.replaceChildren(el('p', {class: 'muted'}, 'this client is gone'));
      return;
    }
    const rows = (client.endpoints || []).map(e => el('tr', {class: 'endpoint ' + e.status},
      el('td', {}, e.address), el('td', {class: 'status'}, e.status + (e.probation ? ' (probation)' : '')),
      el('td', {class: 'num'}, e.weight), el('td', {class: 'num'}, e.pending), el('td', {class: 'num'}, e.load),
      el('td', {class: 'num'}, e.ewmaCostMs === undefined ? '–' : fmt.ms(e.ewmaCostMs)),
      el('td', {class: 'accrual ' + String(e.failureAccrual).replace(/\s/g, '-')}, e.failureAccrual ?? '–'),
      el('td', {}, e.peerIdentity ?? ''),
      recentErrorsCell(e.recentErrors || [])));
    cell.replaceChildren(el('div', {class: 'endpoints'},
      el('p', {}, `address set: ${client.addr}; balancer: ${client.loadBalancer}; protocol: ${client.protocol}`),
      el('table', {class: 'data inner'},
        el('thead', {}, el('tr', {}, ...['endpoint', 'balancer state', '#weight', '#pending', '#load', '#EWMA cost ms',
          'failure accrual', 'peer identity', 'recent errors'].map(h => h.startsWith('#') ? el('th', {class: 'num'}, h.slice(1)) : el('th', {}, h)))),
        el('tbody', {}, rows.length ? rows : [el('tr', {}, el('td', {colspan: 9, class: 'muted'}, 'no endpoints'))]))));
  }).catch(e => cell.replaceChildren(el('p', {class: 'error'}, 'cannot read /client_state.json: ' + e.message)));
}

const clients = new DataTable(document.querySelector('#clients'), {
  name: 'clients', key: r => r.router + ' ' + r.name, expand: endpointsOf, sort: {key: 'rps', desc: true},
  pageSize: 25,
  columns: [{key: 'router', label: 'router'}, {key: 'name', label: 'client'}, ...rateCols,
    {key: 'requeuesPerSec', label: 'requeues/s', num: true, format: fmt.rate},
    {key: 'available', label: 'endpoints', num: true, format: (v, r) => `${r.available}/${r.endpoints}`,
      title: 'open endpoints / endpoints', cls: (v, r) => r.available < r.endpoints ? 'warn' : ''},
    {key: 'removals', label: 'accrual removals', num: true, format: fmt.int},
    {key: 'requests', label: 'requests', num: true, format: fmt.int}],
});

const graph = new DependencyGraph(document.querySelector('#graph'));

// Samples ---------------------------------------------------------------------------------
// The tables' rows by key. A whole sample replaces them; a delta (every tick after the first)
// carries only the rows that changed and the keys of those gone.
const tables = {services: new Map(), clients: new Map(), edges: new Map()};
const rowKey = (row, n) => JSON.stringify(row.slice(0, n));

function applyRows(sample) {
  const parts = [['services', sample.services.rows, sample.services.removed, 2],
    ['clients', sample.clients.rows, sample.clients.removed, 2],
    ['edges', sample.edges, sample.removedEdges, 3]];
  for (const [name, rows, removed, n] of parts) {
    const table = tables[name];
    if (!sample.delta) table.clear();
    for (const key of removed || []) table.delete(JSON.stringify(key));
    for (const row of rows) table.set(rowKey(row, n), row);
  }
}

function drawTables(sample) {
  const serviceRows = cols({columns: sample.services.columns, rows: [...tables.services.values()]});
  const clientRows = cols({columns: sample.clients.columns, rows: [...tables.clients.values()]});
  services.setRows(serviceRows);
  clients.setRows(clientRows);
  if (clients.expanded.size && samples % 5 === 0) {
    clients.refreshExpanded(new Map(clientRows.map(r => [r.router + ' ' + r.name, r])));
  }
  graph.update({routers: sample.routers, services: serviceRows, clients: clientRows,
    edges: [...tables.edges.values()].map(([router, service, client, rps, count]) => ({router, service, client, rps, count}))});
}

function onSample(sample, bytes) {
  const started = performance.now();
  samples++;
  for (const point of sample.routers) {
    const points = history.get(point.router) || [];
    points.push(point);
    while (points.length && points[0].t < point.t - HISTORY_MS) points.shift();
    history.set(point.router, points);
    drawCard(point.router, point);
  }
  drawTotals(sample.routers);
  applyRows(sample);
  drawTables(sample);
  // For tests and the benchmark: samples drawn, what the last took and weighed, when the first
  // was drawn.
  document.body.dataset.samples = samples;
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
  if (bytes !== undefined) document.body.dataset.sampleBytes = bytes;
  if (samples === 1) document.body.dataset.firstSampleAt = performance.now().toFixed(0);
}

function onHello(hello) {
  for (const [router, points] of Object.entries(hello.history || {})) {
    history.set(router, points.slice());
    if (points.length) drawCard(router, points[points.length - 1]);
  }
  if (hello.latest) {
    // The tables as of the last tick, at once; its router points are in the history already.
    applyRows(hello.latest);
    drawTotals(hello.latest.routers);
    drawTables(hello.latest);
  }
  setStatus(hello.status);
}

function setStatus(html) {
  if (typeof html === 'string') document.querySelector('#status').innerHTML = html;
}

function stream() {
  if (!window.EventSource) return poll();
  const source = new EventSource('/dashboard/events');
  let opened = false;
  source.addEventListener('hello', e => {
    opened = true;
    banner.textContent = 'live';
    banner.className = 'stream-state live';
    onHello(JSON.parse(e.data));
  });
  source.addEventListener('sample', e => onSample(JSON.parse(e.data), e.data.length));
  source.addEventListener('status', e => setStatus(JSON.parse(e.data)));
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      // Refused (too many viewers) or the admin server went away for good: poll instead.
      source.close();
      banner.textContent = opened ? 'stream closed; polling' : 'stream refused; polling once a second';
      banner.className = 'stream-state polling';
      poll();
    } else {
      banner.textContent = 'reconnecting…';
      banner.className = 'stream-state down';
    }
  };
}

async function poll() {
  try {
    onSample(await getJson('/dashboard.json'));
  } catch (e) {
    banner.textContent = 'cannot read /dashboard.json: ' + e.message;
    banner.className = 'stream-state down';
  }
  setTimeout(poll, 1000);
}

// The peer routers and their graphs, every 5 s while the page is open (the admin server asks
// the peers at most once per 5 s however many pages do).
async function pollPeers() {
  try {
    graph.updatePeers(await getJson('/dashboard/peers.json'));
  } catch (e) {
    graph.updatePeers({error: e.message, peers: []});
  }
  setTimeout(pollPeers, 5000);
}

stream();
pollPeers();
