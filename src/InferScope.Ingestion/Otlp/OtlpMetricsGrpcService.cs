using Grpc.Core;
using InferScope.Ingestion.Otlp.Protocol.Collector;

namespace InferScope.Ingestion.Otlp;

/// <summary>The OTLP gRPC metrics service, backed by <see cref="OtlpMetricsReceiver"/>.</summary>
internal sealed class OtlpMetricsGrpcService : MetricsService.MetricsServiceBase
{
    private readonly OtlpMetricsReceiver receiver;

    public OtlpMetricsGrpcService(OtlpMetricsReceiver receiver)
    {
        this.receiver = receiver;
    }

    public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        var outcome = await receiver.ExportAsync(request, "otlp_grpc", context.CancellationToken).ConfigureAwait(false);
        if (outcome.Response is null)
        {
            receiver.RecordGrpc(503);

            // OTLP exporters retry on UNAVAILABLE.
            throw new RpcException(new Status(StatusCode.Unavailable, outcome.Error ?? "storage failed"));
        }

        receiver.RecordGrpc(200);
        return outcome.Response;
    }
}
