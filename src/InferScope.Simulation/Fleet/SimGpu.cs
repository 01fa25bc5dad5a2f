using InferScope.Simulation.Hardware;

namespace InferScope.Simulation.Fleet;

/// <summary>
/// One simulated GPU's telemetry: activity from the schedulers that run on it, and a first-order
/// thermal model that lowers the SM clock above the slowdown temperature.
/// </summary>
public sealed class SimGpu
{
    private const double AmbientCelsius = 30;
    private const double ThermalTimeConstantSeconds = 60;

    public SimGpu(int index, GpuProfile profile, string uuid, string pciBusId)
    {
        Index = index;
        Profile = profile;
        Uuid = uuid;
        PciBusId = pciBusId;
        Temperature = AmbientCelsius + 5;
        PowerWatts = profile.IdleWatts;
    }

    public int Index { get; }

    public GpuProfile Profile { get; }

    public string Uuid { get; }

    public string PciBusId { get; }

    public double Temperature { get; private set; }

    public double PowerWatts { get; private set; }

    /// <summary>Energy since boot in millijoules, as DCGM counts it.</summary>
    public double EnergyMillijoules { get; private set; }

    /// <summary>Fraction of time any kernel ran during the last update.</summary>
    public double Utilization { get; private set; }

    public double TensorActive { get; private set; }

    public double DramActive { get; private set; }

    /// <summary>SM clock as a fraction of the boost clock.</summary>
    public double ClockFactor { get; private set; } = 1;

    /// <summary>Microseconds spent throttled for temperature since boot, the unit DCGM reports.</summary>
    public double ThermalViolationMicroseconds { get; private set; }

    /// <summary>Framebuffer in use by the engine, in bytes.</summary>
    public double MemoryUsedBytes { get; set; }

    /// <summary>Code of the last XID error, 0 for none.</summary>
    public int LastXid { get; set; }

    /// <summary>Multiplies the thermal resistance; above 1 models failing cooling.</summary>
    public double CoolingDegradation { get; set; } = 1;

    public double SmClockMHz => Utilization > 0 ? Profile.MaxSmClockMHz * ClockFactor : Profile.MaxSmClockMHz * 0.1;

    /// <summary>Advances the telemetry by <paramref name="seconds"/> with the given busy, compute and memory seconds.</summary>
    public void Update(double seconds, double busy, double compute, double memory)
    {
        if (seconds <= 0)
        {
            return;
        }

        Utilization = Math.Clamp(busy / seconds, 0, 1);
        var stepShare = busy <= 0 ? 0 : Utilization / busy;
        TensorActive = Math.Clamp(compute * stepShare, 0, 1);
        DramActive = Math.Clamp(memory * stepShare, 0, 1);

        var activity = Math.Max(TensorActive, DramActive);
        var dynamicWatts = (Profile.TdpWatts - Profile.IdleWatts) * Math.Clamp((0.5 * Utilization) + (0.5 * activity), 0, 1);
        PowerWatts = Math.Min(Profile.TdpWatts, Profile.IdleWatts + (dynamicWatts * ClockFactor));
        EnergyMillijoules += PowerWatts * seconds * 1000;

        // Steady state: 40 °C above ambient at full power with healthy cooling.
        var resistance = 40 / Profile.TdpWatts * CoolingDegradation;
        var steady = AmbientCelsius + (resistance * PowerWatts);
        Temperature += (steady - Temperature) * (1 - Math.Exp(-seconds / ThermalTimeConstantSeconds));

        var over = Temperature - Profile.SlowdownTemperatureCelsius;
        ClockFactor = over <= 0 ? 1 : Math.Max(0.35, 1 - (over * 0.08));
        if (ClockFactor < 1)
        {
            ThermalViolationMicroseconds += seconds * 1e6;
        }
    }
}
