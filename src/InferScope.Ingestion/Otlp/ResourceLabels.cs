using System.Globalization;
using System.Text;
using InferScope.Ingestion.Otlp.Protocol.Common;
using InferScope.Ingestion.Scraping;
using InferScope.Model;

namespace InferScope.Ingestion.Otlp;

/// <summary>
/// Maps resource attributes to the labels attached to every series of the resource.
/// </summary>
/// <remarks>
/// Following OpenTelemetry's Prometheus compatibility rules, <c>service.name</c> becomes <c>job</c>
/// (prefixed with <c>service.namespace</c> and a slash when that is set) and
/// <c>service.instance.id</c> becomes <c>instance</c>. For the unified schema,
/// <c>cloud.availability_zone</c> becomes <c>az</c>, <c>cloud.region</c> becomes <c>region</c>,
/// <c>host.type</c> becomes <c>instance_type</c>, and <c>host.id</c> becomes <c>instance</c> when
/// there is no <c>service.instance.id</c>. Attributes already named like a schema label
/// (<c>endpoint</c>, <c>engine</c>, <c>model</c>, <c>component</c>, <c>gpu_type</c>) keep their name.
/// Every other resource attribute goes only on the resource's <c>target_info</c> series.
/// </remarks>
internal static class ResourceLabels
{
    private static readonly Dictionary<string, string> SchemaAttributes = new(StringComparer.Ordinal)
    {
        ["cloud.availability_zone"] = TargetLabelNames.Az,
        ["cloud.region"] = TargetLabelNames.Region,
        ["host.type"] = TargetLabelNames.InstanceType,
        [TargetLabelNames.Endpoint] = TargetLabelNames.Endpoint,
        [TargetLabelNames.Engine] = TargetLabelNames.Engine,
        [TargetLabelNames.Model] = TargetLabelNames.Model,
        [TargetLabelNames.Component] = TargetLabelNames.Component,
        [TargetLabelNames.GpuType] = TargetLabelNames.GpuType,
        [TargetLabelNames.Region] = TargetLabelNames.Region,
        [TargetLabelNames.Az] = TargetLabelNames.Az,
        [TargetLabelNames.InstanceType] = TargetLabelNames.InstanceType,
    };

    /// <summary>
    /// Returns the labels for every series of the resource, and the extra labels of its
    /// <c>target_info</c> series (empty when no attribute is left over).
    /// </summary>
    public static (Labels Series, Labels Info) Map(IEnumerable<KeyValue> attributes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            values[attribute.Key] = ToText(attribute.Value);
        }

        var series = new LabelsBuilder();
        var info = new LabelsBuilder();
        if (values.TryGetValue("service.name", out var service))
        {
            series.Set(LabelNames.Job, values.TryGetValue("service.namespace", out var ns) && ns.Length > 0 ? ns + "/" + service : service);
        }

        var instance = values.GetValueOrDefault("service.instance.id") ?? values.GetValueOrDefault("host.id");
        if (instance is not null)
        {
            series.Set(LabelNames.Instance, instance);
        }

        foreach (var (key, value) in values)
        {
            if (SchemaAttributes.TryGetValue(key, out var label))
            {
                series.Set(label, value);
            }
            else if (key is not ("service.name" or "service.namespace" or "service.instance.id"))
            {
                info.Set(OtlpNames.LabelName(key), value);
            }
        }

        return (series.Build(), info.Build());
    }

    /// <summary>Formats an attribute value as a label value.</summary>
    public static string ToText(AnyValue? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        return value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
            AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(",", value.ArrayValue.Values.Select(ToText)) + "]",
            AnyValue.ValueOneofCase.KvlistValue => FormatList(value.KvlistValue),
            _ => string.Empty,
        };
    }

    private static string FormatList(KeyValueList list)
    {
        var builder = new StringBuilder("{");
        foreach (var pair in list.Values)
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            builder.Append(pair.Key).Append(':').Append(ToText(pair.Value));
        }

        return builder.Append('}').ToString();
    }
}
