using InferScope.Model;

namespace InferScope.Ingestion.Scraping;

/// <summary>Attaches target labels to scraped labels with Prometheus's honor_labels rules.</summary>
internal static class TargetLabelMerger
{
    private const string ExportedPrefix = "exported_";

    /// <summary>
    /// Merges two sorted label sets. When both have a name, the scraped value wins if
    /// <paramref name="honorLabels"/> is set; otherwise the target value wins and the scraped value
    /// is kept as <c>exported_NAME</c> (<c>exported_exported_NAME</c> if that is taken too).
    /// </summary>
    public static Labels Merge(Labels scraped, Labels target, bool honorLabels)
    {
        var s = scraped.AsSpan();
        var t = target.AsSpan();
        if (t.IsEmpty)
        {
            return scraped;
        }

        var merged = new Label[s.Length + t.Length];
        var count = 0;
        List<Label>? clashes = null;
        int i = 0, j = 0;
        while (i < s.Length || j < t.Length)
        {
            int order;
            if (i == s.Length)
            {
                order = 1;
            }
            else if (j == t.Length)
            {
                order = -1;
            }
            else
            {
                order = string.CompareOrdinal(s[i].Name, t[j].Name);
            }

            if (order < 0)
            {
                merged[count++] = s[i++];
            }
            else if (order > 0)
            {
                merged[count++] = t[j++];
            }
            else
            {
                merged[count++] = honorLabels ? s[i] : t[j];
                if (!honorLabels)
                {
                    (clashes ??= []).Add(s[i]);
                }

                i++;
                j++;
            }
        }

        if (count != merged.Length)
        {
            Array.Resize(ref merged, count);
        }

        var labels = Labels.FromSortedUnchecked(merged);
        if (clashes is null)
        {
            return labels;
        }

        var builder = labels.ToBuilder();
        foreach (var clash in clashes)
        {
            var name = ExportedPrefix + clash.Name;
            while (builder.Get(name) is not null)
            {
                name = ExportedPrefix + name;
            }

            builder.Set(name, clash.Value);
        }

        return builder.Build();
    }
}
