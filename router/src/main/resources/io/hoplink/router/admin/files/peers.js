// The node-to-node part of the dependency graph, from /dashboard/peers.json: the peer routers
// this router's clients send to (one per node, found by io.l5d.k8s.daemonset), grouped by node
// pool like the services by namespace, each with the services of its own graph when its admin
// port answered, or its error when it did not.
import {esc} from './common.js';

const SERVICES_PER_PEER = 12; // more of one peer's services show as one "+N more" node

/** A node's pool: its name without the last '-' part, or the /24 of its address. */
export function poolOf(peer) {
  const name = peer.node || '';
  const cut = name.lastIndexOf('-');
  if (cut > 0) return name.slice(0, cut);
  return name || peer.host.split('.').slice(0, 3).join('.') + '.0/24';
}

/** A peer's services: its edges summed by router and service, busiest first. */
function servicesOf(peer) {
  const byService = new Map();
  for (const [router, service, client, count, rps] of (peer.view && peer.view.edges) || []) {
    const k = router + ' ' + service;
    const s = byService.get(k) || {router, service, rps: null, count: 0, clients: []};
    if (rps !== null && rps !== undefined) s.rps = (s.rps || 0) + rps;
    s.count += count;
    s.clients.push(client);
    byService.set(k, s);
  }
  return [...byService.values()].sort((a, b) => (b.rps || 0) - (a.rps || 0) || b.count - a.count
    || a.service.localeCompare(b.service));
}

/**
 * Adds the peers to the graph being drawn: ctx has {x, xs (the peers' services' column), row,
 * filter, isOpen(id, size), where (client key -> node id), nodes, link(from, to, rps), parts}.
 * Returns {height, groups (id -> size), shown, errors}.
 */
export function placePeers(view, ctx) {
  const out = {height: 0, groups: new Map(), shown: 0, errors: 0};
  if (!view || !view.peers || !view.peers.length) return out;
  const {x, xs, row, filter: f} = ctx;
  const visibleClient = p => p.clients.some(([router, client]) => ctx.where.has(router + ' ' + client));
  const matches = p => !f || (p.node || '').toLowerCase().includes(f) || p.host.includes(f)
    || visibleClient(p) || servicesOf(p).some(s => s.service.toLowerCase().includes(f));
  const pools = new Map();
  for (const p of view.peers.filter(matches)) {
    const id = 'peers ' + poolOf(p);
    if (!pools.has(id)) pools.set(id, {id, name: poolOf(p), peers: []});
    pools.get(id).peers.push(p);
  }
  let y = 0;
  for (const pool of [...pools.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    out.groups.set(pool.id, pool.peers.length);
    const errors = pool.peers.filter(p => p.status !== 'ok').length;
    out.errors += errors;
    if (!ctx.isOpen(pool.id, pool.peers.length)) {
      const id = 'pg ' + pool.id;
      const rps = pool.peers.reduce((sum, p) => sum + (p.rps || 0), 0);
      ctx.nodes.set(id, {id, kind: 'peer', group: pool.id, x, y, rps,
        cls: errors ? (errors === pool.peers.length ? 'bad' : 'warn') : 'idle',
        label: `▸ ${pool.name} (${pool.peers.length} nodes${errors ? ', ' + errors + ' not read' : ''})`});
      for (const p of pool.peers) ctx.where.set('peer ' + p.host, id);
      y += row * 1.5;
      continue;
    }
    ctx.parts.push(`<g class="group-head" data-group="${esc(pool.id)}"><text x="${x}" y="${y + 14}">▾ ${esc(pool.name)} (${pool.peers.length} nodes)</text></g>`);
    y += row;
    for (const p of pool.peers.sort((a, b) => (a.node || a.host).localeCompare(b.node || b.host))) {
      const id = 'p ' + p.host;
      const name = (p.node || p.host) + (p.self ? ' (this node)' : '');
      const ok = p.status === 'ok';
      ctx.nodes.set(id, {id, kind: 'peer', x, y, rps: p.rps, cls: ok ? 'good' : 'bad',
        label: ok ? name : '⚠ ' + name + ': ' + p.error,
        title: `${p.node || '(node unknown)'} ${p.host}: ${ok ? 'graph read' : p.error}; ${p.requests} requests sent`});
      ctx.where.set('peer ' + p.host, id);
      out.shown++;
      let sy = y;
      const all = servicesOf(p);
      // Matched by a service's name only: those services.
      const byName = f && !(p.node || '').toLowerCase().includes(f) && !p.host.includes(f) && !visibleClient(p);
      const services = byName ? all.filter(s => s.service.toLowerCase().includes(f)) : all;
      // A peer with several routers (outgoing and incoming on one node): each service says its router.
      const routers = new Set(all.map(s => s.router)).size;
      for (const s of services.slice(0, SERVICES_PER_PEER)) {
        const sid = 'v ' + p.host + ' ' + s.router + ' ' + s.service;
        ctx.nodes.set(sid, {id: sid, kind: 'remote', x: xs, y: sy, rps: s.rps, cls: 'idle',
          label: routers > 1 ? s.router + ' ' + s.service : s.service, title: `${p.node || p.host} ${s.router} ${s.service} → ${s.clients.join(', ')}`});
        ctx.link(id, sid, s.rps);
        sy += row;
      }
      if (services.length > SERVICES_PER_PEER) {
        const more = services.slice(SERVICES_PER_PEER);
        const mid = 'v ' + p.host + ' more';
        ctx.nodes.set(mid, {id: mid, kind: 'remote', x: xs, y: sy, cls: 'idle',
          rps: more.reduce((sum, s) => sum + (s.rps || 0), 0), label: `+${more.length} more services`});
        ctx.link(id, mid, ctx.nodes.get(mid).rps);
        sy += row;
      }
      y = Math.max(y + row, sy);
    }
    y += row / 2;
  }
  // This router's clients -> the peers they send to, with the rate of each.
  for (const p of view.peers) {
    for (const [router, client, , , rps] of p.clients) {
      ctx.link(ctx.where.get(router + ' ' + client), ctx.where.get('peer ' + p.host), rps);
    }
  }
  out.height = y;
  return out;
}
