using System.CommandLine;
using System.Net.Sockets;
using InferScope.PromQL;
using InferScope.Server.Configuration;
using InferScope.Simulation.Scenarios;

namespace InferScope.Commands;

/// <summary>
/// Turns the failures a user can fix (a busy port, a locked or missing folder, an invalid
/// configuration or scenario, an unreachable query API) into one line on stderr and exit code 2.
/// Any other exception is a defect and keeps its stack trace.
/// </summary>
internal static class CommandFailure
{
    public const int ExitCode = 2;

    /// <summary>Sets <paramref name="action"/> as the command's action, with expected failures reported as one line.</summary>
    public static void SetGuardedAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsExpected(e))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(Describe(e)).ConfigureAwait(false);
                return ExitCode;
            }
        });
    }

    /// <summary>Sets the synchronous <paramref name="action"/> as the command's action, with expected failures reported as one line.</summary>
    public static void SetGuardedAction(this Command command, Func<ParseResult, int> action)
    {
        command.SetAction(parseResult =>
        {
            try
            {
                return action(parseResult);
            }
            catch (Exception e) when (IsExpected(e))
            {
                parseResult.InvocationConfiguration.Error.WriteLine(Describe(e));
                return ExitCode;
            }
        });
    }

    /// <summary>Returns whether <paramref name="exception"/> is a failure of the input or environment rather than a defect.</summary>
    public static bool IsExpected(Exception exception) => exception is IOException
        or UnauthorizedAccessException
        or ConfigException
        or ScenarioException
        or QueryException
        or HttpRequestException
        || AddressInUse(exception) is not null;

    /// <summary>Returns the one-line message for an expected failure.</summary>
    public static string Describe(Exception exception)
    {
        if (AddressInUse(exception) is { } inUse)
        {
            return $"{inUse.Message.TrimEnd('.')}: another process listens on that port; stop it or pass --listen with another port (port 0 picks a free one).";
        }

        return exception.Message.ReplaceLineEndings(" ");
    }

    private static Exception? AddressInUse(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                // Kestrel's outer IOException names the address; the socket error does not.
                return exception;
            }
        }

        return null;
    }
}
