using InferScope.Server.Configuration;

namespace InferScope.Commands;

/// <summary>Checks the <c>--listen</c> option before anything starts, so its error names the option.</summary>
internal static class ListenOption
{
    public static bool TryValidate(string value, out string error)
    {
        if (ListenAddress.TryParse(value, out _, out var reason))
        {
            error = string.Empty;
            return true;
        }

        error = $"Invalid --listen \"{value}\": {reason}.";
        return false;
    }
}
