// Findings: the ranked diagnosis, each piece of evidence linking to its query in the PromQL view.

import * as api from "../api.js";
import { h, replaceChildren } from "../dom.js";

function scopeText(scope) {
  if (!scope) return "fleet";
  return ["endpoint", "az", "instance", "gpu"]
    .filter((k) => scope[k])
    .map((k) => `${k}=${scope[k]}`)
    .join(", ") || "fleet";
}

function evidenceItem(item) {
  const values = (item.values || [])
    .slice(0, 6)
    .map((v) => (typeof v === "object" ? `${v.metric ? Object.values(v.metric).join("/") + " " : ""}${v.value}` : String(v)))
    .join(", ");
  return h(
    "li",
    { class: "evidence" },
    item.description ? h("span", null, item.description, " ") : null,
    h("a", { class: "query-link", href: `#/promql?expr=${encodeURIComponent(item.query)}` }, item.query),
    values ? h("span", { class: "values" }, ` → ${values}`) : null,
  );
}

export async function renderFindings(root, state) {
  const params = {};
  if (state.endpoint) params.endpoint = state.endpoint;
  if (state.window) params.window = state.window;
  let findings;
  try {
    findings = await api.findings(params);
  } catch (error) {
    replaceChildren(root, h("p", { class: "warning" }, `Diagnosis unavailable: ${error.message}`));
    return;
  }
  const list = Array.isArray(findings) ? findings : findings.findings || [];
  if (list.length === 0) {
    replaceChildren(root, h("p", { class: "empty" }, "No findings: every check passed for this scope."));
    return;
  }
  replaceChildren(
    root,
    h(
      "ol",
      { class: "findings" },
      list.map((f) =>
        h(
          "li",
          { class: `finding ${f.severity || "info"}`, "data-cause": f.cause },
          h("header", null, h("span", { class: `badge ${f.severity || "info"}` }, f.severity || "info"), h("strong", null, f.title || f.cause), h("span", { class: "scope" }, scopeText(f.scope))),
          f.summary ? h("p", null, f.summary) : null,
          h("ul", null, (f.evidence || []).map(evidenceItem)),
          f.action ? h("p", { class: "action" }, h("strong", null, "Action: "), f.action) : null,
        ),
      ),
    ),
  );
}
