using System.Globalization;
using InferScope.Model;
using InferScope.Simulation.Engine;

namespace InferScope.Simulation.Metrics;

/// <summary>
/// DJL Serving (LMI) metrics as its Prometheus exporter writes them on <c>/server/metrics</c>:
/// CamelCase names, <c>_total</c> on counters, one label per family (<c>Host</c>, <c>Version</c>
/// or <c>Model</c>), and per-request values averaged over 1,000 requests (with
/// <c>log_request_metric=true</c>). Times are in microseconds, as DJL reports them.
/// </summary>
public sealed class DjlMetrics : EngineMetrics
{
    private const int AggregationSize = 1000;
    private const double Microseconds = 1e6;

    private readonly RollingAverage queueTime = new(AggregationSize);
    private readonly RollingAverage requestLatency = new(AggregationSize);
    private readonly RollingAverage tokenLatency = new(AggregationSize);
    private readonly RollingAverage tokenThroughput = new(AggregationSize);
    private readonly RollingAverage outputTokens = new(AggregationSize);
    private readonly RollingAverage preprocess = new(AggregationSize);
    private readonly RollingAverage inference = new(AggregationSize);
    private readonly RollingAverage postprocess = new(AggregationSize);
    private readonly RollingAverage prediction = new(AggregationSize);
    private readonly RollingAverage rollingBatchSize = new(AggregationSize);
    private double responses2xx;
    private double responses4xx;
    private double responses5xx;
    private double serverErrors;

    public DjlMetrics(EngineDescriptor descriptor)
        : base(descriptor)
    {
    }

    public override string MetricsPath => "/server/metrics";

    public override string HealthPath => "/ping";

    /// <summary>The start phases, once the deployment has started; DJL reports download and load times.</summary>
    public StartupTimes? Startup { get; set; }

    public override void OnHttpResponse(int statusCode)
    {
        switch (statusCode / 100)
        {
            case 2:
                responses2xx++;
                break;
            case 4:
                responses4xx++;
                break;
            case 5:
                responses5xx++;
                serverErrors++;
                break;
        }
    }

    public override void OnFinished(int rank, SimRequest request)
    {
        if (request.FinishReason == FinishReason.Abort)
        {
            return;
        }

        var inferenceSeconds = request.FinishTime - request.FirstScheduledTime;
        queueTime.Add((request.FirstScheduledTime - request.ArrivalTime) * Microseconds);
        requestLatency.Add(EndToEnd(request) * Microseconds);
        tokenLatency.Add(inferenceSeconds / request.OutputTokens * Microseconds);
        tokenThroughput.Add(request.OutputTokens / Math.Max(inferenceSeconds, 1e-6));
        outputTokens.Add(request.OutputTokens);
        preprocess.Add(request.FrontendSeconds / 2 * Microseconds);
        postprocess.Add(request.FrontendSeconds / 2 * Microseconds);
        inference.Add(inferenceSeconds * Microseconds);
        prediction.Add((inferenceSeconds + request.FrontendSeconds) * Microseconds);
    }

    public override void OnStep(int rank, in StepRecord step) => rollingBatchSize.Add(step.PrefillSequences + step.DecodeSequences);

    public override string Render(double now)
    {
        var host = Descriptor.HostName;
        var model = ModelLabel();
        var b = new ExpositionBuilder(FloatStyle.Python);
        Family(b, "DJLServingStart_total", MetricType.Counter, "Count", ("Version", Descriptor.Tuning.Version), 1);
        var startup = Startup;
        if (startup is not null)
        {
            Family(b, "StartupLatency", MetricType.Gauge, "Microseconds", ("Host", host), startup.TotalSeconds * Microseconds);
        }

        var gpuMemory = Descriptor.Model.WeightBytes + (Ranks.Count == 0 ? 0 : Ranks[0].Performance.KvCacheBytesPerGpu);
        Family(b, "GPUMemory_0", MetricType.Gauge, "Bytes", ("Host", host), gpuMemory);
        Family(b, "Response_2XX_total", MetricType.Counter, "Count", ("Host", host), responses2xx);
        Family(b, "Response_4XX_total", MetricType.Counter, "Count", ("Host", host), responses4xx);
        Family(b, "Response_5XX_total", MetricType.Counter, "Count", ("Host", host), responses5xx);
        Family(b, "ServerError_total", MetricType.Counter, "Count", ("Host", host), serverErrors);
        if (startup is not null)
        {
            Family(b, "DownloadModel", MetricType.Gauge, "Microseconds", ("Model", model), startup.ModelDownloadSeconds * Microseconds);
            Family(b, "LoadModel", MetricType.Gauge, "Microseconds", ("Model", model), startup.ModelLoadSeconds * Microseconds);
        }

        Average(b, "QueueTime", "Microseconds", model, queueTime);
        Average(b, "RequestLatency", "Microseconds", model, requestLatency);
        Average(b, "RollingBatchSize", "Count", model, rollingBatchSize);
        Average(b, "TokenLatency", "Microseconds", model, tokenLatency);
        Average(b, "TokenThroughput", "Count/Second", model, tokenThroughput);
        Average(b, "OutputTokens", "Count", model, outputTokens);
        Average(b, "Preprocess", "Microseconds", model, preprocess);
        Average(b, "Inference", "Microseconds", model, inference);
        Average(b, "Postprocess", "Microseconds", model, postprocess);
        Average(b, "Prediction", "Microseconds", model, prediction);
        return b.ToString();
    }

    /// <summary>DJL names a model by its registered name: the last segment of the model id.</summary>
    private string ModelLabel()
    {
        var name = Descriptor.ServedModelName;
        var slash = name.LastIndexOf('/');
        return slash < 0 ? name : name[(slash + 1)..];
    }

    private static void Average(ExpositionBuilder b, string name, string unit, string model, RollingAverage average)
    {
        if (average.HasValue)
        {
            Family(b, name, MetricType.Gauge, unit, ("Model", model), average.Value);
        }
    }

    private static void Family(ExpositionBuilder b, string name, MetricType type, string unit, (string, string) label, double value)
    {
        var typeName = type == MetricType.Counter ? "counter" : "gauge";
        b.Family(name, type, string.Create(CultureInfo.InvariantCulture, $": prometheus {typeName} metric, unit: {unit}"));
        b.Sample(name, [label], value);
    }
}
