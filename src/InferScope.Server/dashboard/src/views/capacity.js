// Capacity and pressure: KV-cache occupancy with the scaling target, queues, preemptions, GPUs,
// and the autoscaling advice.

import * as api from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { formatCelsius, formatNumber, formatRatio } from "../format.js";
import { METRICS, gaugeBy, rateBy } from "../queries.js";
import { timeWindow } from "../state.js";
import { renderPanels } from "./panels.js";

const DEFAULT_KV_TARGET = 0.45;

async function loadScaling() {
  try {
    return await api.scaling();
  } catch (error) {
    return { error: error.message };
  }
}

function scalingTable(scaling) {
  if (scaling.error) return h("p", { class: "warning" }, `Autoscaling advice unavailable: ${scaling.error}`);
  const endpoints = scaling.endpoints || [];
  if (endpoints.length === 0) return h("p", { class: "empty" }, "No autoscaling advice yet.");
  return h(
    "table",
    { class: "scaling-table" },
    h("thead", null, h("tr", null, ["Endpoint", "Current", "Desired", "KV occupancy", "Waiting per instance", "Reason"].map((t) => h("th", null, t)))),
    h(
      "tbody",
      null,
      endpoints.map((e) =>
        h(
          "tr",
          { "data-endpoint": e.endpoint },
          h("td", null, e.endpoint),
          h("td", { class: "numeric" }, formatNumber(e.currentInstances ?? NaN, 0)),
          h("td", { class: "numeric" }, formatNumber(e.desiredInstances ?? NaN, 0)),
          h("td", { class: "numeric" }, formatRatio(e.kvCacheUsage ?? NaN)),
          h("td", { class: "numeric" }, formatNumber(e.waitingPerInstance ?? NaN)),
          h("td", null, e.reason || ""),
        ),
      ),
    ),
  );
}

export async function renderCapacity(root, state) {
  const window = timeWindow(state);
  const scaling = await loadScaling();
  const target = Number(scaling.kvCacheTarget ?? DEFAULT_KV_TARGET);
  const name = (m) => [m.endpoint, m.instance].filter(Boolean).join(" / ") || "(all)";
  const by = state.instance ? ["endpoint", "instance"] : ["endpoint"];
  const panels = [
    {
      title: "KV-cache occupancy",
      queries: [{ expr: gaugeBy("avg", METRICS.kvUsage, state, by), name }],
      format: formatRatio,
      thresholds: [{ value: target, label: `scaling target ${formatRatio(target)}` }],
    },
    {
      title: "Waiting and running requests",
      queries: [
        { expr: gaugeBy("sum", METRICS.waiting, state, by), name: (m) => `waiting ${name(m)}` },
        { expr: gaugeBy("sum", METRICS.running, state, by), name: (m) => `running ${name(m)}` },
      ],
    },
    { title: "Preemptions per second", queries: [{ expr: rateBy(METRICS.preemptions, state, by), name }] },
    { title: "GPU utilization", queries: [{ expr: gaugeBy("avg", METRICS.gpuUtilization, state, by), name }], format: formatRatio },
    { title: "GPU memory used", queries: [{ expr: gaugeBy("sum", METRICS.gpuMemoryUsed, state, by), name }], format: (v) => `${formatNumber(v / 2 ** 30)} GiB` },
    { title: "GPU temperature (max)", queries: [{ expr: gaugeBy("max", METRICS.gpuTemperature, state, by), name }], format: formatCelsius },
  ];
  replaceChildren(
    root,
    h("section", { class: "card" }, h("h3", null, "Autoscaling advice"), scalingTable(scaling)),
    h("div", { class: "charts" }, await renderPanels(panels, window)),
  );
}
