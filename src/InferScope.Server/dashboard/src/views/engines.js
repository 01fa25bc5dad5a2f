// Engines: an A/B comparison of engines serving the same model on the same hardware.

import * as api from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { formatNumber, formatSeconds } from "../format.js";
import { METRICS, histogramQuantile, rateBy, gaugeBy } from "../queries.js";

const GROUP = ["engine", "model", "instance_type"];

export async function renderEngines(root, state) {
  const columns = [
    { title: "TTFT p50", expr: histogramQuantile(0.5, METRICS.ttft, state, GROUP, "15m"), format: formatSeconds },
    { title: "TTFT p99", expr: histogramQuantile(0.99, METRICS.ttft, state, GROUP, "15m"), format: formatSeconds },
    { title: "ITL p50", expr: histogramQuantile(0.5, METRICS.itl, state, GROUP, "15m"), format: formatSeconds },
    { title: "ITL p99", expr: histogramQuantile(0.99, METRICS.itl, state, GROUP, "15m"), format: formatSeconds },
    {
      title: "Output tok/s per instance",
      expr: `${rateBy(METRICS.generationTokens, state, GROUP, "15m")} / ${gaugeBy("count", METRICS.running, state, GROUP)}`,
      format: (v) => formatNumber(v),
    },
    { title: "Instances", expr: gaugeBy("count", METRICS.running, state, GROUP), format: (v) => formatNumber(v, 0) },
  ];
  const results = await Promise.all(columns.map((c) => api.query(c.expr, state.end).then((r) => r.result, () => [])));
  const rows = new Map();
  results.forEach((result, i) => {
    for (const sample of result) {
      const key = GROUP.map((k) => sample.metric[k] || "").join("\u0000");
      if (!rows.has(key)) rows.set(key, { metric: sample.metric, values: [] });
      rows.get(key).values[i] = api.sampleValue(sample);
    }
  });
  if (rows.size === 0) {
    replaceChildren(root, h("p", { class: "empty" }, "No engine data for this range and filter."));
    return;
  }
  replaceChildren(
    root,
    h(
      "table",
      { class: "engines-table" },
      h("thead", null, h("tr", null, GROUP.map((g) => h("th", null, g)), columns.map((c) => h("th", { class: "numeric" }, c.title)))),
      h(
        "tbody",
        null,
        [...rows.values()].map((row) =>
          h("tr", null, GROUP.map((g) => h("td", null, row.metric[g] || "")), columns.map((c, i) => h("td", { class: "numeric" }, c.format(row.values[i])))),
        ),
      ),
    ),
    h("p", { class: "note" }, "Percentiles sum each group's histogram buckets over 15 minutes before the quantile."),
  );
}
