using System.Globalization;
using InferScope.Server.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace InferScope.Server.Api;

/// <summary>
/// The parameters of one API request, merged from a url-encoded POST body and the URL query string as
/// Go's <c>Request.FormValue</c> merges them (body values first), with Prometheus's parsing rules.
/// </summary>
internal sealed class ApiParameters
{
    /// <summary>The earliest time the API accepts, in milliseconds: Prometheus's minimum time.</summary>
    public const long MinTimeMs = -9_223_309_901_257_974_000;

    /// <summary>The latest time the API accepts, in milliseconds: Prometheus's maximum time.</summary>
    public const long MaxTimeMs = 9_223_309_901_257_974_999;

    private const string MinTimeText = "-292273086-05-16T16:47:06Z";
    private const string MaxTimeText = "292277025-08-18T07:12:54.999999999Z";

    private readonly IFormCollection? form;
    private readonly IQueryCollection query;

    private ApiParameters(IFormCollection? form, IQueryCollection query)
    {
        this.form = form;
        this.query = query;
    }

    public static async Task<ApiParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        IFormCollection? form = null;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            form = await request.ReadFormAsync(cancellationToken);
        }

        return new ApiParameters(form, request.Query);
    }

    /// <summary>Returns the first value of a parameter, from the body before the URL, or null.</summary>
    public string? Get(string name)
    {
        if (form is not null && form.TryGetValue(name, out var fromBody) && fromBody.Count > 0)
        {
            return fromBody[0];
        }

        return query.TryGetValue(name, out var fromQuery) && fromQuery.Count > 0 ? fromQuery[0] : null;
    }

    /// <summary>Returns every value of a repeated parameter such as <c>match[]</c>, body values first.</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var values = new List<string>();
        if (form is not null && form.TryGetValue(name, out var fromBody))
        {
            AddValues(values, fromBody);
        }

        if (query.TryGetValue(name, out var fromQuery))
        {
            AddValues(values, fromQuery);
        }

        return values;
    }

    /// <summary>Parses a time parameter in milliseconds, or returns the default when it is absent.</summary>
    /// <exception cref="ApiError">The value is neither Unix seconds nor RFC 3339.</exception>
    public long GetTime(string name, long defaultMs)
    {
        var text = Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return defaultMs;
        }

        if (TryParseTime(text, out var timestampMs))
        {
            return timestampMs;
        }

        throw ApiError.InvalidParameter(name, $"cannot parse \"{text}\" to a valid timestamp");
    }

    /// <summary>Parses a required duration parameter: float seconds or a Prometheus duration.</summary>
    /// <exception cref="ApiError">The value is missing or invalid.</exception>
    public TimeSpan? GetDuration(string name)
    {
        var text = Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (TryParseDuration(text, out var duration))
        {
            return duration;
        }

        throw ApiError.InvalidParameter(name, $"cannot parse \"{text}\" to a valid duration");
    }

    /// <summary>Parses the optional <c>limit</c> parameter: 0 or absent means no limit.</summary>
    public int GetLimit()
    {
        var text = Get("limit");
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) || limit < 0)
        {
            throw ApiError.InvalidParameter("limit", "limit must be non-negative");
        }

        return limit;
    }

    /// <summary>Parses Unix seconds (fraction rounded to milliseconds) or an RFC 3339 time.</summary>
    public static bool TryParseTime(string text, out long timestampMs)
    {
        timestampMs = 0;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            var whole = Math.Truncate(seconds);
            var fraction = Math.Round((seconds - whole) * 1000);
            if (Math.Abs(whole) > MaxTimeMs / 1000)
            {
                return false;
            }

            timestampMs = ((long)whole * 1000) + (long)fraction;
            return true;
        }

        if (text == MinTimeText)
        {
            timestampMs = MinTimeMs;
            return true;
        }

        if (text == MaxTimeText)
        {
            timestampMs = MaxTimeMs;
            return true;
        }

        if (DateTimeOffset.TryParseExact(
                text,
                ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var time)
            || TryParseNanosecondTime(text, out time))
        {
            timestampMs = time.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    /// <summary>Parses float seconds (<c>15</c>, <c>0.5</c>) or a Prometheus duration (<c>1m30s</c>).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.Zero;
            if (!double.IsFinite(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return false;
            }

            duration = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
            return true;
        }

        return PrometheusDuration.TryParse(text, out duration);
    }

    private static bool TryParseNanosecondTime(string text, out DateTimeOffset time)
    {
        // .NET parses at most seven fraction digits; Go clients send up to nine.
        time = default;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return false;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end - dot - 1 <= 7)
        {
            return false;
        }

        var trimmed = text[..(dot + 8)] + text[end..];
        return DateTimeOffset.TryParseExact(trimmed, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    private static void AddValues(List<string> values, StringValues source)
    {
        foreach (var value in source)
        {
            if (value is not null)
            {
                values.Add(value);
            }
        }
    }
}
