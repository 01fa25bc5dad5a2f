using InferScope.Model;

namespace InferScope.Storage.Index;

/// <summary>Resolves label matchers to postings against any <see cref="IPostingsSource"/>.</summary>
internal static class PostingsForMatchers
{
    /// <summary>
    /// Returns the ascending references of the series that every matcher accepts. A matcher that
    /// rejects the empty string needs its label, so the union of the postings of the values it
    /// accepts is intersected. A matcher that accepts the empty string also accepts series without
    /// the label, so the postings of the values it rejects are subtracted instead.
    /// </summary>
    public static ulong[] Resolve(IPostingsSource source, IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken)
    {
        ulong[]? result = null;
        var subtract = new List<ulong[]>();
        foreach (var matcher in matchers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (matcher.MatchesEmpty)
            {
                subtract.Add(ValuesPostings(source, matcher, accepted: false));
                continue;
            }

            var postings = matcher.Type == Model.MatchType.Equal
                ? source.Postings(matcher.Name, matcher.Value)
                : ValuesPostings(source, matcher, accepted: true);
            result = result is null ? postings : PostingsList.Intersect(result, postings);
            if (result.Length == 0)
            {
                return result;
            }
        }

        result ??= source.AllPostings();
        if (subtract.Count > 0)
        {
            result = PostingsList.Subtract(result, PostingsList.Union(subtract));
        }

        return result;
    }

    private static ulong[] ValuesPostings(IPostingsSource source, Matcher matcher, bool accepted)
    {
        if (matcher.Type == Model.MatchType.NotEqual && !accepted)
        {
            return source.Postings(matcher.Name, matcher.Value);
        }

        var lists = new List<ulong[]>();
        foreach (var value in source.LabelValues(matcher.Name))
        {
            if (matcher.Matches(value) == accepted)
            {
                lists.Add(source.Postings(matcher.Name, value));
            }
        }

        return PostingsList.Union(lists);
    }
}
