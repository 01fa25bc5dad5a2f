// Number formatting for cards, tables and axes.

export function formatSeconds(value) {
  if (!Number.isFinite(value)) return "–";
  if (value >= 1) return `${value.toFixed(2)} s`;
  if (value >= 0.001) return `${(value * 1000).toFixed(1)} ms`;
  return `${(value * 1e6).toFixed(0)} µs`;
}

export function formatRatio(value) {
  if (!Number.isFinite(value)) return "–";
  return `${(value * 100).toFixed(1)}%`;
}

export function formatNumber(value, digits = 1) {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(digits)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(digits)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(digits)}k`;
  return value.toFixed(abs >= 100 ? 0 : digits);
}

export function formatCelsius(value) {
  return Number.isFinite(value) ? `${value.toFixed(0)} °C` : "–";
}

export function formatTime(unixSeconds) {
  return new Date(unixSeconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}
