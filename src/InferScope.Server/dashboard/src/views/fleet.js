// Fleet view: one hexagon per instance grouped by AZ and endpoint (or inference component),
// a hover card, a sortable table, and AZ traffic totals with zero-traffic AZs flagged.

import * as api from "../api.js";
import { h, svg, replaceChildren } from "../dom.js";
import { formatCelsius, formatNumber, formatRatio, formatSeconds } from "../format.js";
import { classify, HEALTH_LEGEND } from "../health.js";
import { METRICS, histogramQuantile, rateBy, gaugeBy, selector } from "../queries.js";

const KEY_LABELS = ["endpoint", "instance"];
const IDENTITY_LABELS = ["endpoint", "instance", "node", "az", "instance_type", "gpu_type", "engine", "model", "component"];
// GPU exporters are separate targets on the same host, so GPU values join instances by node.
const NODE_LABELS = ["endpoint", "node"];
// Exporter targets (GPU, host) share the endpoint label but are not serving instances, and
// targets of no known engine (such as a control plane) are not instances either.
const EXPORTER_MATCHER = 'engine!~"dcgm|node|node.exporter"';
const HEX_RADIUS = 9;
const HEX_COLUMNS = 24;

export const COLUMNS = [
  { key: "instance", title: "Instance", text: (r) => r.instance },
  { key: "endpoint", title: "Endpoint", text: (r) => r.endpoint },
  { key: "az", title: "AZ", text: (r) => r.az },
  { key: "instance_type", title: "Type", text: (r) => r.instance_type },
  { key: "ttftP99", title: "TTFT p99", text: (r) => formatSeconds(r.ttftP99), numeric: true },
  { key: "outputTokensPerSecond", title: "Output tok/s", text: (r) => formatNumber(r.outputTokensPerSecond), numeric: true },
  { key: "concurrency", title: "Concurrent", text: (r) => formatNumber(r.concurrency, 0), numeric: true },
  { key: "kv", title: "KV cache", text: (r) => formatRatio(r.kv), numeric: true },
  { key: "gpuTemperature", title: "GPU temp", text: (r) => formatCelsius(r.gpuTemperature), numeric: true },
  { key: "status", title: "Status", text: (r) => r.status || (r.up === 1 ? "up" : r.up === 0 ? "down" : "–") },
];

function rowKey(metric, labels = KEY_LABELS) {
  return labels.map((k) => metric[k] || "").join("\u0000");
}

/** Loads one row per instance with the values the hover card and table show. */
export async function loadFleet(state) {
  const unfiltered = { ...state, instance: "" };
  const by = KEY_LABELS;
  const identity = `group by (${IDENTITY_LABELS.join(", ")}) (${selector(METRICS.running, unfiltered)} or ${selector("up", unfiltered, ['endpoint!=""', 'engine!=""', EXPORTER_MATCHER])})`;
  const queries = {
    identity,
    ttftP99: histogramQuantile(0.99, METRICS.ttft, unfiltered, by, state.window),
    outputTokensPerSecond: rateBy(METRICS.generationTokens, unfiltered, by, state.window),
    concurrency: gaugeBy("sum", METRICS.running, unfiltered, by),
    kv: gaugeBy("avg", METRICS.kvUsage, unfiltered, by),
    gpuTemperature: gaugeBy("max", METRICS.gpuTemperature, unfiltered, by),
    gpuTemperatureByNode: gaugeBy("max", METRICS.gpuTemperature, unfiltered, NODE_LABELS),
    up: `min by (endpoint, instance) (${selector("up", unfiltered, [EXPORTER_MATCHER])})`,
    status: `${selector(METRICS.deploymentStatus, unfiltered)} == 1`,
    azTraffic: rateBy(METRICS.requests, { ...unfiltered, az: "" }, ["az"], state.window),
  };
  const entries = await Promise.all(
    Object.entries(queries).map(async ([name, expr]) => {
      try {
        return [name, (await api.query(expr, state.end)).result];
      } catch (error) {
        return [name, [], error];
      }
    }),
  );
  const results = Object.fromEntries(entries.map(([name, result]) => [name, result]));
  const rows = new Map();
  for (const sample of results.identity) {
    const row = { health: "nodata" };
    for (const label of IDENTITY_LABELS) row[label] = sample.metric[label] || "";
    rows.set(rowKey(sample.metric), row);
  }
  for (const name of ["ttftP99", "outputTokensPerSecond", "concurrency", "kv", "gpuTemperature", "up"]) {
    for (const sample of results[name]) {
      const row = rows.get(rowKey(sample.metric));
      if (row) row[name] = api.sampleValue(sample);
    }
  }
  const byNode = new Map();
  for (const row of rows.values()) if (row.node) byNode.set(rowKey(row, NODE_LABELS), row);
  for (const sample of results.gpuTemperatureByNode) {
    const row = byNode.get(rowKey(sample.metric, NODE_LABELS));
    if (row && !Number.isFinite(row.gpuTemperature)) row.gpuTemperature = api.sampleValue(sample);
  }
  for (const sample of results.status) {
    // The control plane names instances by host, which engine targets carry as node.
    const row = rows.get(rowKey(sample.metric)) || byNode.get(rowKey({ endpoint: sample.metric.endpoint, node: sample.metric.instance }, NODE_LABELS));
    if (row) row.status = sample.metric.state || sample.metric.status || "";
  }
  for (const row of rows.values()) row.health = classify(row);
  const azTraffic = new Map(results.azTraffic.map((s) => [s.metric.az || "", api.sampleValue(s)]));
  const errors = entries.filter((e) => e[2]).map(([name, , error]) => `${name}: ${error.message}`);
  return { rows: [...rows.values()], azTraffic, queries, errors };
}

