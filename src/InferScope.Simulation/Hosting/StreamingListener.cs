using System.Threading.Channels;
using InferScope.Simulation.Engine;

namespace InferScope.Simulation.Hosting;

/// <summary>Hands a request's tokens from the scheduler (under the fleet's lock) to the HTTP response.</summary>
internal sealed class StreamingListener : IRequestListener
{
    private readonly Channel<int> tokens = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<int> Tokens => tokens.Reader;

    public void OnTokens(SimRequest request, int count, double time) => tokens.Writer.TryWrite(count);

    public void OnFinished(SimRequest request) => tokens.Writer.TryComplete();
}
