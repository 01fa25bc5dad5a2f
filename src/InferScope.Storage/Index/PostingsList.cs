namespace InferScope.Storage.Index;

/// <summary>Set operations on postings: ascending arrays of series references without duplicates.</summary>
internal static class PostingsList
{
    public static ulong[] Intersect(ulong[] a, ulong[] b)
    {
        var result = new List<ulong>(Math.Min(a.Length, b.Length));
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                result.Add(a[i]);
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return [.. result];
    }

    public static ulong[] Subtract(ulong[] a, ulong[] b)
    {
        var result = new List<ulong>(a.Length);
        var j = 0;
        foreach (var value in a)
        {
            while (j < b.Length && b[j] < value)
            {
                j++;
            }

            if (j >= b.Length || b[j] != value)
            {
                result.Add(value);
            }
        }

        return [.. result];
    }

    public static ulong[] Union(List<ulong[]> lists)
    {
        if (lists.Count == 0)
        {
            return [];
        }

        if (lists.Count == 1)
        {
            return lists[0];
        }

        var total = 0;
        foreach (var list in lists)
        {
            total += list.Length;
        }

        var all = new ulong[total];
        var offset = 0;
        foreach (var list in lists)
        {
            list.CopyTo(all, offset);
            offset += list.Length;
        }

        Array.Sort(all);
        var unique = 0;
        for (var i = 0; i < all.Length; i++)
        {
            if (i == 0 || all[i] != all[i - 1])
            {
                all[unique++] = all[i];
            }
        }

        return all[..unique];
    }
}
