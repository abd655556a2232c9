// The timeline: events per day stacked by the attacker's side (uPlot bars), from /api/stats?by=day,
// in the sides' own colours (lib/sides.js), so a bar is the colour of its events' markers on the map.
// Dragging across it (uPlot's x selection) reports a date range: the dashboard's brush.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el, fill } from '../lib/dom.js';
import { SIDES, sideOf } from '../lib/sides.js';

const DAY = 86400;
const HEIGHT = 190;

/** `onBrush(since, until)` is called with YYYY-MM-DD strings when the user drags a range; `readout`
 * is the element that says, under the cursor, the day and its count per side. */
export function createTimeline(container, { onBrush, readout }) {
  let plot = null;
  let stack = null;
  const resize = new ResizeObserver(() => plot?.setSize({ width: container.clientWidth, height: HEIGHT }));
  resize.observe(container);
  return {
    get plot() {
      return plot;
    },
    /** The bands drawn, bottom first: [{side, label, colour}] (for the tests: the map's colours). */
    get bands() {
      return stack ? stack.sides.map((s) => ({ side: s.key, label: s.label, colour: s.colour })) : [];
    },
    /** Draw a stats response over `domain` {since, until} (the date filter, if any); resolves when on screen. */
    setStats(stats, domain = {}) {
      plot?.destroy();
      plot = null;
      stack = stackBySide(stats.series ?? [], domain);
      showReadout(readout, stack, null);
      if (stack.days.length === 0) {
        fill(container, el('p', { className: 'empty', testid: 'timeline-empty', text: 'No dated events match these filters.' }));
        return nextFrame();
      }
      fill(container);
      plot = new uPlot(chartOptions(stack, container.clientWidth, onBrush, readout), stack.data, container);
      return nextFrame();
    },
  };
}

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Daily series -> uPlot data: x = every day of the domain (else from the first to the last dated
 * event), y = cumulative counts per side band (only the sides that have events, in SIDES order). */
export function stackBySide(series, domain = {}) {
  const present = new Set(series.filter((row) => row.count > 0).map((row) => sideOf(row.affiliation)));
  const sides = SIDES.filter((s) => present.has(s.key));
  const bandOf = new Map(sides.map((s, i) => [s.key, i]));
  const days = series.length ? dayRange([...series.map((row) => row.period), domain.since, domain.until].filter(Boolean)) : [];
  const index = new Map(days.map((d, i) => [d, i]));
  const counts = sides.map(() => new Array(days.length).fill(0));
  for (const row of series) {
    if (row.count > 0) counts[bandOf.get(sideOf(row.affiliation))][index.get(row.period)] += row.count;
  }
  return { days, sides, counts, data: stackedData(days, counts) };
}

function dayRange(periods) {
  if (periods.length === 0) return [];
  const seconds = periods.map(toSeconds);
  const first = Math.min(...seconds);
  const last = Math.max(...seconds);
  const days = [];
  for (let t = first; t <= last; t += DAY) days.push(toDate(t));
  return days;
}

// Bars are opaque and drawn in series order, so drawing the running totals from the top band down
// paints a stack: each band covers the lower part of the one drawn before it.
function stackedData(days, counts) {
  const running = [];
  let sum = new Array(days.length).fill(0);
  for (const band of counts) {
    sum = sum.map((v, i) => v + band[i]);
    running.push(sum);
  }
  const ys = running.reverse().map((values) => values.map((v) => (v === 0 ? null : v)));
  return [days.map(toSeconds), ...ys];
}

function chartOptions(stack, width, onBrush, readout) {
  const bands = stack.sides.map((side, i) => ({ side, i })).reverse();
  return {
    width: Math.max(width, 280),
    height: HEIGHT,
    padding: [8, 12, 0, 4],
    // dates are calendar days, not instants: show them in UTC so no timezone shifts a bar
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    select: { show: true },
    // uPlot's own legend shows labels with no numbers until hovered: the page's side legend and the
    // readout under the chart say the counts instead
    legend: { show: false },
    scales: { x: { time: true, range: () => padRange(toSeconds(stack.days[0]), toSeconds(stack.days[stack.days.length - 1])) }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { size: 36, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000], values: (u, ticks) => ticks.map(String) }],
    series: [
      {},
      ...bands.map(({ side }) => ({
        label: side.label,
        fill: side.colour,
        stroke: side.colour,
        width: 0,
        paths: uPlot.paths.bars({ size: [0.85, 40, 2], align: 0 }),
        points: { show: false },
      })),
    ],
    hooks: {
      setSelect: [(u) => reportBrush(u, onBrush)],
      setCursor: [(u) => showReadout(readout, stack, u.cursor.idx)],
    },
  };
}

/** "2024-01-20 · Iran / Iran-backed 3 · US / coalition 1" for the day under the cursor, else the span. */
function showReadout(readout, stack, idx) {
  if (!readout) return;
  if (idx === null || idx === undefined || !stack.days[idx]) {
    const total = stack.counts.reduce((sum, band) => sum + band.reduce((a, b) => a + b, 0), 0);
    fill(readout, stack.days.length ? `${total.toLocaleString('en')} dated events, ${stack.days[0]} to ${stack.days[stack.days.length - 1]}. Point at a day for its counts.` : '');
    return;
  }
  const parts = stack.sides.map((s, i) => [s, stack.counts[i][idx]]).filter(([, n]) => n > 0)
    .map(([s, n]) => `${s.label} ${n}`);
  fill(readout, `${stack.days[idx]} · ${parts.length ? parts.join(' · ') : 'no events'}`);
}

// A little room either side, so the first and last bars are not cut by the plot's edges. (From the
// days, not from uPlot's data extent, which it widens by years when there is a single day.)
function padRange(min, max) {
  const pad = Math.max(DAY, (max - min) * 0.02);
  return [min - pad, max + pad];
}

function reportBrush(u, onBrush) {
  const { left, width } = u.select;
  if (width < 3) return; // a click, not a drag
  const since = toDate(Math.round(u.posToVal(left, 'x') / DAY) * DAY);
  const until = toDate(Math.round(u.posToVal(left + width, 'x') / DAY) * DAY);
  u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  onBrush(since, until <= since ? since : until);
}

function toSeconds(day) {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

export function toDate(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
