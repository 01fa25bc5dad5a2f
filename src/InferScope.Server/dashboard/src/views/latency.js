// Latency view: TTFT, ITL and end-to-end percentiles, model vs overhead latency, queue time.

import { h, replaceChildren } from "../dom.js";
import { formatSeconds } from "../format.js";
import { METRICS, PERCENTILES, histogramQuantile, histogramMean } from "../queries.js";
import { timeWindow } from "../state.js";
import { renderPanels } from "./panels.js";

export async function renderLatency(root, state, navigate) {
  const window = timeWindow(state);
  const p = state.percentile in PERCENTILES ? state.percentile : "p99";
  const q = PERCENTILES[p];
  const by = ["endpoint"];
  const name = (m) => m.endpoint || "(all)";
  const panels = [
    { title: `Time to first token ${p}`, queries: [{ expr: histogramQuantile(q, METRICS.ttft, state, by), name }], format: formatSeconds },
    { title: `Inter-token latency ${p}`, queries: [{ expr: histogramQuantile(q, METRICS.itl, state, by), name }], format: formatSeconds },
    { title: `End-to-end latency ${p}`, queries: [{ expr: histogramQuantile(q, METRICS.e2e, state, by), name }], format: formatSeconds },
    {
      title: "Model vs overhead latency (mean, stacked)",
      stacked: true,
      format: formatSeconds,
      queries: [
        { expr: histogramMean(METRICS.modelLatency, state, []), name: () => "model" },
        { expr: histogramMean(METRICS.overheadLatency, state, []), name: () => "overhead" },
      ],
    },
    { title: `Queue time ${p}`, queries: [{ expr: histogramQuantile(q, METRICS.queue, state, by), name }], format: formatSeconds },
  ];
  const toggle = h(
    "div",
    { class: "segmented", role: "group", "aria-label": "percentile" },
    Object.keys(PERCENTILES).map((key) =>
      h("button", { type: "button", class: key === p ? "active" : null, onclick: () => navigate({ percentile: key }) }, key),
    ),
  );
  replaceChildren(root, h("div", { class: "toolbar" }, toggle), h("div", { class: "charts" }, await renderPanels(panels, window)));
}
