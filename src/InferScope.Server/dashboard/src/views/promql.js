// PromQL view: an expression box with a graph and a table, like Prometheus's expression browser.

import * as api from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { chartCard, seriesName } from "../charts.js";
import { timeWindow } from "../state.js";

function resultTable(data) {
  if (data.resultType === "scalar" || data.resultType === "string") {
    return h("table", { class: "result-table" }, h("tbody", null, h("tr", null, h("td", null, data.resultType), h("td", { class: "numeric" }, String(data.result[1])))));
  }
  const rows = data.result.map((s) =>
    h(
      "tr",
      null,
      h("td", { class: "series" }, seriesName(s.metric)),
      h("td", { class: "numeric" }, s.value ? s.value[1] : (s.values || []).map((v) => v[1]).slice(-1)[0] ?? ""),
    ),
  );
  return h("table", { class: "result-table" }, h("thead", null, h("tr", null, h("th", null, "Series"), h("th", null, "Value"))), h("tbody", null, rows));
}

export async function renderPromql(root, state, navigate) {
  const input = h("textarea", { class: "expr", rows: 3, spellcheck: "false", "aria-label": "PromQL expression" }, state.expr || "");
  const tab = state.tab === "table" ? "table" : "graph";
  const run = () => navigate({ expr: input.value.trim() });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      run();
    }
  });
  const tabs = h(
    "div",
    { class: "segmented" },
    ["graph", "table"].map((t) => h("button", { type: "button", class: t === tab ? "active" : null, onclick: () => navigate({ tab: t }) }, t)),
  );
  const output = h("div", { class: "promql-output" });
  replaceChildren(root, h("div", { class: "promql-form" }, input, h("button", { type: "button", class: "primary", onclick: run }, "Execute"), tabs), output);
  if (!state.expr) {
    output.append(h("p", { class: "empty" }, "Enter an expression, for example sum by (az) (rate(llm_generation_tokens_total[5m]))."));
    return;
  }
  try {
    if (tab === "table") {
      const data = await api.query(state.expr, state.end);
      replaceChildren(output, annotations(data), resultTable(data));
    } else {
      const window = timeWindow(state);
      const data = await api.queryRange(state.expr, window.start, window.end, window.step);
      replaceChildren(output, annotations(data), chartCard(state.expr, [{ result: data.result }], window));
    }
  } catch (error) {
    replaceChildren(output, h("p", { class: "error-message", role: "alert" }, `${error.errorType || "error"}: ${error.message}`));
  }
}

function annotations(data) {
  const notes = [...(data.warnings || []).map((w) => ["warning", w]), ...(data.infos || []).map((i) => ["info", i])];
  return notes.length ? h("ul", { class: "annotations" }, notes.map(([kind, text]) => h("li", { class: kind }, text))) : null;
}
