using System.Globalization;

namespace InferScope.Server.Configuration;

/// <summary>Listen addresses in the <c>host:port</c> form: <c>0.0.0.0:9097</c>, <c>[::1]:9097</c>, <c>:9097</c>.</summary>
public static class ListenAddress
{
    /// <summary>Splits an address into host and port; an empty host means every interface.</summary>
    public static bool TryParse(string text, out (string Host, int Port) address, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = default;
        error = string.Empty;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"invalid listen address \"{text}\"; use host:port such as 127.0.0.1:{WebConfig.DefaultPort} or :{WebConfig.DefaultPort}";
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"invalid port in listen address \"{text}\"; use a number from 0 to 65535 after the colon";
            return false;
        }

        if (host.Length > 0 && host != "localhost" && !System.Net.IPAddress.TryParse(host, out _))
        {
            error = $"invalid host in listen address \"{text}\"; use an IP address, localhost, or nothing for every interface";
            return false;
        }

        address = (host, port);
        return true;
    }
}
