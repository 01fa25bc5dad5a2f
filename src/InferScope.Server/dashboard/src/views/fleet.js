// Fleet view: one hexagon per instance grouped by AZ and endpoint (or inference component),
// a hover card, a sortable table, and AZ traffic totals with zero-traffic AZs flagged.
//
// A fleet can have a thousand instances, so the view is built once and updated in place on each
// refresh. Hexagons keep their elements and only change class. Table rows are reused, and a cell
// is written only when its text changes. The grid and the table each have one set of event
// listeners, which find the instance from the event's target.

import * as api from "../api.js";
import { h, svg, replaceChildren } from "../dom.js";
import { formatCelsius, formatNumber, formatRatio, formatSeconds } from "../format.js";
import { classify, HEALTH_LEGEND } from "../health.js";
import { METRICS, histogramQuantile, rateBy, gaugeBy, selector } from "../queries.js";
import { readState } from "../state.js";

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

const collator = new Intl.Collator(undefined, { numeric: true });

function rowKey(metric, labels = KEY_LABELS) {
  return labels.map((k) => metric[k] || "").join("\u0000");
}

function identityRows(identity) {
  const rows = new Map();
  for (const sample of identity) {
    const row = { health: "nodata" };
    for (const label of IDENTITY_LABELS) row[label] = sample.metric[label] || "";
    rows.set(rowKey(sample.metric), row);
  }
  return rows;
}

/**
 * Loads one row per instance with the values the hover card and table show. When the list of
 * instances arrives before the values, onInstances receives it first, so the grid can be drawn.
 */
export async function loadFleet(state, onInstances) {
  const unfiltered = { ...state, instance: "" };
  const by = KEY_LABELS;
  // NOTE: a target down since it was added has no detected engine, so it gets no cell here.
  // Findings still report it. Targets that are no engine, such as a router, have no engine label either.
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
        const { result } = await api.query(expr, state.end);
        if (name === "identity" && onInstances) onInstances([...identityRows(result).values()]);
        return [name, result];
      } catch (error) {
        return [name, [], error];
      }
    }),
  );
  const results = Object.fromEntries(entries.map(([name, result]) => [name, result]));
  const rows = identityRows(results.identity);
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
  for (const groups of byAz.values()) for (const rows of groups.values()) rows.sort((a, b) => collator.compare(a.instance, b.instance));
  return new Map([...byAz.entries()].sort(([a], [b]) => collator.compare(a, b)));
}

function hoverCard() {
  const fields = [];
  const card = h("div", { class: "hover-card", role: "tooltip", hidden: true });
  const title = h("strong", { "data-field": "instance" });
  const list = h("dl");
  for (const column of COLUMNS.slice(3)) {
    const value = h("dd", { "data-field": column.key });
    fields.push({ value, column });
    list.append(h("dt", null, column.title), value);
  }
  card.append(title, list);
  let shown = null;
  return {
    element: card,
    get key() {
      return shown && !card.hidden ? rowKey(shown) : null;
    },
    fill(row) {
      shown = row;
      title.textContent = `${row.instance} (${row.endpoint}, ${row.az})`;
      for (const { value, column } of fields) {
        value.textContent = column.text(row);
        value.dataset.value = String(row[column.key] ?? "");
      }
    },
    show(row, x, y) {
      if (row !== shown || card.hidden) this.fill(row);
      card.hidden = false;
      card.style.left = `${x + 14}px`;
      card.style.top = `${y + 14}px`;
    },
    hide() {
      card.hidden = true;
    },
  };
}

function compareRows(column, descending) {
  return (a, b) => {
    const x = a[column.key];
    const y = b[column.key];
    let order;
    if (column.numeric) order = (Number.isFinite(x) ? x : -Infinity) - (Number.isFinite(y) ? y : -Infinity);
    else order = collator.compare(String(x ?? ""), String(y ?? ""));
    if (order === 0) order = collator.compare(a.instance, b.instance) || collator.compare(a.endpoint, b.endpoint);
    return descending ? -order : order;
  };
}

