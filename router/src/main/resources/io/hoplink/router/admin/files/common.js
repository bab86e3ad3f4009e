// Small helpers shared by the admin pages. Plain ES modules, no dependencies.

/** Creates an element: el('td', {class: 'num', title: 'x'}, 'text', childNode). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Escapes text for innerHTML. */
export function esc(text) {
  return String(text).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;',
    '"': '&quot;', "'": '&#39;'}[c]));
}

export const fmt = {
  rate: v => v === null || v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1),
  pct: v => v === null || v === undefined ? '–' : (v * 100).toFixed(v >= 0.9995 ? 0 : 2) + '%',
  ms: v => v === null || v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2),
  int: v => v === null || v === undefined ? '–' : Number(v).toLocaleString('en'),
};

/** The class that colours a success rate. */
export function health(rate) {
  if (rate === null || rate === undefined) return 'idle';
  return rate >= 0.99 ? 'good' : rate >= 0.95 ? 'warn' : 'bad';
}

/** GET as JSON; throws Error(the admin's error message) on a status other than 2xx. */
export async function getJson(url) {
  const response = await fetch(url, {headers: {accept: 'application/json'}});
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error : response.status + ' ' + response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** Reads a JSON data attribute of the page's main element. */
export function pageData(name) {
  const main = document.querySelector('main');
  return main && main.dataset[name] ? JSON.parse(main.dataset[name]) : null;
}
