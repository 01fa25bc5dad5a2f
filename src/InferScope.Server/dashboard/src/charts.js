// Time-series charts on uPlot. A range-query matrix becomes one uPlot data table aligned on the
// query's step grid, so series with gaps keep their place on the x axis.

import uPlot from "uplot";
import { h } from "./dom.js";

const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
const MAX_SERIES = 40;

export function seriesName(metric, preferred) {
  for (const key of preferred || []) {
    if (metric[key]) return preferred.length > 1 ? preferred.filter((k) => metric[k]).map((k) => metric[k]).join(" / ") : metric[key];
  }
  const labels = Object.entries(metric).filter(([k]) => k !== "__name__");
  const name = metric.__name__ || "";
  return labels.length ? `${name}{${labels.map(([k, v]) => `${k}="${v}"`).join(", ")}}` : name || "{}";
}

/** Aligns one or more matrices onto the step grid [start, end]. */
export function alignMatrices(sets, start, end, step) {
  const times = [];
  for (let t = start; t <= end + 1e-9; t += step) times.push(Math.round(t * 1000) / 1000);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = [];
  const labels = [];
  for (const { result, name, options } of sets) {
    for (const series of result.slice(0, MAX_SERIES)) {
      const column = new Array(times.length).fill(null);
      for (const [t, v] of series.values || []) {
        const i = index.get(Math.round(Number(t) * 1000) / 1000);
        if (i !== undefined) column[i] = Number(v);
      }
      columns.push(column);
      labels.push({ label: name ? name(series.metric) : seriesName(series.metric), ...(options || {}) });
    }
  }
  return { data: [times, ...columns], labels };
}

/**
 * Draws a chart into a new card. `sets` is a list of { result, name, options } where result is a
 * range-query matrix. `thresholds` draws horizontal lines (e.g. the KV-cache scaling target).
 */
export function chartCard(title, sets, window, { unit = "", stacked = false, thresholds = [], format } = {}) {
  const body = h("div", { class: "chart-body" });
  const card = h("section", { class: "card chart", "data-chart": title }, h("h3", null, title), body);
  const { data, labels } = alignMatrices(sets, window.start, window.end, window.step);
  if (labels.length === 0) {
    body.appendChild(h("p", { class: "empty" }, "No data for this range and filter."));
    return card;
  }
  if (stacked) stack(data);
  const series = [{}];
  labels.forEach((entry, i) => {
    const color = PALETTE[i % PALETTE.length];
    // A series with few values (a fresh target, a short range) is drawn as points so it shows.
    const known = data[i + 1].filter((v) => v !== null).length;
    series.push({
      label: entry.label,
      stroke: color,
      fill: stacked ? color + "66" : undefined,
      width: 1.5,
      spanGaps: false,
      points: { show: known < 30, size: 5, fill: color },
      value: (u, v) => (v === null || v === undefined ? "–" : format ? format(v) : `${Number(v).toPrecision(3)}${unit}`),
    });
  });
  for (const threshold of thresholds) {
    series.push({ label: threshold.label, stroke: "#d62728", dash: [6, 4], width: 1, points: { show: false } });
    data.push(data[0].map(() => threshold.value));
  }
  const width = Math.max(320, (card.clientWidth || 560) - 24);
  const options = {
    width,
    height: 220,
    series,
    axes: [{}, { values: (u, ticks) => ticks.map((v) => (format ? format(v) : `${v}${unit}`)), size: 70 }],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
  };
  requestAnimationFrame(() => {
    options.width = Math.max(320, body.clientWidth || width);
    const plot = new uPlot(options, data, body);
    // The card's width is known only after layout, and changes with the window.
    new ResizeObserver(() => {
      if (body.clientWidth > 0) plot.setSize({ width: body.clientWidth, height: options.height });
    }).observe(body);
  });
  return card;
}

function stack(data) {
  for (let row = 0; row < data[0].length; row++) {
    let total = 0;
    for (let column = 1; column < data.length; column++) {
      const value = data[column][row];
      if (value === null) continue;
      total += value;
      data[column][row] = total;
    }
  }
}
