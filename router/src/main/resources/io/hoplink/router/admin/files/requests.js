// Recent requests: the io.l5d.recentRequests telemeter's sample, read from /requests.json once a
// second while the page is shown (pause to read).
import {el, fmt, getJson} from './common.js';
import {DataTable} from './table.js';

const root = document.querySelector('#recent');
let paused = false;
const pause = el('button', {onclick: () => {
  paused = !paused;
  pause.textContent = paused ? 'resume' : 'pause';
}}, 'pause');
const about = el('span', {class: 'muted'});
root.append(el('p', {}, pause, ' ', about));
const table = new DataTable(root, {
  name: 'requests', key: r => r.key, pageSize: 100,
  columns: [
    {key: 'startedAt', label: 'time', format: v => v.replace('T', ' ').replace('Z', '')},
    {key: 'router', label: 'router'}, {key: 'source', label: 'source'}, {key: 'method', label: 'method'},
    {key: 'service', label: 'name'}, {key: 'client', label: 'client'}, {key: 'endpoint', label: 'endpoint'},
    {key: 'status', label: 'status', num: true, format: v => v < 0 ? 'reset' : v,
      cls: v => v >= 500 || v < 0 ? 'bad' : v >= 400 ? 'warn' : ''},
    {key: 'latencyMs', label: 'latency ms', num: true, format: fmt.ms},
    {key: 'retries', label: 'retries', num: true}],
});

async function refresh() {
  if (!paused && document.visibilityState !== 'hidden') {
    try {
      const data = await getJson('/requests.json');
      about.textContent = `sample rate ${data.sampleRate}, the newest ${data.capacity} kept; ${data.recorded} recorded since the start`;
      table.setRows(data.requests.map((r, i) => ({...r, key: data.recorded - i})));
    } catch (e) {
      if (e.status === 404) {
        document.querySelector('#not-configured').hidden = false;
        root.hidden = true;
        return; // nothing to poll
      }
      about.textContent = 'cannot read /requests.json: ' + e.message;
    }
  }
  setTimeout(refresh, 1000);
}
refresh();
