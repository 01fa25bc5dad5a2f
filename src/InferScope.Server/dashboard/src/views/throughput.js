// Throughput: input vs output tokens per second per endpoint and engine, with the benchmark baseline.

import { h, replaceChildren } from "../dom.js";
import { formatNumber } from "../format.js";
import { METRICS, rateBy, gaugeBy } from "../queries.js";
import { timeWindow } from "../state.js";
import { renderPanels } from "./panels.js";

export async function renderThroughput(root, state) {
  const window = timeWindow(state);
  const by = ["endpoint", "engine"];
  const name = (m) => [m.endpoint, m.engine].filter(Boolean).join(" / ") || "(all)";
  const panels = [
    {
      title: "Output tokens per second (with benchmark baseline)",
      format: (v) => formatNumber(v),
      queries: [
        { expr: rateBy(METRICS.generationTokens, state, by), name },
        { expr: gaugeBy("max", METRICS.benchmarkOutput, state, ["endpoint"]), name: (m) => `benchmark ${m.endpoint || ""}`, options: { dash: [4, 4] } },
      ],
    },
    { title: "Input tokens per second", format: (v) => formatNumber(v), queries: [{ expr: rateBy(METRICS.promptTokens, state, by), name }] },
    {
      title: "Output tokens per second per instance",
      format: (v) => formatNumber(v),
      queries: [
        {
          expr: `${rateBy(METRICS.generationTokens, state, by)} / ${gaugeBy("count", METRICS.running, state, by)}`,
          name,
        },
      ],
    },
  ];
  replaceChildren(root, h("div", { class: "charts" }, await renderPanels(panels, window)));
}