function hexPoints(cx, cy, r) {
  const points = [];
  for (let i = 0; i < 6; i++) {
    const angle = (Math.PI / 3) * i + Math.PI / 6;
    points.push(`${(cx + r * Math.cos(angle)).toFixed(1)},${(cy + r * Math.sin(angle)).toFixed(1)}`);
  }
  return points.join(" ");
}

function groupRows(rows, groupLabel) {
  const byAz = new Map();
  for (const row of rows) {
    const az = row.az || "(no az)";
    if (!byAz.has(az)) byAz.set(az, new Map());
    const groups = byAz.get(az);
    const group = (groupLabel === "component" ? row.component || row.endpoint : row.endpoint) || "(no endpoint)";
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(row);
  }
  return new Map([...byAz.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function hoverCard() {
  const fields = {};
  const card = h("div", { class: "hover-card", role: "tooltip", hidden: true });
  const title = h("strong", { "data-field": "instance" });
  const list = h("dl");
  for (const column of COLUMNS.slice(3)) {
    const value = h("dd", { "data-field": column.key });
    fields[column.key] = { value, column };
    list.append(h("dt", null, column.title), value);
  }
  card.append(title, list);
  return {
    element: card,
    show(row, x, y) {
      title.textContent = `${row.instance} (${row.endpoint}, ${row.az})`;
      for (const { value, column } of Object.values(fields)) {
        value.textContent = column.text(row);
        value.dataset.value = String(row[column.key] ?? "");
      }
      card.hidden = false;
      card.style.left = `${x + 14}px`;
      card.style.top = `${y + 14}px`;
    },
    hide() {
      card.hidden = true;
    },
  };
}

function azSection(az, groups, traffic, totalTraffic, card, onSelect, selected) {
  const share = totalTraffic > 0 ? traffic / totalTraffic : 0;
  const zero = !(traffic > 0);
  const header = h(
    "header",
    { class: "az-header" },
    h("h3", null, az),
    h("span", { class: "az-share", "data-az-share": az }, `traffic ${formatRatio(share)}`),
    zero ? h("span", { class: "badge critical", "data-zero-traffic": az }, "no traffic") : null,
  );
  const section = h("section", { class: zero ? "az zero-traffic" : "az", "data-az": az }, header);
  for (const [group, rows] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const columns = Math.min(HEX_COLUMNS, rows.length);
    const rowsOfHexes = Math.ceil(rows.length / HEX_COLUMNS);
    const width = columns * HEX_RADIUS * 1.75 + HEX_RADIUS * 2;
    const height = rowsOfHexes * HEX_RADIUS * 1.55 + HEX_RADIUS * 2;
    const grid = svg("svg", { class: "hexgrid", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${group} instances in ${az}` });
    rows.sort((a, b) => a.instance.localeCompare(b.instance));
    rows.forEach((row, i) => {
      const r = Math.floor(i / HEX_COLUMNS);
      const c = i % HEX_COLUMNS;
      const cx = HEX_RADIUS + 2 + c * HEX_RADIUS * 1.75 + (r % 2 ? HEX_RADIUS * 0.87 : 0);
      const cy = HEX_RADIUS + 2 + r * HEX_RADIUS * 1.55;
      const cell = svg("polygon", {
        points: hexPoints(cx, cy, HEX_RADIUS),
        class: `hex ${row.health}${selected === row.instance ? " selected" : ""}`,
        "data-instance": row.instance,
        "data-endpoint": row.endpoint,
        tabindex: 0,
      });
      cell.addEventListener("mousemove", (e) => card.show(row, e.pageX, e.pageY));
      cell.addEventListener("focus", () => {
        const box = cell.getBoundingClientRect();
        card.show(row, box.right + window.scrollX, box.top + window.scrollY);
      });
      cell.addEventListener("mouseleave", () => card.hide());
      cell.addEventListener("blur", () => card.hide());
      cell.addEventListener("click", () => onSelect(row));
      grid.appendChild(cell);
    });
    section.append(h("div", { class: "hex-group" }, h("span", { class: "group-label" }, group), grid));
  }
  return section;
}

function fleetTable(rows, state, onSort, onSelect) {
  const sortKey = state.sort || "instance";
  const descending = state.order === "desc";
  const column = COLUMNS.find((c) => c.key === sortKey) || COLUMNS[0];
  const sorted = [...rows].sort((a, b) => {
    const x = a[column.key];
    const y = b[column.key];
    let order;
    if (column.numeric) order = (Number.isFinite(x) ? x : -Infinity) - (Number.isFinite(y) ? y : -Infinity);
    else order = String(x ?? "").localeCompare(String(y ?? ""));
    return descending ? -order : order;
  });
  const head = h(
    "tr",
    null,
    COLUMNS.map((c) =>
      h(
        "th",
        { class: c.numeric ? "numeric" : null, "aria-sort": c.key === sortKey ? (descending ? "descending" : "ascending") : null },
        h("button", { type: "button", onclick: () => onSort(c.key) }, c.title, c.key === sortKey ? (descending ? " ▼" : " ▲") : ""),
      ),
    ),
  );
  const body = sorted.map((row) =>
    h(
      "tr",
      { class: `health-${row.health}`, "data-instance": row.instance, onclick: () => onSelect(row) },
      COLUMNS.map((c) => h("td", { class: c.numeric ? "numeric" : null }, c.text(row))),
    ),
  );
  return h("table", { class: "fleet-table" }, h("thead", null, head), h("tbody", null, body));
}

export async function renderFleet(root, state, navigate) {
  const { rows, azTraffic, errors } = await loadFleet(state);
  const card = hoverCard();
  const select = (row) => navigate({ instance: state.instance === row.instance ? "" : row.instance, endpoint: row.endpoint });
  const sort = (key) => navigate({ sort: key, order: state.sort === key && state.order !== "desc" ? "desc" : "asc" });
  const visible = rows.filter((r) => !state.az || r.az === state.az);
  const byAz = groupRows(visible, state.group);
  for (const az of azTraffic.keys()) if (az && !byAz.has(az) && (!state.az || state.az === az)) byAz.set(az, new Map());
  const totalTraffic = [...azTraffic.values()].reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const legend = h(
    "ul",
    { class: "legend" },
    HEALTH_LEGEND.map((entry) => h("li", null, h("span", { class: `swatch ${entry.health}` }), entry.text)),
  );
  const toggle = h(
    "label",
    { class: "toggle" },
    "Group by ",
    h(
      "select",
      { "data-control": "group", onchange: (e) => navigate({ group: e.target.value }) },
      h("option", { value: "endpoint", selected: state.group !== "component" }, "endpoint"),
      h("option", { value: "component", selected: state.group === "component" }, "inference component"),
    ),
  );
  const grid = h(
    "div",
    { class: "fleet-grid" },
    [...byAz.entries()].map(([az, groups]) => azSection(az, groups, azTraffic.get(az) || 0, totalTraffic, card, select, state.instance)),
  );
  const summary = h("p", { class: "summary" }, `${visible.length} instances in ${byAz.size} availability zones`);
  replaceChildren(
    root,
    h("div", { class: "toolbar" }, summary, toggle, legend),
    errors.length ? h("p", { class: "warning" }, `Some fleet queries failed: ${errors.join("; ")}`) : null,
    h("div", { class: "fleet" }, grid, h("div", { class: "table-wrap" }, fleetTable(visible, state, sort, select))),
    card.element,
  );
}
