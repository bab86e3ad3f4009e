// The dtab playground: a path, a router (its dtab) and an optional dtab appended for this
// lookup, resolved by /delegator.json into Linkerd's delegation tree, drawn step by step down to
// the bound addresses. The form's state is kept in the URL, so a lookup can be shared.
import {el, getJson, pageData} from './common.js';

const dtabs = pageData('dtabs') || {};
const form = document.querySelector('#delegate-form');
const namespace = document.querySelector('#namespace');
const path = document.querySelector('#path');
const dtab = document.querySelector('#dtab');
const result = document.querySelector('#result');
const baseDtab = document.querySelector('#base-dtab');

function showBase(used = new Set()) {
  const dentries = dtabs[namespace.value] || [];
  baseDtab.replaceChildren(...dentries.map(d => el('div', {class: used.has(d) ? 'dentry used' : 'dentry'}, d + ';')));
  if (!dentries.length) baseDtab.textContent = '(no dtab in force)';
}

const LABEL = {delegate: 'rewritten', alt: 'alternatives (first that is not negative)', union: 'weighted union',
  leaf: 'bound', neg: 'negative (no binding)', fail: 'failed (!)', empty: 'empty ($)', exception: 'error'};

function node(tree, used) {
  const dentry = tree.dentry ? `${tree.dentry.prefix} => ${tree.dentry.dst}` : null;
  if (dentry) used.add(`${tree.dentry.prefix}=>${tree.dentry.dst}`);
  const head = el('div', {class: 'step ' + tree.type},
    el('span', {class: 'badge ' + tree.type}, tree.type),
    el('code', {class: 'path'}, tree.path),
    dentry ? el('span', {class: 'dentry'}, ' by ', el('code', {}, dentry)) : null,
    el('span', {class: 'muted'}, ' ', LABEL[tree.type] || ''));
  const children = [];
  if (tree.delegate) children.push(node(tree.delegate, used));
  if (tree.alt) tree.alt.forEach(t => children.push(node(t, used)));
  if (tree.union) tree.union.forEach(w => children.push(el('li', {class: 'weighted'},
    el('span', {class: 'weight'}, `weight ${w.weight}`), el('ul', {}, node(w.tree, used)))));
  if (tree.bound) children.push(el('li', {}, bound(tree.bound)));
  if (tree.message) children.push(el('li', {class: 'error'}, tree.message));
  return el('li', {}, head, children.length ? el('ul', {}, children) : null);
}

function bound(b) {
  const addr = b.addr || {};
  const addrs = addr.addrs || [];
  return el('div', {class: 'bound'},
    el('div', {}, 'client ', el('code', {class: 'bound-id'}, b.id), b.path && b.path !== '/' ? [' residual ', el('code', {}, b.path)] : null),
    el('div', {}, 'addresses: ', el('span', {class: 'badge ' + addr.type}, addr.type),
      addr.cause ? el('span', {class: 'error'}, ' ' + addr.cause) : null),
    addrs.length ? el('ul', {class: 'addresses'}, addrs.map(a => el('li', {},
      el('code', {class: 'address'}, `${a.ip}:${a.port}`),
      Object.keys(a.meta || {}).length ? el('span', {class: 'muted'}, ' ' + JSON.stringify(a.meta)) : null))) : null);
}

async function resolve() {
  const params = new URLSearchParams({namespace: namespace.value, path: path.value.trim()});
  if (dtab.value.trim()) params.set('dtab', dtab.value.trim());
  history.replaceState(null, '', '/delegator?' + params);
  result.replaceChildren(el('p', {class: 'muted'}, 'resolving…'));
  try {
    const tree = await getJson('/delegator.json?' + params);
    const used = new Set();
    const list = el('ul', {class: 'tree'}, node(tree, used));
    result.replaceChildren(el('h2', {}, `${path.value.trim()} through ${namespace.value}`), list);
    showBase(used);
  } catch (e) {
    result.replaceChildren(el('p', {class: 'error'}, e.message));
  }
}

form.addEventListener('submit', e => {
  e.preventDefault();
  resolve();
});
namespace.addEventListener('change', () => showBase());
const query = new URLSearchParams(location.search);
if (query.get('namespace')) namespace.value = query.get('namespace');
if (query.get('path')) path.value = query.get('path');
if (query.get('dtab')) {
  dtab.value = query.get('dtab');
  document.querySelector('#dtab-box').open = true;
}
showBase();
if (query.get('path')) resolve();
