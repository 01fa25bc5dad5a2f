using InferScope.Engines.Mapping;

namespace InferScope.Engines.Adapters;

/// <summary>
/// NVIDIA NIM for LLMs. The 2024 vLLM-based containers expose vLLM's families without the
/// <c>vllm:</c> prefix. Later containers may keep the prefix, so both spellings are accepted.
/// NIM adds a request maximum and splits finished requests from successful ones.
/// </summary>
internal static class NimAdapter
{
    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.Nim, "", "vllm:") { ReportsDeprecations = false };
        VllmAdapter.AddSharedRules(rules);
        rules.Copy("num_request_max", "llm_requests_max");
        rules.Copy("request_finish", "llm_requests_finished_total");
        rules.Copy("request_success", "llm_requests_succeeded_total");
        rules.Copy("request_failure", "llm_requests_failed_total");
        return new EngineAdapter(EngineKind.Nim, rules.Build(), VllmAdapter.LabelRenames, VllmAdapter.IdentityLabels, addsEngineLabel: true);
    }
}
