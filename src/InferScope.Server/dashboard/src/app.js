// Dashboard shell: navigation, filters, theme, refresh loop. Each view renders into #view.

import "uplot/dist/uPlot.min.css";
import "./styles.css";
import * as api from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { FILTER_LABELS, RANGES, REFRESH_SECONDS, VIEWS, WINDOWS, readState, writeState } from "./state.js";
import { renderCapacity } from "./views/capacity.js";
import { renderEngines } from "./views/engines.js";
import { renderFindings } from "./views/findings.js";
import { renderFleet } from "./views/fleet.js";
import { renderLatency } from "./views/latency.js";
import { renderPromql } from "./views/promql.js";
import { renderReliability } from "./views/reliability.js";
import { renderThroughput } from "./views/throughput.js";

const RENDERERS = {
  fleet: renderFleet,
  latency: renderLatency,
  capacity: renderCapacity,
  throughput: renderThroughput,
  reliability: renderReliability,
  findings: renderFindings,
  engines: renderEngines,
  promql: renderPromql,
};

const TITLES = {
  fleet: "Fleet",
  latency: "Latency",
  capacity: "Capacity",
  throughput: "Throughput",
  reliability: "Reliability",
  findings: "Findings",
  engines: "Engines",
  promql: "PromQL",
};

let state = readState();
let refreshTimer = 0;
let renderGeneration = 0;
const filterOptions = {};

/** Applies changes to the view state and the URL. A view that applies them itself passes { render: false }. */
function navigate(changes, options = {}) {
  state = { ...state, ...changes };
  writeState(state);
  if (options.render !== false) render();
}

function applyTheme() {
  const stored = localStorage.getItem("inferscope-theme");
  const dark = stored ? stored === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

function toggleTheme() {
  const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  localStorage.setItem("inferscope-theme", next);
  applyTheme();
  render();
}

async function loadFilterOptions() {
  await Promise.all(
    FILTER_LABELS.map(async (label) => {
      try {
        filterOptions[label] = await api.labelValues(label);
      } catch {
        filterOptions[label] = [];
      }
    }),
  );
}

function select(label, values, current, onChange) {
  return h(
    "label",
    { class: "filter" },
    h("span", null, label),
    h(
      "select",
      { "data-filter": label, onchange: (e) => onChange(e.target.value) },
      h("option", { value: "" }, "all"),
      values.map((v) => h("option", { value: v, selected: v === current }, v)),
      current && !values.includes(current) ? h("option", { value: current, selected: true }, current) : null,
    ),
  );
}

function header() {
  const nav = h(
    "nav",
    { class: "tabs" },
    VIEWS.map((view) =>
      h("a", { href: `#/${view}`, class: view === state.view ? "active" : null, "data-view-link": view, onclick: (e) => { e.preventDefault(); navigate({ view }); } }, TITLES[view]),
    ),
  );
  const filters = h(
    "div",
    { class: "filters" },
    FILTER_LABELS.map((label) => select(label, filterOptions[label] || [], state[label] || "", (v) => navigate({ [label]: v, instance: "" }))),
    state.instance ? h("button", { type: "button", class: "chip", "data-instance-filter": state.instance, onclick: () => navigate({ instance: "" }) }, `instance ${state.instance} ✕`) : null,
    select("range", Object.keys(RANGES), state.range, (v) => navigate({ range: v || "1h" })),
    select("window", WINDOWS, state.window, (v) => navigate({ window: v || "5m" })),
    select("refresh", REFRESH_SECONDS.filter((s) => s > 0).map(String), state.refresh === "0" ? "" : state.refresh, (v) => navigate({ refresh: v || "0" })),
    h("button", { type: "button", class: "theme", "aria-label": "toggle theme", onclick: toggleTheme }, document.documentElement.dataset.theme === "dark" ? "☀" : "☾"),
  );
  return h("header", { class: "top" }, h("h1", null, "InferScope"), nav, filters);
}

/**
 * Renders the header and the current view. A refresh keeps the view's element, so a view can
 * update what it shows in place instead of building it again.
 */
async function render(inPlace = false) {
  const generation = ++renderGeneration;
  // Marks and measures let a benchmark (or the browser's performance panel) time each render.
  const started = performance.now();
  clearTimeout(refreshTimer);
  const app = document.getElementById("app");
  let view = document.getElementById("view");
  if (inPlace && view && view.dataset.view === state.view) {
    app.querySelector("header.top")?.replaceWith(header());
    view.setAttribute("aria-busy", "true");
  } else {
    view = h("main", { id: "view", "data-view": state.view, "aria-busy": "true" });
    replaceChildren(app, header(), view);
  }
  try {
    await RENDERERS[state.view](view, state, navigate);
  } catch (error) {
    replaceChildren(view, h("p", { class: "error-message", role: "alert" }, `Failed to render ${TITLES[state.view]}: ${error.message}`));
  }
  if (generation !== renderGeneration) return;
  view.setAttribute("aria-busy", "false");
  view.dataset.rendered = String(Date.now());
  performance.measure("inferscope:render", { start: started, detail: { view: state.view, refresh: inPlace } });
  const seconds = Number(state.refresh);
  if (seconds > 0) refreshTimer = setTimeout(refresh, seconds * 1000);
}

async function refresh() {
  await loadFilterOptions();
  render(true);
}

window.addEventListener("hashchange", () => {
  state = readState();
  render();
});

applyTheme();
loadFilterOptions().then(render);