/** Creates the hexagon grid (one SVG per AZ and group), which is rebuilt only when the set of instances changes. */
function hexGrid(card, onSelect) {
  const element = h("div", { class: "fleet-grid" });
  let layout = "";
  let cells = [];
  let headers = new Map();
  let rowsByKey = new Map();

  const cellRow = (target) => {
    const cell = target instanceof Element ? target.closest("polygon.hex") : null;
    return cell ? { cell, row: rowsByKey.get(cells[Number(cell.dataset.index)]?.key) } : null;
  };
  element.addEventListener("mousemove", (e) => {
    const hit = cellRow(e.target);
    if (hit?.row) card.show(hit.row, e.pageX, e.pageY);
    else card.hide();
  });
  element.addEventListener("mouseleave", () => card.hide());
  element.addEventListener("focusin", (e) => {
    const hit = cellRow(e.target);
    if (!hit?.row) return;
    const box = hit.cell.getBoundingClientRect();
    card.show(hit.row, box.right + window.scrollX, box.top + window.scrollY);
  });
  element.addEventListener("focusout", () => card.hide());
  element.addEventListener("click", (e) => {
    const hit = cellRow(e.target);
    if (hit?.row) onSelect(hit.row);
  });
  element.addEventListener("keydown", (e) => {
    const hit = e.key === "Enter" ? cellRow(e.target) : null;
    if (hit?.row) onSelect(hit.row);
  });

  // Traffic is null while only the list of instances has arrived, so no AZ is flagged yet.
  function azHeader(az, traffic, totalTraffic) {
    if (traffic === null) return { zero: false, children: [h("h3", null, az), h("span", { class: "az-share", "data-az-share": az }, "traffic –")] };
    const share = totalTraffic > 0 ? traffic / totalTraffic : 0;
    const zero = !(traffic > 0);
    return {
      zero,
      children: [
        h("h3", null, az),
        h("span", { class: "az-share", "data-az-share": az }, `traffic ${formatRatio(share)}`),
        zero ? h("span", { class: "badge critical", "data-zero-traffic": az }, "no traffic") : null,
      ],
    };
  }

  function build(byAz, azTraffic, totalTraffic) {
    cells = [];
    headers = new Map();
    const sections = [];
    for (const [az, groups] of byAz) {
      const { zero, children } = azHeader(az, azTraffic ? azTraffic.get(az) || 0 : null, totalTraffic);
      const header = h("header", { class: "az-header" }, children);
      const section = h("section", { class: zero ? "az zero-traffic" : "az", "data-az": az }, header);
      headers.set(az, { header, section });
      for (const [group, rows] of [...groups.entries()].sort(([a], [b]) => collator.compare(a, b))) {
        const columns = Math.min(HEX_COLUMNS, rows.length);
        const rowsOfHexes = Math.ceil(rows.length / HEX_COLUMNS);
        const width = columns * HEX_RADIUS * 1.75 + HEX_RADIUS * 2;
        const height = rowsOfHexes * HEX_RADIUS * 1.55 + HEX_RADIUS * 2;
        const grid = svg("svg", { class: "hexgrid", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${group} instances in ${az}` });
        rows.forEach((row, i) => {
          const r = Math.floor(i / HEX_COLUMNS);
          const c = i % HEX_COLUMNS;
          const cx = HEX_RADIUS + 2 + c * HEX_RADIUS * 1.75 + (r % 2 ? HEX_RADIUS * 0.87 : 0);
          const cy = HEX_RADIUS + 2 + r * HEX_RADIUS * 1.55;
          const polygon = svg("polygon", {
            points: hexPoints(cx, cy, HEX_RADIUS),
            "data-instance": row.instance,
            "data-endpoint": row.endpoint,
            "data-index": cells.length,
            tabindex: 0,
          });
          cells.push({ key: rowKey(row), polygon, className: "" });
          grid.appendChild(polygon);
        });
        section.append(h("div", { class: "hex-group" }, h("span", { class: "group-label" }, group), grid));
      }
      sections.push(section);
    }
    element.replaceChildren(...sections);
  }

  return {
    element,
    update(byAz, azTraffic, totalTraffic, selected) {
      rowsByKey = new Map();
      const keys = [];
      for (const [az, groups] of byAz) {
        keys.push(`\u0001${az}`);
        for (const [group, rows] of groups) {
          keys.push(`\u0002${group}`);
          for (const row of rows) {
            const key = rowKey(row);
            rowsByKey.set(key, row);
            keys.push(key);
          }
        }
      }
      const nextLayout = keys.join("\u0003");
      if (nextLayout !== layout) {
        build(byAz, azTraffic, totalTraffic);
        layout = nextLayout;
      } else {
        for (const [az, { header, section }] of headers) {
          const { zero, children } = azHeader(az, azTraffic ? azTraffic.get(az) || 0 : null, totalTraffic);
          replaceChildren(header, children);
          section.className = zero ? "az zero-traffic" : "az";
        }
      }
      for (const cell of cells) {
        const row = rowsByKey.get(cell.key);
        const className = `hex ${row.health}${selected === row.instance ? " selected" : ""}`;
        if (className !== cell.className) {
          cell.polygon.setAttribute("class", className);
          cell.className = className;
        }
      }
    },
  };
}

/** Creates the sortable table, whose rows are kept by instance and whose cells are rewritten only when their text changes. */
function fleetTable(onSort, onSelect) {
  const headCells = COLUMNS.map((column) => {
    const label = h("span");
    const button = h("button", { type: "button", "data-sort": column.key }, column.title, label);
    return { column, label, th: h("th", { class: column.numeric ? "numeric" : null, role: "columnheader" }, button) };
  });
  // The stylesheet lays rows out as grids, so the roles restate the table semantics.
  const head = h("thead", { role: "rowgroup" }, h("tr", { role: "row" }, headCells.map((c) => c.th)));
  const body = h("tbody", { role: "rowgroup" });
  const table = h("table", { class: "fleet-table", role: "table" }, head, body);
  head.addEventListener("click", (e) => {
    const button = e.target instanceof Element ? e.target.closest("button[data-sort]") : null;
    if (button) onSort(button.dataset.sort);
  });
  body.addEventListener("click", (e) => {
    const tr = e.target instanceof Element ? e.target.closest("tr") : null;
    const entry = tr && entries.get(tr.dataset.key);
    if (entry) onSelect(entry.row);
  });
  let entries = new Map();
  let rows = [];
  let order = [];

  function entryFor(row) {
    const key = rowKey(row);
    let entry = entries.get(key);
    if (!entry) {
      const cells = COLUMNS.map((c) => h("td", { class: c.numeric ? "numeric" : null, role: "cell" }));
      entry = { tr: h("tr", { role: "row", "data-instance": row.instance }, cells), cells, texts: [], className: "" };
      entry.tr.dataset.key = key;
    }
    entry.row = row;
    const className = `health-${row.health}`;
    if (className !== entry.className) {
      entry.tr.className = className;
      entry.className = className;
    }
    COLUMNS.forEach((column, i) => {
      const text = column.text(row);
      if (entry.texts[i] !== text) {
        entry.cells[i].textContent = text;
        entry.texts[i] = text;
      }
    });
    return entry;
  }

  return {
    element: table,
    update(nextRows) {
      const next = new Map();
      for (const row of nextRows) next.set(rowKey(row), entryFor(row));
      entries = next;
      rows = nextRows;
    },
    sort(sortKey, descending) {
      const column = COLUMNS.find((c) => c.key === sortKey) || COLUMNS[0];
      for (const { column: c, label, th } of headCells) {
        const active = c.key === column.key;
        let sort = null;
        let arrow = "";
        if (active) {
          sort = descending ? "descending" : "ascending";
          arrow = descending ? " ▼" : " ▲";
        }
        if (th.getAttribute("aria-sort") !== sort) {
          if (sort) th.setAttribute("aria-sort", sort);
          else th.removeAttribute("aria-sort");
        }
        if (label.textContent !== arrow) label.textContent = arrow;
      }
      const sorted = [...rows].sort(compareRows(column, descending)).map((row) => entries.get(rowKey(row)).tr);
      const changed = sorted.length !== order.length || sorted.some((tr, i) => tr !== order[i]);
      if (changed) {
        body.replaceChildren(...sorted);
        order = sorted;
      }
    },
  };
}

/** Builds the view's elements once. Its update() then applies each refresh's data in place. */
function fleetView(root, navigate) {
  let state = {};
  const card = hoverCard();
  const select = (row) => navigate({ instance: state.instance === row.instance ? "" : row.instance, endpoint: row.endpoint });
  const sortBy = (key) => {
    const order = state.sort === key && state.order !== "desc" ? "desc" : "asc";
    state = { ...state, sort: key, order };
    // Sorting only reorders rows already on the page, so it needs no new queries.
    navigate({ sort: key, order }, { render: false });
    table.sort(key, order === "desc");
  };
  const grid = hexGrid(card, select);
  const table = fleetTable(sortBy, select);
  const summary = h("p", { class: "summary" });
  const warning = h("p", { class: "warning", hidden: true });
  const legend = h(
    "ul",
    { class: "legend" },
    HEALTH_LEGEND.map((entry) => h("li", null, h("span", { class: `swatch ${entry.health}` }), entry.text)),
  );
  const groupSelect = h(
    "select",
    { "data-control": "group", onchange: (e) => navigate({ group: e.target.value }) },
    h("option", { value: "endpoint" }, "endpoint"),
    h("option", { value: "component" }, "inference component"),
  );
  const toolbar = h("div", { class: "toolbar" }, summary, h("label", { class: "toggle" }, "Group by ", groupSelect), legend);
  replaceChildren(
    root,
    toolbar,
    warning,
    h("div", { class: "fleet" }, grid.element, h("div", { class: "table-wrap" }, table.element)),
    card.element,
  );

  return {
    /** False once something else (such as an error message) replaced the view's elements. */
    get attached() {
      return root.contains(toolbar);
    },
    /** Shows the rows. azTraffic is null when only the list of instances is known so far. */
    update({ rows, azTraffic, errors }, nextState) {
      // A sort clicked while this refresh's queries ran is in the URL but not in nextState.
      const { sort, order } = readState();
      state = { ...nextState, sort, order };
      groupSelect.value = state.group === "component" ? "component" : "endpoint";
      const visible = rows.filter((r) => !state.az || r.az === state.az);
      const byAz = groupRows(visible, state.group);
      for (const az of azTraffic?.keys() ?? []) if (az && !byAz.has(az) && (!state.az || state.az === az)) byAz.set(az, new Map());
      const totalTraffic = [...(azTraffic?.values() ?? [])].reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
      const text = `${visible.length} instances in ${byAz.size} availability zones`;
      if (summary.textContent !== text) summary.textContent = text;
      warning.hidden = errors.length === 0;
      warning.textContent = errors.length ? `Some fleet queries failed: ${errors.join("; ")}` : "";
      grid.update(byAz, azTraffic, totalTraffic, state.instance);
      table.update(visible);
      table.sort(state.sort || "instance", state.order === "desc");
      const shown = card.key;
      if (shown) {
        const row = visible.find((r) => rowKey(r) === shown);
        if (row) card.fill(row);
        else card.hide();
      }
    },
  };
}

const views = new WeakMap();

function ensureView(root, navigate) {
  let view = views.get(root);
  if (!view || !view.attached) {
    view = fleetView(root, navigate);
    views.set(root, view);
  }
  return view;
}

export async function renderFleet(root, state, navigate) {
  // On the first render, the grid is drawn as soon as the instances are known, and the values follow.
  const fresh = !views.get(root)?.attached;
  const data = await loadFleet(state, (rows) => {
    if (!fresh) return;
    const started = performance.now();
    ensureView(root, navigate).update({ rows, azTraffic: null, errors: [] }, state);
    performance.measure("inferscope:fleet-instances", { start: started });
  });
  const started = performance.now();
  ensureView(root, navigate).update(data, state);
  performance.measure("inferscope:fleet-update", { start: started });
}
