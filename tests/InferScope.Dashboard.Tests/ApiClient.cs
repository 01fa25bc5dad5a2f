using System.Text.Json;

namespace InferScope.Dashboard.Tests;

/// <summary>A small client of the Prometheus-compatible query API, for comparing the page with the API.</summary>
public sealed class ApiClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Runs an instant query and returns each result's labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string expr, double? time = null)
    {
        var url = "api/v1/query?query=" + Uri.EscapeDataString(expr);
        if (time is { } t)
        {
            url += "&time=" + t.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} returned {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        var results = new List<(Dictionary<string, string>, double)>();
        foreach (var item in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
            var value = double.Parse(item.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            results.Add((labels, value));
        }

        return results;
    }

    /// <summary>Polls a query until it returns at least one series, or fails after the timeout.</summary>
    public async Task WaitForDataAsync(string expr, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if ((await QueryAsync(expr)).Count > 0)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The server may still be starting.
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No data for {expr} within {timeout}.");
            }

            await Task.Delay(500);
        }
    }

    public void Dispose() => http.Dispose();
}
