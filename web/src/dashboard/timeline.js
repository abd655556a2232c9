// The timeline: events per day stacked by attacker (uPlot bars), from /api/stats?by=day.
// Dragging across it (uPlot's x selection) reports a date range: the dashboard's brush.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el, fill } from '../lib/dom.js';

const DAY = 86400;
const MAX_ATTACKERS = 7; // the rest are stacked as one "other attackers" band, so colours stay readable
const PALETTE = ['#c0392b', '#2c6fbb', '#7d3c98', '#1e8449', '#d68910', '#17a589', '#a04000', '#7f8c8d'];
const HEIGHT = 190;

/** `onBrush(since, until)` is called with YYYY-MM-DD strings when the user drags a range. */
export function createTimeline(container, { onBrush }) {
  let plot = null;
  const resize = new ResizeObserver(() => plot?.setSize({ width: container.clientWidth, height: HEIGHT }));
  resize.observe(container);
  return {
    get plot() {
      return plot;
    },
    /** Draw a stats response over `domain` {since, until} (the date filter, if any); resolves when on screen. */
    setStats(stats, domain = {}) {
      plot?.destroy();
      plot = null;
      const stack = stackByAttacker(stats.series ?? [], domain);
      if (stack.days.length === 0) {
        fill(container, el('p', { className: 'empty', testid: 'timeline-empty', text: 'No dated events match these filters.' }));
        return nextFrame();
      }
      fill(container);
      plot = new uPlot(chartOptions(stack, container.clientWidth, onBrush), stack.data, container);
      return nextFrame();
    },
  };
}

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Daily series -> uPlot data: x = every day of the domain (else from the first to the last dated
 * event), y = cumulative counts per attacker band. */
export function stackByAttacker(series, domain = {}) {
  const totals = new Map();
  for (const row of series) totals.set(attackerOf(row), (totals.get(attackerOf(row)) ?? 0) + row.count);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const shown = ranked.length > MAX_ATTACKERS + 1 ? [...ranked.slice(0, MAX_ATTACKERS), 'other attackers'] : ranked;
  const bandOf = (name) => (shown.includes(name) ? shown.indexOf(name) : shown.length - 1);
  const days = series.length ? dayRange([...series.map((row) => row.period), domain.since, domain.until].filter(Boolean)) : [];
  const index = new Map(days.map((d, i) => [d, i]));
  const counts = shown.map(() => new Array(days.length).fill(0));
  for (const row of series) counts[bandOf(attackerOf(row))][index.get(row.period)] += row.count;
  return { days, attackers: shown, counts, data: stackedData(days, counts) };
}

function attackerOf(row) {
  return row.attacker ?? 'unknown';
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

function chartOptions(stack, width, onBrush) {
  const bands = stack.attackers.map((name, i) => ({ name, i })).reverse();
  return {
    width: Math.max(width, 300),
    height: HEIGHT,
    padding: [8, 12, 0, 4],
    // dates are calendar days, not instants: show them in UTC so no timezone shifts a bar
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    select: { show: true },
    legend: { show: true, live: true },
    scales: { x: { time: true, range: () => padRange(toSeconds(stack.days[0]), toSeconds(stack.days[stack.days.length - 1])) }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { size: 36, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000], values: (u, ticks) => ticks.map(String) }],
    series: [
      { label: 'day', value: (u, ts) => (ts == null ? '' : toDate(ts)) },
      ...bands.map(({ name, i }) => ({
        label: name,
        fill: PALETTE[i % PALETTE.length],
        stroke: PALETTE[i % PALETTE.length],
        width: 0,
        paths: uPlot.paths.bars({ size: [0.85, 40, 2], align: 0 }),
        points: { show: false },
        // the legend shows this attacker's own count, not the running total the bar is drawn with
        value: (u, v, sidx, idx) => (idx == null ? '' : String(stack.counts[i][idx])),
      })),
    ],
    hooks: { setSelect: [(u) => reportBrush(u, onBrush)] },
  };
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
