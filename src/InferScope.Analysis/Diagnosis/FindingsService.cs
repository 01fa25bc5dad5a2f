using System.Text.Json;
using InferScope.PromQL;
using Microsoft.Extensions.Logging;

namespace InferScope.Analysis.Diagnosis;

/// <summary>
/// The diagnosis as the server exposes it at <c>GET /api/inferscope/v1/findings</c>, with the
/// query parameters <c>endpoint</c>, <c>time</c> (RFC 3339 or Unix seconds; default now) and
/// <c>window</c> (a Prometheus duration; default 15m).
/// </summary>
public sealed class FindingsService(IQueryEngine engine, DiagnosisOptions options, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
{
    private static readonly string[] Rfc3339Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public Task<DiagnosisReport> GetFindingsAsync(string? endpoint, DateTimeOffset? at, TimeSpan? window, CancellationToken cancellationToken = default)
    {
        var diagnoser = new Diagnoser(engine, options, loggerFactory.CreateLogger<Diagnoser>());
        var request = new DiagnosisRequest(at ?? clock.GetUtcNow(), window ?? DiagnosisRequest.DefaultWindow, string.IsNullOrEmpty(endpoint) ? null : endpoint);
        return diagnoser.DiagnoseAsync(request, cancellationToken);
    }

    /// <summary>Parses the HTTP query parameters, runs the diagnosis and writes the JSON response body.</summary>
    /// <exception cref="FormatException">A parameter is invalid; the message names it and the expected form.</exception>
    public async Task WriteFindingsAsync(Stream body, string? endpoint, string? time, string? window, CancellationToken cancellationToken = default)
    {
        var report = await GetFindingsAsync(endpoint, ParseTime(time), window is null ? null : PrometheusDuration.Parse(window), cancellationToken).ConfigureAwait(false);
        await using var writer = new Utf8JsonWriter(body);
        FindingsJson.Write(writer, report);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses a time as RFC 3339 or Unix seconds, as Prometheus's API accepts; null stays null.</summary>
    /// <exception cref="FormatException">The text is neither form.</exception>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        if (DateTimeOffset.TryParseExact(text, Rfc3339Formats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
        {
            return time;
        }

        throw new FormatException($"Invalid time \"{text}\": use RFC 3339 such as 2026-12-04T16:00:00Z or Unix seconds such as 1796400000.");
    }
}
