// Client of the Prometheus-compatible API and of InferScope's own endpoints.

export class ApiError extends Error {
  constructor(message, errorType) {
    super(message);
    this.errorType = errorType;
  }
}

async function getJson(path, params) {
  const url = params ? `${path}?${new URLSearchParams(params)}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`${path} returned HTTP ${response.status} with a body that is not JSON`, "internal");
  }
  if (body.status === "error") throw new ApiError(body.error, body.errorType);
  if (!response.ok) throw new ApiError(`${path} returned HTTP ${response.status}`, "internal");
  return body;
}

/** Runs an instant query and returns { resultType, result, warnings, infos }. */
export async function query(expr, time) {
  const params = { query: expr };
  if (time !== undefined) params.time = String(time);
  const body = await getJson("/api/v1/query", params);
  return { ...body.data, warnings: body.warnings || [], infos: body.infos || [] };
}

/** Runs a range query over Unix seconds. */
export async function queryRange(expr, start, end, step) {
  const body = await getJson("/api/v1/query_range", {
    query: expr,
    start: String(start),
    end: String(end),
    step: String(step),
  });
  return { ...body.data, warnings: body.warnings || [], infos: body.infos || [] };
}

export async function labelValues(name, match) {
  const params = match ? { "match[]": match } : undefined;
  const body = await getJson(`/api/v1/label/${encodeURIComponent(name)}/values`, params);
  return body.data;
}

export async function findings(params) {
  return (await getJson("/api/inferscope/v1/findings", params)).data;
}

export async function scaling() {
  return (await getJson("/api/inferscope/v1/scaling")).data;
}

/** Returns the numeric value of a vector sample or scalar, NaN when absent. */
export function sampleValue(sample) {
  if (!sample) return NaN;
  const value = sample.value || sample;
  return Number(value[1]);
}
