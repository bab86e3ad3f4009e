// A sortable, filterable, paginated table: only the rows of the page shown are in the DOM, so
// a thousand rows cost what fifty do. Rows are objects; columns say how to show each field.
import {el} from './common.js';

export class DataTable {
  /**
   * columns: [{key, label, format(value, row), num (right-aligned, sorts descending first),
   * cls(value, row) (a class for the cell)}]; key(row): a row's identity; expand(row, cell):
   * fills the detail cell of an expanded row (optional).
   */
  constructor(root, {columns, key, expand = null, pageSize = 50, name = 'rows', sort = null}) {
    this.columns = columns;
    this.key = key;
    this.expand = expand;
    this.pageSize = pageSize;
    this.name = name;
    this.rows = [];
    this.filter = '';
    this.page = 0;
    this.sortKey = sort ? sort.key : null;
    this.sortDesc = sort ? sort.desc : false;
    this.expanded = new Map(); // key -> detail cell, kept across redraws
    this.filterInput = el('input', {type: 'search', placeholder: 'filter ' + name + ' (text or /regex/)',
      class: 'filter', 'aria-label': 'filter ' + name, oninput: () => {
        this.filter = this.filterInput.value;
        this.page = 0;
        this.render();
      }});
    this.count = el('span', {class: 'count'});
    this.pager = el('span', {class: 'pager'});
    this.thead = el('thead');
    this.tbody = el('tbody');
    root.append(el('div', {class: 'table-tools'}, this.filterInput, this.count, this.pager),
      el('table', {class: 'data'}, this.thead, this.tbody));
    this.renderHead();
  }

  setRows(rows) {
    this.rows = rows;
    this.render();
  }

  renderHead() {
    const tr = el('tr');
    if (this.expand) tr.append(el('th', {class: 'toggle'}));
    for (const c of this.columns) {
      const arrow = this.sortKey === c.key ? (this.sortDesc ? ' ▼' : ' ▲') : '';
      tr.append(el('th', {class: c.num ? 'num sortable' : 'sortable', dataset: {key: c.key},
        title: c.title || 'sort by ' + c.label, onclick: () => this.sortBy(c)}, c.label + arrow));
    }
    this.thead.replaceChildren(tr);
  }

  sortBy(column) {
    if (this.sortKey === column.key) this.sortDesc = !this.sortDesc;
    else {
      this.sortKey = column.key;
      this.sortDesc = !!column.num;
    }
    this.renderHead();
    this.render();
  }

  matcher() {
    const text = this.filter.trim();
    if (!text) return () => true;
    if (text.length > 2 && text.startsWith('/') && text.endsWith('/')) {
      try {
        const re = new RegExp(text.slice(1, -1), 'i');
        return row => this.columns.some(c => !c.num && re.test(String(row[c.key] ?? '')));
      } catch (e) {
        // not a regular expression: a plain substring then
      }
    }
    const lower = text.toLowerCase();
    return row => this.columns.some(c => !c.num && String(row[c.key] ?? '').toLowerCase().includes(lower));
  }

  visibleRows() {
    let rows = this.rows.filter(this.matcher());
    if (this.sortKey) {
      const k = this.sortKey;
      const sign = this.sortDesc ? -1 : 1;
      rows = rows.slice().sort((a, b) => {
        const x = a[k], y = b[k];
        if (x === y) return 0;
        if (x === null || x === undefined) return 1; // blanks last either way
        if (y === null || y === undefined) return -1;
        return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign;
      });
    }
    return rows;
  }

  render() {
    const rows = this.visibleRows();
    const pages = Math.max(1, Math.ceil(rows.length / this.pageSize));
    this.page = Math.min(this.page, pages - 1);
    const shown = rows.slice(this.page * this.pageSize, (this.page + 1) * this.pageSize);
    this.count.textContent = rows.length === this.rows.length
      ? `${this.rows.length} ${this.name}` : `${rows.length} of ${this.rows.length} ${this.name}`;
    this.renderPager(pages);
    const body = [];
    for (const row of shown) {
      const key = this.key(row);
      const tr = el('tr', {dataset: {key}});
      if (this.expand) {
        const open = this.expanded.has(key);
        tr.append(el('td', {class: 'toggle'}, el('button', {class: 'expand', 'aria-expanded': String(open),
          title: open ? 'hide endpoints' : 'show endpoints', onclick: () => this.toggle(row)}, open ? '−' : '+')));
      }
      for (const c of this.columns) {
        const value = row[c.key];
        const cls = [c.num ? 'num' : '', c.cls ? c.cls(value, row) : ''].join(' ').trim();
        tr.append(el('td', {class: cls || null}, c.format ? c.format(value, row) : value ?? ''));
      }
      body.push(tr);
      if (this.expand && this.expanded.has(key)) {
        body.push(el('tr', {class: 'detail'}, this.expanded.get(key)));
      }
    }
    this.tbody.replaceChildren(...body);
  }

  renderPager(pages) {
    if (pages <= 1) {
      this.pager.replaceChildren();
      return;
    }
    const go = page => () => {
      this.page = Math.max(0, Math.min(pages - 1, page));
      this.render();
    };
    this.pager.replaceChildren(
      el('button', {onclick: go(0), disabled: this.page === 0, title: 'first page'}, '«'),
      el('button', {onclick: go(this.page - 1), disabled: this.page === 0, title: 'previous page'}, '‹'),
      el('span', {class: 'page'}, `page ${this.page + 1} of ${pages}`),
      el('button', {onclick: go(this.page + 1), disabled: this.page >= pages - 1, title: 'next page'}, '›'),
      el('button', {onclick: go(pages - 1), disabled: this.page >= pages - 1, title: 'last page'}, '»'));
  }

  toggle(row) {
    const key = this.key(row);
    if (this.expanded.has(key)) {
      this.expanded.delete(key);
    } else {
      const cell = el('td', {colspan: this.columns.length + 1});
      this.expanded.set(key, cell);
      this.expand(row, cell);
    }
    this.render();
  }

  /** Fills every open detail cell again (fresh endpoint state). */
  refreshExpanded(rowsByKey) {
    for (const [key, cell] of this.expanded) {
      const row = rowsByKey.get(key);
      if (row) this.expand(row, cell);
    }
  }
}
