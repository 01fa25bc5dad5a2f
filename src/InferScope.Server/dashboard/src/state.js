// View state kept in the URL hash, so a link reproduces the on-call engineer's view:
// #/latency?range=1h&refresh=15&endpoint=chat&az=us-east-1a&percentile=p99

export const RANGES = { "15m": 900, "1h": 3600, "3h": 10800, "6h": 21600, "12h": 43200, "24h": 86400 };
export const REFRESH_SECONDS = [0, 5, 15, 30, 60];
export const FILTER_LABELS = ["endpoint", "az", "engine", "model"];
export const VIEWS = ["fleet", "latency", "capacity", "throughput", "reliability", "findings", "engines", "promql"];

const DEFAULTS = { view: "fleet", range: "1h", refresh: "15", percentile: "p99", group: "endpoint", window: "5m" };

// Rate windows; a window needs at least two scrapes in it, so short ones suit fast publish frequencies.
export const WINDOWS = ["1m", "2m", "5m", "15m"];

export function readState() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const state = { ...DEFAULTS };
  if (VIEWS.includes(path)) state.view = path;
  for (const [key, value] of params) state[key] = value;
  if (!(state.range in RANGES)) state.range = DEFAULTS.range;
  if (!WINDOWS.includes(state.window)) state.window = DEFAULTS.window;
  return state;
}

export function writeState(state) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (key === "view" || value === "" || value === undefined || value === null) continue;
    if (DEFAULTS[key] === value) continue;
    params.set(key, value);
  }
  const query = params.toString();
  const hash = `#/${state.view}${query ? "?" + query : ""}`;
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

/** Returns the time window of the state as Unix seconds. */
export function timeWindow(state) {
  const end = state.end ? Number(state.end) : Date.now() / 1000;
  const span = RANGES[state.range];
  const step = Math.max(1, Math.ceil(span / 240));
  return { start: end - span, end, step };
}
