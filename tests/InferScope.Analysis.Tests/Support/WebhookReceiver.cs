using System.Net;
using System.Text;

namespace InferScope.Analysis.Tests.Support;

/// <summary>A loopback HTTP endpoint that records the bodies posted to it.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<string> bodies = [];
    private readonly Task loop;

    public WebhookReceiver()
    {
        var port = FreePort.Next();
        Address = new Uri($"http://127.0.0.1:{port}/hook/");
        listener.Prefixes.Add(Address.AbsoluteUri);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (bodies)
            {
                return [.. bodies];
            }
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = await reader.ReadToEndAsync();
                lock (bodies)
                {
                    bodies.Add(body);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
