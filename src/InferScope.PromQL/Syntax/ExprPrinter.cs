using System.Globalization;
using System.Text;
using InferScope.Model;
using MatchType = InferScope.Model.MatchType;

namespace InferScope.PromQL.Syntax;

/// <summary>Prints an expression back as canonical PromQL text, the output of /api/v1/format_query.</summary>
/// <remarks>NOTE: the output is always one line, whereas Prometheus splits queries longer than 100 characters over several indented lines.</remarks>
public static class ExprPrinter
{
    public static string Print(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var builder = new StringBuilder();
        Write(builder, expr);
        return builder.ToString();
    }

    /// <summary>Formats a float as Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c> would, with <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>.</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            text = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? d.ToString(CultureInfo.InvariantCulture)
                : value.ToString("F20", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        }

        return text;
    }

    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (IsInvalidByte(value, i))
                    {
                        // The lexer keeps a byte of invalid UTF-8 as U+DC00 + byte, so print it back as that byte.
                        builder.Append("\\x").Append((c - 0xDC00).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static bool IsInvalidByte(string value, int index) =>
        value[index] is >= '\uDC80' and <= '\uDCFF' && (index == 0 || !char.IsHighSurrogate(value[index - 1]));

    private static void Write(StringBuilder b, Expr expr)
    {
        switch (expr)
        {
            case NumberLiteral n:
                b.Append(n.DurationText ?? FormatNumber(n.Value));
                break;
            case StringLiteral s:
                b.Append(Quote(s.Value));
                break;
            case ParenExpr p:
                b.Append('(');
                Write(b, p.Inner);
                b.Append(')');
                break;
            case UnaryExpr u:
                b.Append(u.Negate ? '-' : '+');
                Write(b, u.Operand);
                break;
            case VectorSelector v:
                WriteSelector(b, v);
                WriteModifiers(b, v);
                break;
            case MatrixSelector m:
                WriteSelector(b, m.Selector);
                b.Append('[');
                WriteDuration(b, m.Range);
                b.Append(']');
                WriteModifiers(b, m.Selector);
                break;
            case SubqueryExpr q:
                Write(b, q.Inner);
                b.Append('[');
                WriteDuration(b, q.Range);
                b.Append(':');
                if (q.Step is not null)
                {
                    WriteDuration(b, q.Step);
                }

                b.Append(']');
                WriteModifiers(b, q);
                break;
            case BinaryExpr bin:
                WriteBinary(b, bin);
                break;
            case AggregateExpr agg:
                WriteAggregate(b, agg);
                break;
            case Call call:
                b.Append(call.Function.Name).Append('(');
                for (var i = 0; i < call.Args.Count; i++)
                {
                    if (i > 0)
                    {
                        b.Append(", ");
                    }

                    Write(b, call.Args[i]);
                }

                b.Append(')');
                break;
            default:
                throw new ArgumentException($"Unknown expression node {expr.GetType().Name}.", nameof(expr));
        }
    }

    private static void WriteDuration(StringBuilder b, DurationExpr d)
    {
        if (d.Computed is not null)
        {
            Write(b, d.Computed);
        }
        else
        {
            b.Append(DurationText.Format(d.Milliseconds));
        }
    }

    private static void WriteSelector(StringBuilder b, VectorSelector v)
    {
        var nameIsLegacy = v.Name is not null && LabelText.IsLegacyMetricName(v.Name);
        var others = v.Matchers.Where(m => !(v.Name is not null && m.Name == LabelNames.MetricName && m.Type == MatchType.Equal && m.Value == v.Name)).ToList();
        if (nameIsLegacy)
        {
            b.Append(v.Name);
            if (others.Count == 0)
            {
                return;
            }
        }

        b.Append('{');
        var first = true;
        if (v.Name is not null && !nameIsLegacy)
        {
            b.Append(Quote(v.Name));
            first = false;
        }

        foreach (var m in others)
        {
            if (!first)
            {
                b.Append(", ");
            }

            first = false;
            b.Append(LabelText.IsLegacyLabelName(m.Name) ? m.Name : Quote(m.Name));
            b.Append(m.Type switch
            {
                MatchType.Equal => "=",
                MatchType.NotEqual => "!=",
                MatchType.RegexMatch => "=~",
                _ => "!~",
            });
            b.Append(Quote(m.Value));
        }

        b.Append('}');
    }

    private static void WriteModifiers(StringBuilder b, ITimeModified m)
    {
        if (m.At == AtModifier.Timestamp)
        {
            b.Append(" @ ").Append(m.AtSeconds.ToString("F3", CultureInfo.InvariantCulture));
        }
        else if (m.At == AtModifier.Start)
        {
            b.Append(" @ start()");
        }
        else if (m.At == AtModifier.End)
        {
            b.Append(" @ end()");
        }

        if (m.Offset is not null)
        {
            b.Append(" offset ");
            if (m.NegativeOffset)
            {
                b.Append('-');
            }

            WriteDuration(b, m.Offset);
        }
    }

    internal static string OpText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Mod => "%",
        BinaryOp.Pow => "^",
        BinaryOp.Atan2 => "atan2",
        BinaryOp.Eql => "==",
        BinaryOp.Neq => "!=",
        BinaryOp.Lss => "<",
        BinaryOp.Lte => "<=",
        BinaryOp.Gtr => ">",
        BinaryOp.Gte => ">=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        BinaryOp.TrimUpper => "</",
        BinaryOp.TrimLower => ">/",
        _ => "unless",
    };

    private static void WriteBinary(StringBuilder b, BinaryExpr bin)
    {
        Write(b, bin.Left);
        b.Append(' ').Append(OpText(bin.Op));
        if (bin.ReturnBool)
        {
            b.Append(" bool");
        }

        var m = bin.Matching;
        if (m is not null)
        {
            if (m.Explicit)
            {
                b.Append(m.On ? " on(" : " ignoring(").AppendJoin(", ", m.MatchingLabels.Select(LabelOut)).Append(')');
            }

            if (m.Cardinality is MatchCardinality.ManyToOne or MatchCardinality.OneToMany)
            {
                b.Append(m.Cardinality == MatchCardinality.ManyToOne ? " group_left" : " group_right");
                b.Append('(').AppendJoin(", ", m.Include.Select(LabelOut)).Append(')');
            }
        }

        b.Append(' ');
        Write(b, bin.Right);
    }

    private static string LabelOut(string name) => LabelText.IsLegacyLabelName(name) ? name : Quote(name);

    private static void WriteAggregate(StringBuilder b, AggregateExpr agg)
    {
        b.Append(agg.Op switch
        {
            AggregateOp.TopK => "topk",
            AggregateOp.BottomK => "bottomk",
            AggregateOp.CountValues => "count_values",
            AggregateOp.LimitK => "limitk",
            AggregateOp.LimitRatio => "limit_ratio",
            _ => agg.Op.ToString().ToLowerInvariant(),
        });
        if (agg.HasGrouping)
        {
            b.Append(agg.Without ? " without (" : " by (").AppendJoin(", ", agg.Grouping.Select(LabelOut)).Append(") ");
        }

        b.Append('(');
        if (agg.Parameter is not null)
        {
            Write(b, agg.Parameter);
            b.Append(", ");
        }

        Write(b, agg.Operand);
        b.Append(')');
    }
}
