using System.Text;

namespace InferScope.Simulation.Traffic;

/// <summary>
/// Derives per-component random seeds from the scenario seed and a name, with FNV-1a so that
/// the result is the same in every process (unlike <see cref="string.GetHashCode()"/>).
/// </summary>
public static class SeedMixer
{
    public static int Mix(int seed, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = 2166136261u ^ (uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }
}
