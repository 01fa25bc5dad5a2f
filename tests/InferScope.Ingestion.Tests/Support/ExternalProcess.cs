using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InferScope.Ingestion.Tests.Support;

/// <summary>
/// A real server binary (Prometheus, VictoriaMetrics) started on loopback in a temporary folder,
/// killed and cleaned up on dispose. Its output is kept for failure messages.
/// </summary>
internal sealed class ExternalProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ExternalProcess(Process process, string directory)
    {
        this.process = process;
        Directory = directory;
    }

    /// <summary>A temporary folder owned by the process, deleted on dispose.</summary>
    public string Directory { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Returns whether the binary exists, so a test can name the missing package.</summary>
    public static bool Exists(string path) => File.Exists(path);

    /// <summary>Returns a loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string CreateDirectory(string prefix) => System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    public static ExternalProcess Start(string fileName, string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var started = new ExternalProcess(process, directory);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        finally
        {
            process.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by the exiting process; the temp folder is cleaned later.
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
