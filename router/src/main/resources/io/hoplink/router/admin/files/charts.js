// Small line charts on a canvas: the last minutes of a router's numbers.

const COLORS = ['#2f6fdf', '#e0892b', '#c0392b', '#27ae60'];

/**
 * Draws series over time on `canvas`. points: [{t, ...}], oldest first; keys: the fields drawn,
 * one line each; spanMs: the time shown, ending now. A null value leaves a gap.
 */
export function drawLines(canvas, points, keys, {spanMs = 300000, min = 0, max = null, now = Date.now()} = {}) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  let top = max;
  if (top === null) {
    top = 0;
    for (const p of points) for (const k of keys) if (p[k] !== null && p[k] > top) top = p[k];
    top = top <= 0 ? 1 : top * 1.15;
  }
  const x = t => width - (now - t) / spanMs * width;
  const y = v => height - 2 - (v - min) / (top - min || 1) * (height - 4);
  ctx.strokeStyle = '#e4e7ec';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, height - 0.5);
  ctx.lineTo(width, height - 0.5);
  ctx.stroke();
  keys.forEach((key, i) => {
    ctx.strokeStyle = COLORS[i % COLORS.length];
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let drawing = false;
    let lastT = null;
    for (const p of points) {
      const v = p[key];
      // A gap longer than three ticks (nobody watched) is not bridged.
      if (v === null || v === undefined || (lastT !== null && p.t - lastT > 3500)) {
        drawing = false;
      }
      lastT = p.t;
      if (v === null || v === undefined) continue;
      if (drawing) ctx.lineTo(x(p.t), y(v));
      else ctx.moveTo(x(p.t), y(v));
      drawing = true;
    }
    ctx.stroke();
  });
  return top;
}

export function legendColor(i) {
  return COLORS[i % COLORS.length];
}
