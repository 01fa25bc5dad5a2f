// Shared helper for views made of range-query charts.

import * as api from "../api.js";
import { h } from "../dom.js";
import { chartCard } from "../charts.js";

/**
 * Runs each panel's queries over the state's window and returns chart cards. A panel is
 * { title, queries: [{ expr, name }], unit, format, stacked, thresholds }.
 */
export async function renderPanels(panels, window) {
  return Promise.all(
    panels.map(async (panel) => {
      try {
        const sets = await Promise.all(
          panel.queries.map(async (q) => ({
            result: (await api.queryRange(q.expr, window.start, window.end, window.step)).result,
            name: q.name,
            options: q.options,
          })),
        );
        const card = chartCard(panel.title, sets, window, panel);
        card.append(queryLinks(panel.queries));
        return card;
      } catch (error) {
        return h("section", { class: "card chart error" }, h("h3", null, panel.title), h("p", { class: "warning" }, error.message));
      }
    }),
  );
}

function queryLinks(queries) {
  return h(
    "details",
    { class: "queries" },
    h("summary", null, "PromQL"),
    queries.map((q) => h("a", { href: `#/promql?expr=${encodeURIComponent(q.expr)}`, class: "query-link" }, q.expr)),
  );
}
