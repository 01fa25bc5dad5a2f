namespace InferScope.PromQL.Engine;

/// <summary>Compensated (Neumaier) summation, which keeps sums of many floats exact to the last bits.</summary>
internal static class Kahan
{
    public static (double Sum, double Compensation) Add(double increment, double sum, double compensation)
    {
        var t = sum + increment;
        if (double.IsInfinity(t))
        {
            compensation = 0;
        }
        else if (Math.Abs(sum) >= Math.Abs(increment))
        {
            compensation += (sum - t) + increment;
        }
        else
        {
            compensation += (increment - t) + sum;
        }

        return (t, compensation);
    }
}
