// The dependency graph: routers -> services -> clients, from the routers' own counters (a
// service's attempts through each client), then -> the peer routers on other nodes that the
// clients send to -> their services (peers.js). Services are grouped by namespace, the first
// path segments of their names, and peers by node pool; a large group is one node until opened,
// and a client sits in the group of the service that sends it the most. Hand-written layered
// layout in SVG; the view zooms (wheel, buttons) and pans (drag).
import {el, esc, fmt, health} from './common.js';
import {placePeers} from './peers.js';

const COL = {router: 0, service: 220, client: 600, peer: 1000, remote: 1360};
const WIDTH = {router: 150, service: 300, client: 300, peer: 300, remote: 300};
const ROW = 26;
const OPEN_UP_TO = 6; // a group with more members starts closed

/** The namespace of a path: its first `depth` segments, or all but the last for a shorter one. */
export function groupOf(name, depth) {
  const segments = name.split('/').filter(Boolean);
  const n = segments.length > depth ? depth : Math.max(1, segments.length - 1);
  return '/' + segments.slice(0, n).join('/');
}

export class DependencyGraph {
  constructor(root) {
    this.depth = 2;
    this.filter = '';
    this.open = new Map(); // group id -> true/false, as the viewer set it
    this.view = null; // {x, y, k}
    this.filterInput = el('input', {type: 'search', class: 'filter', placeholder: 'filter services and clients',
      'aria-label': 'filter the graph', oninput: () => {
        this.filter = this.filterInput.value.trim().toLowerCase();
        this.render();
        this.fit(); // what the filter left, in view
      }});
    const depth = el('input', {type: 'number', min: 1, max: 8, value: this.depth, class: 'depth',
      'aria-label': 'group by path segments', onchange: () => {
        this.depth = Math.max(1, Number(depth.value) || 2);
        this.open.clear();
        this.render();
        this.fit();
      }});
    const button = (label, title, action) => el('button', {title, onclick: action}, label);
    this.summary = el('span', {class: 'count'});
    root.append(el('div', {class: 'table-tools graph-tools'}, this.filterInput,
      el('label', {}, 'group by ', depth, ' segments'),
      button('open all', 'open every group', () => this.setAll(true)),
      button('close all', 'close every group', () => this.setAll(false)),
      button('+', 'zoom in', () => this.zoom(1.25)), button('−', 'zoom out', () => this.zoom(0.8)),
      button('fit', 'fit the graph in view', () => this.fit()), this.summary));
    this.svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg.setAttribute('class', 'graph');
    this.layer = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    this.svg.append(this.layer);
    root.append(this.svg);
    this.svg.addEventListener('click', e => {
      const group = e.target.closest('[data-group]');
      if (group && !this.dragged) {
        const id = group.dataset.group;
        this.open.set(id, !this.isOpen(id, this.groupSizes.get(id) || 0));
        this.render();
      }
    });
    this.svg.addEventListener('wheel', e => {
      e.preventDefault();
      const box = this.svg.getBoundingClientRect();
      this.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - box.left, e.clientY - box.top);
    }, {passive: false});
    this.svg.addEventListener('pointerdown', e => {
      this.drag = {x: e.clientX, y: e.clientY, view: {...this.view}};
      this.dragged = false;
    });
    window.addEventListener('pointermove', e => {
      if (!this.drag) return;
      const dx = e.clientX - this.drag.x, dy = e.clientY - this.drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) this.dragged = true;
      this.view = {...this.drag.view, x: this.drag.view.x + dx, y: this.drag.view.y + dy};
      this.applyView();
    });
    window.addEventListener('pointerup', () => {
      this.drag = null;
    });
    this.groupSizes = new Map();
  }

  isOpen(id, size) {
    if (this.filter) return true; // a filter shows what it matched
    return this.open.has(id) ? this.open.get(id) : size <= OPEN_UP_TO;
  }

  setAll(value) {
    for (const id of this.groupSizes.keys()) this.open.set(id, value);
    this.render();
    this.fit();
  }

  /** data: {routers: [{router, rps, successRate}], services, clients: [{router, name, rps, successRate}], edges: [{router, service, client, rps}]} */
  update(data) {
    this.data = data;
    this.render();
  }

  /** view: /dashboard/peers.json, or {error} when it could not be read. */
  updatePeers(view) {
    this.peers = view;
    this.render();
  }

  model() {
    const {routers, services, clients, edges} = this.data;
    const f = this.filter;
    const serviceKey = s => s.router + ' ' + s.name;
    const clientKey = c => c.router + ' ' + c.name;
    // Which services and clients stay: all, or the matches and their neighbours.
    let keepS = null, keepC = null;
    if (f) {
      const matchedS = new Set(services.filter(s => s.name.toLowerCase().includes(f)).map(serviceKey));
      const matchedC = new Set(clients.filter(c => c.name.toLowerCase().includes(f)).map(clientKey));
      keepS = new Set(matchedS);
      keepC = new Set(matchedC);
      for (const e of edges) {
        const s = e.router + ' ' + e.service, c = e.router + ' ' + e.client;
        if (matchedS.has(s)) keepC.add(c); // the clients of a matched service
        if (matchedC.has(c)) keepS.add(s); // the services of a matched client
      }
    }
    // A client's group is the group of the service that sends it the most.
    const heaviest = new Map();
    for (const e of edges) {
      const c = e.router + ' ' + e.client;
      const weight = e.count || 0;
      if (!heaviest.has(c) || heaviest.get(c).weight < weight) heaviest.set(c, {weight, service: e.service});
    }
    const groups = new Map(); // id -> {id, router, name, services: [], clients: []}
    const groupFor = (router, name) => {
      const id = router + ' ' + groupOf(name, this.depth);
      if (!groups.has(id)) groups.set(id, {id, router, name: groupOf(name, this.depth), services: [], clients: []});
      return groups.get(id);
    };
    for (const s of services) {
      if (!keepS || keepS.has(serviceKey(s))) groupFor(s.router, s.name).services.push(s);
    }
    for (const c of clients) {
      const key = clientKey(c);
      if (keepC && !keepC.has(key)) continue;
      const h = heaviest.get(key);
      if (h) groupFor(c.router, h.service).clients.push(c);
      else groupFor(c.router, '/(no service yet)/x').clients.push(c);
    }
    this.groupSizes = new Map([...groups.values()].map(g => [g.id, g.services.length + g.clients.length]));
    return {routers, groups, edges};
  }

  render() {
    if (!this.data) return;
    const {routers, groups, edges} = this.model();
    const nodes = new Map(); // id -> {id, kind, label, title, x, y, rps, successRate, group}
    const where = new Map(); // service or client key -> visible node id
    const parts = [];
    let y = 0;
    const ordered = [...groups.values()].sort((a, b) => a.router.localeCompare(b.router) || a.name.localeCompare(b.name));
    // Services, group by group.
    for (const g of ordered) {
      const open = this.isOpen(g.id, g.services.length + g.clients.length);
      g.open = open;
      g.top = y;
      if (open) {
        parts.push(`<g class="group-head" data-group="${esc(g.id)}"><text x="${COL.service}" y="${y + 14}">▾ ${esc(g.name)} (${g.services.length})</text></g>`);
        y += ROW;
        for (const s of g.services.sort((a, b) => a.name.localeCompare(b.name))) {
          const id = 's ' + s.router + ' ' + s.name;
          nodes.set(id, {id, kind: 'service', label: s.name, x: COL.service, y, rps: s.rps, successRate: s.successRate});
          where.set(s.router + ' ' + s.name, id);
          y += ROW;
        }
      } else {
        const id = 'g ' + g.id;
        const rps = g.services.reduce((sum, s) => sum + (s.rps || 0), 0);
        nodes.set(id, {id, kind: 'service', group: g.id, label: `▸ ${g.name} (${g.services.length} services)`, x: COL.service, y, rps});
        for (const s of g.services) where.set(s.router + ' ' + s.name, id);
        y += ROW;
      }
      g.bottom = y;
      y += ROW / 2;
    }
    const height = y;
    // Clients: in their group's band, ordered by where their services are.
    const links = new Map(); // "from|to" -> rps
    const link = (from, to, rps) => {
      if (!from || !to) return;
      const k = from + '|' + to;
      links.set(k, (links.get(k) || 0) + (rps || 0));
    };
    const clientEdges = new Map();
    for (const e of edges) {
      const c = e.router + ' ' + e.client;
      if (!clientEdges.has(c)) clientEdges.set(c, []);
      clientEdges.get(c).push(e);
    }
    let cy = 0;
    for (const g of ordered) {
      cy = Math.max(cy, g.top + (g.open ? ROW : 0));
      if (g.open) {
        const placed = g.clients.map(c => {
          const ys = (clientEdges.get(c.router + ' ' + c.name) || [])
            .map(e => nodes.get(where.get(e.router + ' ' + e.service))).filter(Boolean).map(n => n.y);
          return {c, at: ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : g.top};
        }).sort((a, b) => a.at - b.at || a.c.name.localeCompare(b.c.name));
        for (const {c} of placed) {
          const id = 'c ' + c.router + ' ' + c.name;
          nodes.set(id, {id, kind: 'client', label: c.name, x: COL.client, y: cy, rps: c.rps, successRate: c.successRate});
          where.set(c.router + ' ' + c.name, id);
          cy += ROW;
        }
      } else if (g.clients.length) {
        const id = 'h ' + g.id;
        const rps = g.clients.reduce((sum, c) => sum + (c.rps || 0), 0);
        nodes.set(id, {id, kind: 'client', group: g.id, label: `▸ ${g.clients.length} clients of ${g.name}`, x: COL.client, y: cy, rps});
        for (const c of g.clients) where.set(c.router + ' ' + c.name, id);
        cy += ROW;
      }
      cy += ROW / 2;
    }
    const peers = placePeers(this.peers, {x: COL.peer, xs: COL.remote, row: ROW, filter: this.filter,
      isOpen: (id, size) => this.isOpen(id, size), where, nodes, link, parts});
    for (const [id, size] of peers.groups) this.groupSizes.set(id, size);
    // Routers, spread over the height.
    const total = Math.max(height, cy, peers.height);
    routers.forEach((r, i) => {
      const id = 'r ' + r.router;
      nodes.set(id, {id, kind: 'router', label: r.router, x: COL.router,
        y: (i + 0.5) * total / routers.length - ROW / 2, rps: r.rps, successRate: r.successRate});
    });
    for (const g of ordered) {
      for (const s of g.services) link('r ' + s.router, where.get(s.router + ' ' + s.name), s.rps);
    }
    for (const e of edges) {
      link(where.get(e.router + ' ' + e.service), where.get(e.router + ' ' + e.client), e.rps);
    }
    const svgEdges = [];
    for (const [k, rps] of links) {
      const [from, to] = k.split('|').map(id => nodes.get(id));
      if (!from || !to) continue;
      const x1 = from.x + WIDTH[from.kind], y1 = from.y + ROW / 2 - 2, x2 = to.x, y2 = to.y + ROW / 2 - 2;
      const mid = (x1 + x2) / 2;
      const w = Math.min(8, 1 + Math.log10(1 + rps) * 2.5);
      svgEdges.push(`<path class="edge${rps > 0 ? ' live' : ''}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" stroke-width="${w.toFixed(1)}"><title>${esc(fmt.rate(rps))} req/s</title></path>`);
    }
    const svgNodes = [];
    for (const n of nodes.values()) {
      const width = WIDTH[n.kind];
      const label = n.label.length <= 38 ? n.label
        : n.kind === 'peer' ? n.label.slice(0, 37) + '…' : '…' + n.label.slice(-37);
      svgNodes.push(`<g class="node ${n.kind} ${n.cls || health(n.successRate)}${n.group ? ' closed' : ''}" transform="translate(${n.x},${n.y})"${n.group ? ` data-group="${esc(n.group)}"` : ''} data-name="${esc(n.label)}">`
        + `<rect width="${width}" height="${ROW - 4}" rx="4"></rect>`
        + `<text x="6" y="15">${esc(label)}</text><text class="rps" x="${width - 6}" y="15">${esc(fmt.rate(n.rps))}/s</text>`
        + `<title>${esc(n.title || n.label)}: ${esc(fmt.rate(n.rps))} req/s${n.cls ? '' : ', success ' + esc(fmt.pct(n.successRate ?? null))}</title></g>`);
    }
    this.layer.innerHTML = svgEdges.join('') + parts.join('') + svgNodes.join('');
    const services = this.data.services.length, clients = this.data.clients.length;
    const view = this.peers || {};
    const peerText = view.error ? `; peers: cannot read /dashboard/peers.json: ${view.error}`
      : view.peers && view.peers.length ? `; ${view.peers.length} peer routers${peers.errors ? `, ${peers.errors} not read` : ''}`
        + (view.leftOut ? `, ${view.leftOut} more left out (at most ${view.maxPeers} asked)` : '') : '';
    this.summary.textContent = `${services} services, ${clients} clients, ${groups.size} groups; ${nodes.size} nodes shown${peerText}`;
    document.body.dataset.peersShown = peers.shown;
    this.bounds = {width: peers.groups.size ? COL.remote + WIDTH.remote : COL.client + WIDTH.client, height: total};
    if (!this.view) this.fit();
    else this.applyView();
  }

  fit() {
    if (!this.bounds) return;
    const box = this.svg.getBoundingClientRect();
    const w = box.width || 900, h = box.height || 480;
    const k = Math.min(w / (this.bounds.width + 20), h / (this.bounds.height + 20), 1.5);
    this.view = {k, x: (w - this.bounds.width * k) / 2, y: 10};
    this.applyView();
  }

  zoom(factor, cx = null, cy = null) {
    if (!this.view) this.fit();
    const box = this.svg.getBoundingClientRect();
    const px = cx ?? box.width / 2, py = cy ?? box.height / 2;
    const k = Math.max(0.05, Math.min(4, this.view.k * factor));
    const f = k / this.view.k;
    this.view = {k, x: px - (px - this.view.x) * f, y: py - (py - this.view.y) * f};
    this.applyView();
  }

  applyView() {
    const {x, y, k} = this.view;
    this.layer.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(4)})`);
  }
}
