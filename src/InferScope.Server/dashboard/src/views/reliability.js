// Reliability: deployment status over time, cold-start anatomy, AZ distribution of instances.

import * as api from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { formatSeconds } from "../format.js";
import { METRICS, selector } from "../queries.js";
import { timeWindow } from "../state.js";
import { renderPanels } from "./panels.js";

const COLD_START_PHASES = [
  ["model download", METRICS.modelDownload],
  ["container start", METRICS.containerStart],
  ["GPU load", METRICS.modelLoad],
  ["health check", METRICS.healthCheck],
];

async function coldStartTable(state) {
  const expr = COLD_START_PHASES.map(
    ([phase, metric]) => `label_replace(avg by (endpoint) (${selector(metric, state)}), "phase", ${JSON.stringify(phase)}, "", "")`,
  ).join(" or ");
  let result = [];
  try {
    result = (await api.query(expr, state.end)).result;
  } catch (error) {
    return h("p", { class: "warning" }, error.message);
  }
  if (result.length === 0) return h("p", { class: "empty" }, "No cold-start data.");
  const phases = COLD_START_PHASES.map(([phase]) => phase).filter((p) => result.some((s) => s.metric.phase === p));
  const endpoints = [...new Set(result.map((s) => s.metric.endpoint || ""))].sort();
  const value = (endpoint, phase) => result.find((s) => s.metric.endpoint === endpoint && s.metric.phase === phase);
  return h(
    "table",
    { class: "cold-start" },
    h("thead", null, h("tr", null, h("th", null, "Endpoint"), phases.map((p) => h("th", null, p)))),
    h(
      "tbody",
      null,
      endpoints.map((e) => h("tr", null, h("td", null, e), phases.map((p) => h("td", { class: "numeric" }, formatSeconds(api.sampleValue(value(e, p))))))),
    ),
  );
}

export async function renderReliability(root, state) {
  const window = timeWindow(state);
  const panels = [
    {
      title: "Instances by deployment status",
      queries: [{ expr: `sum by (endpoint, state) (${selector(METRICS.deploymentStatus, state)})`, name: (m) => `${m.endpoint || ""} ${m.state || ""}` }],
    },
    { title: "Instances per AZ", queries: [{ expr: `count by (az) (${selector("up", state, ['endpoint!=""'])})`, name: (m) => m.az || "(none)" }] },
    { title: "Targets down", queries: [{ expr: `count by (endpoint) (${selector("up", state, ['endpoint!=""'])} == 0)`, name: (m) => m.endpoint || "" }] },
  ];
  const [charts, coldStart] = await Promise.all([renderPanels(panels, window), coldStartTable(state)]);
  replaceChildren(
    root,
    h("section", { class: "card" }, h("h3", null, "Cold-start anatomy (mean seconds per phase)"), coldStart),
    h("div", { class: "charts" }, charts),
  );
}
