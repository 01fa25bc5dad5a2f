// Instance health, with the thresholds that the fleet legend shows.

export const THRESHOLDS = {
  kvWarning: 0.8,
  kvCritical: 0.95,
  temperatureWarning: 83,
  temperatureCritical: 90,
};

export const HEALTH_LEGEND = [
  { health: "ok", text: "healthy" },
  { health: "warning", text: `KV cache ≥ ${THRESHOLDS.kvWarning * 100}% or GPU ≥ ${THRESHOLDS.temperatureWarning} °C or updating` },
  { health: "critical", text: `KV cache ≥ ${THRESHOLDS.kvCritical * 100}% or GPU ≥ ${THRESHOLDS.temperatureCritical} °C` },
  { health: "down", text: "target down or deployment failed" },
  { health: "nodata", text: "no data" },
];

/** Classifies one instance row of the fleet table. */
export function classify(row) {
  if (row.up === 0 || row.status === "Failed") return "down";
  const known = [row.kv, row.gpuTemperature, row.up].some(Number.isFinite);
  if (!known && !row.status) return "nodata";
  if (row.kv >= THRESHOLDS.kvCritical || row.gpuTemperature >= THRESHOLDS.temperatureCritical) return "critical";
  if (
    row.kv >= THRESHOLDS.kvWarning ||
    row.gpuTemperature >= THRESHOLDS.temperatureWarning ||
    (row.status && row.status !== "InService")
  ) {
    return "warning";
  }
  return "ok";
}
