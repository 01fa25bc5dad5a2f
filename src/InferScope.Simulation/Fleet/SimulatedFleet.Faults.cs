using InferScope.Simulation.Scenarios;

namespace InferScope.Simulation.Fleet;

/// <summary>Injecting and reverting the scenario's faults.</summary>
public sealed partial class SimulatedFleet
{
    private void ApplyFaults(double time)
    {
        foreach (var fault in faults)
        {
            if (!fault.Applied && time >= fault.Start)
            {
                fault.Applied = true;
                Inject(fault.Definition, time, revert: false);
            }

            if (fault.Applied && !fault.Reverted && time >= fault.End)
            {
                fault.Reverted = true;
                Inject(fault.Definition, time, revert: true);
            }
        }
    }

    private void Inject(FaultDefinition fault, double time, bool revert)
    {
        var targets = endpoints.Where(e => fault.Endpoint is null || e.Name == fault.Endpoint).ToList();
        switch (fault.Kind)
        {
            case FaultKinds.AzNoTraffic:
                foreach (var endpoint in targets)
                {
                    if (revert)
                    {
                        endpoint.BlockedZones.Remove(fault.Az!);
                    }
                    else
                    {
                        endpoint.BlockedZones.Add(fault.Az!);
                    }
                }

                break;

            case FaultKinds.RoutingOverhead:
                foreach (var endpoint in targets)
                {
                    endpoint.ExtraOverheadMs += revert ? -fault.ExtraMs : fault.ExtraMs;
                }

                break;

            case FaultKinds.ThermalThrottle:
                foreach (var instance in TargetInstances(targets, fault))
                {
                    foreach (var gpu in instance.Gpus.Where(g => fault.Gpu is null || g.Index == fault.Gpu))
                    {
                        gpu.CoolingDegradation = revert ? 1 : fault.CoolingFactor;
                    }
                }

                break;

            case FaultKinds.XidError:
                foreach (var instance in TargetInstances(targets, fault))
                {
                    if (revert)
                    {
                        ReplaceInstance(instance, time);
                    }
                    else
                    {
                        instance.Gpus[fault.Gpu ?? 0].LastXid = fault.Xid;
                        instance.IsDown = true;
                        foreach (var replica in instance.Replicas)
                        {
                            replica.StopEngine(time);
                            replica.Lifecycle.Fail();
                        }
                    }
                }

                break;

            case FaultKinds.HealthCheckFailure:
                foreach (var instance in TargetInstances(targets, fault))
                {
                    foreach (var replica in instance.Replicas)
                    {
                        Restart(replica, time, updating: true, failHealthChecks: !revert);
                    }
                }

                break;

            case FaultKinds.TrafficChange:
                foreach (var endpoint in targets.Where(e => e.Traffic is not null))
                {
                    endpoint.Traffic!.FaultRateMultiplier = revert ? 1 : fault.RateMultiplier;
                    endpoint.Traffic.PromptOverride = revert ? null : fault.PromptTokens;
                    endpoint.Traffic.OutputOverride = revert ? null : fault.OutputTokens;
                }

                break;

            case FaultKinds.DeploymentUpdate when !revert:
                foreach (var endpoint in targets)
                {
                    var delay = 0.0;
                    foreach (var instance in endpoint.Instances)
                    {
                        var target = instance;
                        Schedule(time + delay, now =>
                        {
                            foreach (var replica in target.Replicas)
                            {
                                Restart(replica, now, updating: true, failHealthChecks: false);
                            }
                        });
                        delay += target.Replicas.Select(r => r.PlannedStartup.TotalSeconds).DefaultIfEmpty(0).Max() + 10;
                    }
                }

                break;
        }
    }

    private void Restart(SimReplica replica, double time, bool updating, bool failHealthChecks)
    {
        replica.StopEngine(time);
        var startup = replica.Instance.Endpoint is { } name
            ? endpoints.First(e => e.Name == name).Definition.Startup
            : new StartupDefinition();
        replica.Lifecycle.Begin(time, replica.PlannedStartup, startup.HealthCheckIntervalSeconds, startup.UnhealthyThreshold, updating, failHealthChecks);
    }

    /// <summary>Brings a replacement up where a failed instance was: new boot, healthy GPUs, cold start.</summary>
    private void ReplaceInstance(SimInstance instance, double time)
    {
        instance.IsDown = false;
        instance.BootUnixSeconds = StartUnixSeconds + time;
        instance.NetworkBytes = 0;
        foreach (var gpu in instance.Gpus)
        {
            gpu.LastXid = 0;
        }

        foreach (var replica in instance.Replicas)
        {
            Restart(replica, time, updating: false, failHealthChecks: false);
        }
    }

    private static IEnumerable<SimInstance> TargetInstances(List<SimEndpoint> targets, FaultDefinition fault) =>
        targets.SelectMany(e => e.Instances).Where(i => fault.Instance is null || i.Index == fault.Instance);

    private sealed class ActiveFault(FaultDefinition definition, double start, double end)
    {
        public FaultDefinition Definition { get; } = definition;

        public double Start { get; } = start;

        public double End { get; } = end;

        public bool Applied { get; set; }

        public bool Reverted { get; set; }
    }
}
