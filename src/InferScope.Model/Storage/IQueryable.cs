namespace InferScope.Model.Storage;

/// <summary>A store that can be read.</summary>
public interface IQueryable
{
    /// <summary>Opens a querier over the inclusive range [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>].</summary>
    IQuerier CreateQuerier(long minTimeMs, long maxTimeMs);
}
