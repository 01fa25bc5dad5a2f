using InferScope.Engines.Mapping;

namespace InferScope.Engines.Adapters;

/// <summary>
/// NVIDIA's dcgm-exporter (3.x and 4.x). Units are converted to base units (MiB to bytes, MHz to
/// hertz, mJ to joules, percent to ratio, µs to seconds). The <c>DCGM_FI_PROF_*</c> fields are
/// already ratios. Series describe GPUs, so no <c>engine</c> label is added.
/// </summary>
internal static class DcgmAdapter
{
    private static readonly Dictionary<string, string?> LabelRenames = new(StringComparer.Ordinal)
    {
        ["UUID"] = "gpu_uuid",
        ["uuid"] = "gpu_uuid",
        ["modelName"] = "gpu_type",
        ["Hostname"] = "node",
        ["hostname"] = "node",
        ["DCGM_FI_DRIVER_VERSION"] = "driver_version",
        ["GPU_I_PROFILE"] = "mig_profile",
        ["GPU_I_ID"] = "mig_instance",
        ["pod_name"] = "pod",
        ["pod_namespace"] = "namespace",
        ["container_name"] = "container",
        ["err_code"] = "xid",

        // Free text that repeats err_code. The raw series keeps it.
        ["err_msg"] = null,
    };

    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.Dcgm, "DCGM_FI_", "dcgm_fi_") { CounterSuffix = "" };
        var percent = UnitScale.PercentToRatio;

        rules.Copy("DEV_GPU_UTIL", "llm_gpu_utilization_ratio").Scale(percent);
        rules.Copy("DEV_MEM_COPY_UTIL", "llm_gpu_memory_copy_utilization_ratio").Scale(percent);
        rules.Copy("DEV_ENC_UTIL", "llm_gpu_encoder_utilization_ratio").Scale(percent);
        rules.Copy("DEV_DEC_UTIL", "llm_gpu_decoder_utilization_ratio").Scale(percent);
        rules.Copy("PROF_GR_ENGINE_ACTIVE", "llm_gpu_graphics_engine_active_ratio");
        rules.Copy("PROF_PIPE_TENSOR_ACTIVE", "llm_gpu_tensor_active_ratio");
        rules.Copy("PROF_DRAM_ACTIVE", "llm_gpu_dram_active_ratio");
        rules.Copy("PROF_SM_ACTIVE", "llm_gpu_sm_active_ratio");
        rules.Copy("PROF_SM_OCCUPANCY", "llm_gpu_sm_occupancy_ratio");

        rules.Copy("DEV_FB_USED", "llm_gpu_memory_used_bytes").Scale(UnitScale.MebibytesToBytes);
        rules.Copy("DEV_FB_FREE", "llm_gpu_memory_free_bytes").Scale(UnitScale.MebibytesToBytes);
        rules.Copy("DEV_FB_RESERVED", "llm_gpu_memory_reserved_bytes").Scale(UnitScale.MebibytesToBytes);
        rules.Copy("DEV_FB_TOTAL", "llm_gpu_memory_total_bytes").Scale(UnitScale.MebibytesToBytes);

        rules.Copy("DEV_GPU_TEMP", "llm_gpu_temperature_celsius");
        rules.Copy("DEV_MEMORY_TEMP", "llm_gpu_memory_temperature_celsius");
        rules.Copy("DEV_POWER_USAGE", "llm_gpu_power_watts");
        rules.Copy("DEV_POWER_MGMT_LIMIT", "llm_gpu_power_limit_watts");
        rules.Copy("DEV_TOTAL_ENERGY_CONSUMPTION", "llm_gpu_energy_joules_total").Scale(UnitScale.MillijoulesToJoules);
        rules.Copy("DEV_SM_CLOCK", "llm_gpu_sm_clock_hertz").Scale(UnitScale.MegahertzToHertz);
        rules.Copy("DEV_MEM_CLOCK", "llm_gpu_memory_clock_hertz").Scale(UnitScale.MegahertzToHertz);

        // The violation counters accumulate throttled time in microseconds (dcgm-exporter's
        // default-counters.csv describes them "in us").
        var microseconds = UnitScale.MicrosecondsToSeconds;
        rules.Copy("DEV_POWER_VIOLATION", "llm_gpu_throttle_seconds_total").Scale(microseconds).With("reason", "power");
        rules.Copy("DEV_THERMAL_VIOLATION", "llm_gpu_throttle_seconds_total").Scale(microseconds).With("reason", "thermal");
        rules.Copy("DEV_SYNC_BOOST_VIOLATION", "llm_gpu_throttle_seconds_total").Scale(microseconds).With("reason", "sync_boost");
        rules.Copy("DEV_BOARD_LIMIT_VIOLATION", "llm_gpu_throttle_seconds_total").Scale(microseconds).With("reason", "board_limit");
        rules.Copy("DEV_LOW_UTIL_VIOLATION", "llm_gpu_throttle_seconds_total").Scale(microseconds).With("reason", "low_util");
        rules.Copy("DEV_RELIABILITY_VIOLATION", "llm_gpu_throttle_seconds_total").Scale(microseconds).With("reason", "reliability");

        rules.Copy("DEV_XID_ERRORS", "llm_gpu_xid_last_error_code");
        rules.Copy("DEV_ECC_SBE_VOL_TOTAL", "llm_gpu_ecc_errors_total").With("kind", "single_bit").With("scope", "volatile");
        rules.Copy("DEV_ECC_DBE_VOL_TOTAL", "llm_gpu_ecc_errors_total").With("kind", "double_bit").With("scope", "volatile");
        rules.Copy("DEV_ECC_SBE_AGG_TOTAL", "llm_gpu_ecc_errors_total").With("kind", "single_bit").With("scope", "aggregate");
        rules.Copy("DEV_ECC_DBE_AGG_TOTAL", "llm_gpu_ecc_errors_total").With("kind", "double_bit").With("scope", "aggregate");
        rules.Copy("DEV_CORRECTABLE_REMAPPED_ROWS", "llm_gpu_remapped_rows_total").With("kind", "correctable");
        rules.Copy("DEV_UNCORRECTABLE_REMAPPED_ROWS", "llm_gpu_remapped_rows_total").With("kind", "uncorrectable");
        rules.Copy("DEV_ROW_REMAP_FAILURE", "llm_gpu_row_remap_failed");
        rules.Copy("DEV_PCIE_REPLAY_COUNTER", "llm_gpu_pcie_replays_total");
        rules.Copy("PROF_PCIE_TX_BYTES", "llm_gpu_pcie_transmit_bytes_per_second");
        rules.Copy("PROF_PCIE_RX_BYTES", "llm_gpu_pcie_receive_bytes_per_second");
        rules.Copy("PROF_NVLINK_TX_BYTES", "llm_gpu_nvlink_transmit_bytes_per_second");
        rules.Copy("PROF_NVLINK_RX_BYTES", "llm_gpu_nvlink_receive_bytes_per_second");
        rules.Copy("DEV_NVLINK_BANDWIDTH_TOTAL", "llm_gpu_nvlink_bandwidth_total");
        rules.Copy("DEV_VGPU_LICENSE_STATUS", "llm_gpu_vgpu_license_status");

        rules.WithPrefixes("DCGM_EXP_", "dcgm_exp_");
        rules.CopyScalar("CLOCK_EVENTS_COUNT", "llm_gpu_clock_events_total");
        rules.CopyScalar("XID_ERRORS_COUNT", "llm_gpu_xid_errors_total");
        rules.Copy("GPU_HEALTH_STATUS", "llm_gpu_health_status");

        return new EngineAdapter(EngineKind.Dcgm, rules.Build(), LabelRenames, [], addsEngineLabel: false);
    }
}
