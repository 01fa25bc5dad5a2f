using System.Globalization;
using InferScope.Model;
using MatchType = InferScope.Model.MatchType;

namespace InferScope.PromQL.Syntax;

/// <summary>
/// A recursive-descent parser for PromQL with Prometheus's operator precedence, followed by the
/// same static type checks Prometheus makes. Errors carry the offset of the offending token.
/// </summary>
/// <remarks>
/// NOTE: experimental syntax of Prometheus 3.7 and later is not parsed yet: the <c>anchored</c> and
/// <c>smoothed</c> range modifiers, <c>fill()</c> on binary operators, the <c>&lt;/</c> and
/// <c>&gt;/</c> histogram trim operators and the <c>info()</c> function.
/// </remarks>
public sealed class Parser
{
    private readonly string query;
    private readonly List<Token> tokens;
    private int index;
    private bool allowEmptySelector;
    private int depth;

    /// <summary>The deepest nesting the parser accepts; deeper input is rejected rather than exhausting the stack.</summary>
    public const int MaxDepth = 256;

    private Parser(string query)
    {
        this.query = query;
        tokens = new Lexer(query).Tokenize();
    }

    /// <summary>Parses and type-checks a query.</summary>
    /// <exception cref="ParseException">The query is not valid PromQL.</exception>
    public static Expr Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new Parser(query);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ParseException(query, 0, "no expression found in input");
        }

        var expr = parser.ParseExpr(0);
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected("");
        }

        return expr;
    }

    /// <summary>Parses a series description such as <c>name{a="b"}</c> as used in test scripts.</summary>
    public static (string? Name, IReadOnlyList<Matcher> Matchers) ParseSeriesDescription(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text) { allowEmptySelector = true };
        var expr = parser.ParsePrimary();
        if (parser.Current.Kind != TokenKind.End || expr is not VectorSelector selector)
        {
            throw new ParseException(text, parser.Current.Position, "invalid series description");
        }

        return (selector.Name, selector.Matchers);
    }

    private Token Current => tokens[index];

    private Token PeekToken(int ahead = 1) => tokens[Math.Min(index + ahead, tokens.Count - 1)];

    private Token Advance() => tokens[index++];

    private ParseException Error(int position, string reason) => new(query, position, reason);

    /// <summary>
    /// Returns a type error, unless a left parenthesis is never closed. Prometheus type-checks only a
    /// query that parsed, and its lexer rejects an unclosed parenthesis at the end of input, so
    /// <c>rate(x[5m] &gt; 1</c> is reported as unclosed there and not as a binary operand type.
    /// </summary>
    // NOTE: this parser type-checks while it parses, so a later syntax error other than an unclosed
    // parenthesis still loses to an earlier type error, where Prometheus reports the syntax error.
    private ParseException TypeError(int position, string reason) =>
        HasUnclosedParen() ? UnclosedParen() : Error(position, reason);

    private ParseException UnclosedParen() => Error(tokens[^1].Position, "unclosed left parenthesis");

    private bool HasUnclosedParen()
    {
        var depth = 0;
        foreach (var token in tokens)
        {
            depth += token.Kind switch
            {
                TokenKind.LeftParen => 1,
                TokenKind.RightParen => -1,
                _ => 0,
            };
        }

        return depth > 0;
    }

    private ParseException Unexpected(string context)
    {
        var token = Current;
        if (token.Kind == TokenKind.End && HasUnclosedParen())
        {
            return UnclosedParen();
        }

        var description = token.Kind == TokenKind.End ? "end of input" : token.ToString();
        return Error(token.Position, $"unexpected {description}{context}");
    }

    private Token Expect(TokenKind kind, string context)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(context);
        }

        return Advance();
    }

    private bool IsKeyword(string word) => Current.Kind == TokenKind.Identifier && Current.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    private (BinaryOp Op, int Precedence)? CurrentBinaryOp()
    {
        var t = Current;
        return t.Kind switch
        {
            TokenKind.Add => (BinaryOp.Add, 4),
            TokenKind.Sub => (BinaryOp.Sub, 4),
            TokenKind.Mul => (BinaryOp.Mul, 5),
            TokenKind.Div => (BinaryOp.Div, 5),
            TokenKind.Mod => (BinaryOp.Mod, 5),
            TokenKind.Pow => (BinaryOp.Pow, 6),
            TokenKind.Eql => (BinaryOp.Eql, 3),
            TokenKind.Neq => (BinaryOp.Neq, 3),
            TokenKind.Lss => (BinaryOp.Lss, 3),
            TokenKind.Lte => (BinaryOp.Lte, 3),
            TokenKind.Gtr => (BinaryOp.Gtr, 3),
            TokenKind.Gte => (BinaryOp.Gte, 3),
            TokenKind.TrimUpper => (BinaryOp.TrimUpper, 3),
            TokenKind.TrimLower => (BinaryOp.TrimLower, 3),
            TokenKind.Identifier => t.Text.ToLowerInvariant() switch
            {
                "and" => (BinaryOp.And, 2),
                "unless" => (BinaryOp.Unless, 2),
                "or" => (BinaryOp.Or, 1),
                "atan2" => (BinaryOp.Atan2, 5),
                _ => null,
            },
            _ => null,
        };
    }

    private Expr ParseExpr(int minPrecedence)
    {
        if (++depth > MaxDepth)
        {
            throw Error(Current.Position, $"query is nested more than {MaxDepth} levels deep");
        }

        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        try
        {
            return ParseExprAtDepth(minPrecedence);
        }
        finally
        {
            depth--;
        }
    }

    private Expr ParseExprAtDepth(int minPrecedence)
    {
        var left = ParseUnary();
        var chained = 0;
        try
        {
            while (CurrentBinaryOp() is { } found && found.Precedence >= minPrecedence)
            {
                // Each operator folded here puts the tree built so far one level deeper, so a long
                // chain such as 1+1+1+... counts as nesting. Code that walks the tree recursively,
                // the evaluator included, can then rely on the depth limit.
                chained++;
                if (++depth > MaxDepth)
                {
                    throw Error(Current.Position, $"query is nested more than {MaxDepth} levels deep");
                }

                var opToken = Advance();
                var binary = ParseBinaryModifiers();
                var nextMin = found.Op == BinaryOp.Pow ? found.Precedence : found.Precedence + 1;
                var right = ParseExpr(nextMin);
                left = BuildBinary(opToken, found.Op, left, right, binary.ReturnBool, binary.Matching);
            }
        }
        finally
        {
            depth -= chained;
        }

        return left;
    }

    private (bool ReturnBool, VectorMatching? Matching) ParseBinaryModifiers()
    {
        var returnBool = false;
        if (IsKeyword("bool"))
        {
            Advance();
            returnBool = true;
        }

        VectorMatching? matching = null;
        if (IsKeyword("on") || IsKeyword("ignoring"))
        {
            matching = new VectorMatching { On = IsKeyword("on"), Explicit = true };
            Advance();
            matching.MatchingLabels = ParseLabelList();
            if (IsKeyword("group_left") || IsKeyword("group_right"))
            {
                matching.Cardinality = IsKeyword("group_left") ? MatchCardinality.ManyToOne : MatchCardinality.OneToMany;
                Advance();
                if (Current.Kind == TokenKind.LeftParen)
                {
                    matching.Include = ParseLabelList();
                }
            }
        }
        else if (IsKeyword("group_left") || IsKeyword("group_right"))
        {
            throw Unexpected(" in binary expression; group modifiers need on() or ignoring() first");
        }

        return (returnBool, matching);
    }

    private Expr BuildBinary(Token opToken, BinaryOp op, Expr left, Expr right, bool returnBool, VectorMatching? matching)
    {
        var opText = opToken.Text.ToLowerInvariant();
        var expr = new BinaryExpr(left.Position, op, left, right) { ReturnBool = returnBool };
        var leftKind = left.Kind;
        var rightKind = right.Kind;
        if (leftKind is not (ValueKind.Scalar or ValueKind.Vector) || rightKind is not (ValueKind.Scalar or ValueKind.Vector))
        {
            throw TypeError(left.Position, "binary expression must contain only scalar and instant vector types");
        }

        if (returnBool && !expr.IsComparison)
        {
            throw TypeError(opToken.Position, "bool modifier can only be used on comparison operators");
        }

        if (expr.IsComparison && !returnBool && leftKind == ValueKind.Scalar && rightKind == ValueKind.Scalar)
        {
            throw TypeError(left.Position, "comparisons between scalars must use BOOL modifier");
        }

        if (expr.IsSetOperator && (leftKind == ValueKind.Scalar || rightKind == ValueKind.Scalar))
        {
            throw TypeError(left.Position, $"set operator \"{opText}\" not allowed in binary scalar expression");
        }

        var bothVectors = leftKind == ValueKind.Vector && rightKind == ValueKind.Vector;
        if (matching is not null && !bothVectors)
        {
            throw TypeError(left.Position, "vector matching only allowed between instant vectors");
        }

        if (bothVectors)
        {
            matching ??= new VectorMatching();
            if (expr.IsSetOperator)
            {
                if (matching.Cardinality is MatchCardinality.ManyToOne or MatchCardinality.OneToMany)
                {
                    throw TypeError(opToken.Position, $"no grouping allowed for \"{opText}\" operation");
                }

                matching.Cardinality = MatchCardinality.ManyToMany;
            }

            if (matching.On)
            {
                foreach (var label in matching.Include)
                {
                    if (matching.MatchingLabels.Contains(label))
                    {
                        throw TypeError(opToken.Position, $"label \"{label}\" must not occur in ON and GROUP clause at once");
                    }
                }
            }

            expr.Matching = matching;
        }

        return expr;
    }

    private Expr ParseUnary()
    {
        if (Current.Kind is TokenKind.Add or TokenKind.Sub)
        {
            var opToken = Advance();
            var operand = ParseExpr(6);
            if (operand is NumberLiteral number)
            {
                return opToken.Kind == TokenKind.Sub
                    ? new NumberLiteral(opToken.Position, -number.Value, number.DurationText is null ? null : "-" + number.DurationText)
                    : new NumberLiteral(opToken.Position, number.Value, number.DurationText);
            }

            if (operand.Kind is not (ValueKind.Scalar or ValueKind.Vector))
            {
                throw TypeError(opToken.Position, "unary expression only allowed on expressions of type scalar or instant vector");
            }

            return new UnaryExpr(opToken.Position, opToken.Kind == TokenKind.Sub, operand);
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            if (Current.Kind == TokenKind.LeftBracket)
            {
                expr = ParseRangeOrSubquery(expr);
            }
            else if (IsKeyword("offset"))
            {
                var offsetToken = Advance();
                if (expr is not ITimeModified modified)
                {
                    throw Error(offsetToken.Position, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
                }

                if (modified.Offset is not null)
                {
                    throw Error(offsetToken.Position, "offset may not be set multiple times");
                }

                var negative = false;
                if (Current.Kind == TokenKind.Sub)
                {
                    Advance();
                    negative = true;
                }

                modified.Offset = ParseOffsetDuration();
                modified.NegativeOffset = negative;
            }
            else if (Current.Kind == TokenKind.At)
            {
                var atToken = Advance();
                if (expr is not ITimeModified modified)
                {
                    throw Error(atToken.Position, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
                }

                if (modified.At != AtModifier.None)
                {
                    throw Error(atToken.Position, "@ <timestamp> may not be set multiple times");
                }

                ParseAt(modified);
            }
            else
            {
                return expr;
            }
        }
    }

    private void ParseAt(ITimeModified modified)
    {
        if (IsKeyword("start") || IsKeyword("end"))
        {
            var keyword = Advance();
            Expect(TokenKind.LeftParen, " in @ modifier; expected \"(\"");
            Expect(TokenKind.RightParen, " in @ modifier; expected \")\"");
            modified.At = keyword.Text.Equals("start", StringComparison.OrdinalIgnoreCase) ? AtModifier.Start : AtModifier.End;
            return;
        }

        var sign = 1.0;
        if (Current.Kind is TokenKind.Add or TokenKind.Sub)
        {
            sign = Advance().Kind == TokenKind.Sub ? -1 : 1;
        }

        var token = Current;
        double value;
        if (token.Kind == TokenKind.Number)
        {
            value = ParseNumber(token);
        }
        else if (token.Kind == TokenKind.Duration)
        {
            value = ParseDurationToken(token) / 1000.0;
        }
        else
        {
            throw Unexpected(" in @; expected timestamp");
        }

        Advance();
        value *= sign;
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) > long.MaxValue / 1000.0)
        {
            throw Error(token.Position, $"timestamp out of bounds for @ modifier: {value.ToString(CultureInfo.InvariantCulture)}");
        }

        modified.At = AtModifier.Timestamp;
        modified.AtSeconds = value;
    }

    private DurationExpr ParseOffsetDuration()
    {
        var token = Current;
        if (token.Kind == TokenKind.Duration)
        {
            Advance();
            return new DurationExpr(ParseDurationToken(token), token.Text);
        }

        if (token.Kind == TokenKind.Number)
        {
            Advance();
            return new DurationExpr(SecondsToMs(token, ParseNumber(token)));
        }

        if (token.Kind == TokenKind.LeftParen)
        {
            var inner = ParsePrimary();
            return MakeDuration(inner);
        }

        throw Unexpected(" in offset; expected duration");
    }

    private long SecondsToMs(Token token, double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > long.MaxValue / 1000.0)
        {
            throw Error(token.Position, $"duration out of range: {token.Text}");
        }

        return (long)Math.Round(seconds * 1000);
    }

    private DurationExpr MakeDuration(Expr expr)
    {
        var inner = expr;
        while (inner is ParenExpr paren)
        {
            inner = paren.Inner;
        }

        if (inner is NumberLiteral number)
        {
            if (double.IsNaN(number.Value) || double.IsInfinity(number.Value) || Math.Abs(number.Value) > long.MaxValue / 1000.0)
            {
                throw Error(number.Position, "duration out of range");
            }

            return number.DurationText is not null && expr == inner
                ? new DurationExpr((long)Math.Round(number.Value * 1000), number.DurationText)
                : new DurationExpr((long)Math.Round(number.Value * 1000));
        }

        if (expr.Kind != ValueKind.Scalar || !IsDurationArithmetic(expr))
        {
            throw Error(expr.Position, "duration must be a number, a duration or an arithmetic expression of them");
        }

        return new DurationExpr(expr);
    }

    private static bool IsDurationArithmetic(Expr expr) => expr switch
    {
        NumberLiteral => true,
        ParenExpr p => IsDurationArithmetic(p.Inner),
        UnaryExpr u => IsDurationArithmetic(u.Operand),
        BinaryExpr b => !b.IsComparison && !b.IsSetOperator && IsDurationArithmetic(b.Left) && IsDurationArithmetic(b.Right),
        Call c => c.Function.Name is "step" or "range" or "min_of" or "max_of" && c.Args.All(IsDurationArithmetic),
        _ => false,
    };

    private Expr ParseRangeOrSubquery(Expr expr)
    {
        var open = Advance();
        var range = MakeDuration(ParseExpr(0));
        if (Current.Kind == TokenKind.Colon)
        {
            Advance();
            DurationExpr? step = null;
            if (Current.Kind != TokenKind.RightBracket)
            {
                step = MakeDuration(ParseExpr(0));
            }

            Expect(TokenKind.RightBracket, " in subquery; expected \"]\"");
            if (expr.Kind != ValueKind.Vector)
            {
                throw TypeError(expr.Position, $"subquery is only allowed on instant vector, got {KindName(expr.Kind)}");
            }

            CheckPositive(range, open.Position, "subquery range");
            return new SubqueryExpr(expr.Position, expr, range, step);
        }

        Expect(TokenKind.RightBracket, " in range selector; expected \"]\" or \":\"");
        if (expr is not VectorSelector selector)
        {
            throw Error(open.Position, "ranges only allowed for vector selectors");
        }

        if (selector.Offset is not null)
        {
            throw Error(open.Position, "no offset modifiers allowed before range");
        }

        if (selector.At != AtModifier.None)
        {
            throw Error(open.Position, "no @ modifiers allowed before range");
        }

        CheckPositive(range, open.Position, "range");
        return new MatrixSelector(expr.Position, selector, range);
    }

    private void CheckPositive(DurationExpr duration, int position, string what)
    {
        if (duration.Computed is null && duration.Milliseconds <= 0)
        {
            throw Error(position, $"{what} must be greater than 0, got {DurationText.Format(duration.Milliseconds)}");
        }
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberLiteral(token.Position, ParseNumber(token));
            case TokenKind.Duration:
                Advance();
                return new NumberLiteral(token.Position, ParseDurationToken(token) / 1000.0, token.Text);
            case TokenKind.String:
                Advance();
                return new StringLiteral(token.Position, token.Text);
            case TokenKind.LeftParen:
                {
                    Advance();
                    var inner = ParseExpr(0);
                    Expect(TokenKind.RightParen, " in paren expression; expected \")\"");
                    return new ParenExpr(token.Position, inner);
                }

            case TokenKind.LeftBrace:
                return ParseSelector(token.Position, null);
            case TokenKind.Identifier:
                return ParseIdentifierExpr();
            default:
                throw Unexpected("");
        }
    }

    private Expr ParseIdentifierExpr()
    {
        var token = Advance();
        var lower = token.Text.ToLowerInvariant();
        if (AggregateOpOf(lower) is { } aggregate && (Current.Kind == TokenKind.LeftParen || IsKeyword("by") || IsKeyword("without")))
        {
            return ParseAggregate(token, aggregate);
        }

        if (Current.Kind == TokenKind.LeftParen)
        {
            return ParseCall(token);
        }

        if (lower is "by" or "without" or "on" or "ignoring" or "group_left" or "group_right" or "bool" or "offset" or "and" or "or" or "unless" or "atan2")
        {
            throw Error(token.Position, $"unexpected {lower}");
        }

        return ParseSelector(token.Position, token.Text);
    }

    private static AggregateOp? AggregateOpOf(string lower) => lower switch
    {
        "sum" => AggregateOp.Sum,
        "avg" => AggregateOp.Avg,
        "min" => AggregateOp.Min,
        "max" => AggregateOp.Max,
        "count" => AggregateOp.Count,
        "group" => AggregateOp.Group,
        "stddev" => AggregateOp.Stddev,
        "stdvar" => AggregateOp.Stdvar,
        "topk" => AggregateOp.TopK,
        "bottomk" => AggregateOp.BottomK,
        "quantile" => AggregateOp.Quantile,
        "count_values" => AggregateOp.CountValues,
        "limitk" => AggregateOp.LimitK,
        "limit_ratio" => AggregateOp.LimitRatio,
        _ => null,
    };

    private Expr ParseAggregate(Token opToken, AggregateOp op)
    {
        IReadOnlyList<string>? grouping = null;
        var without = false;
        if (IsKeyword("by") || IsKeyword("without"))
        {
            without = IsKeyword("without");
            Advance();
            grouping = ParseLabelList();
        }

        Expect(TokenKind.LeftParen, " in aggregation; expected \"(\"");
        var args = new List<Expr>();
        if (Current.Kind != TokenKind.RightParen)
        {
            args.Add(ParseExpr(0));
            while (Current.Kind == TokenKind.Comma)
            {
                Advance();
                if (Current.Kind == TokenKind.RightParen)
                {
                    break;
                }

                args.Add(ParseExpr(0));
            }
        }

        Expect(TokenKind.RightParen, " in aggregation; expected \",\" or \")\"");
        if (grouping is null && (IsKeyword("by") || IsKeyword("without")))
        {
            without = IsKeyword("without");
            Advance();
            grouping = ParseLabelList();
        }

        var needsParameter = op is AggregateOp.TopK or AggregateOp.BottomK or AggregateOp.Quantile or AggregateOp.CountValues or AggregateOp.LimitK or AggregateOp.LimitRatio;
        var expected = needsParameter ? 2 : 1;
        if (args.Count != expected)
        {
            throw TypeError(opToken.Position, $"wrong number of arguments for aggregate expression provided, expected {expected}, got {args.Count}");
        }

        var operand = args[^1];
        var parameter = needsParameter ? args[0] : null;
        if (operand.Kind != ValueKind.Vector)
        {
            throw TypeError(operand.Position, $"expected type instant vector in aggregation expression, got {KindName(operand.Kind)}");
        }

        if (parameter is not null)
        {
            var expectedKind = op == AggregateOp.CountValues ? ValueKind.String : ValueKind.Scalar;
            if (parameter.Kind != expectedKind)
            {
                throw TypeError(parameter.Position, $"expected type {KindName(expectedKind)} in aggregation parameter, got {KindName(parameter.Kind)}");
            }
        }

        return new AggregateExpr(opToken.Position, op, operand, parameter)
        {
            Grouping = grouping ?? [],
            Without = without,
            HasGrouping = grouping is not null,
        };
    }

    private Expr ParseCall(Token nameToken)
    {
        var function = FunctionInfo.Find(nameToken.Text)
            ?? throw Error(nameToken.Position, $"unknown function with name \"{nameToken.Text}\"");
        Advance();
        var args = new List<Expr>();
        if (Current.Kind != TokenKind.RightParen)
        {
            args.Add(ParseExpr(0));
            while (Current.Kind == TokenKind.Comma)
            {
                Advance();
                if (Current.Kind == TokenKind.RightParen)
                {
                    break;
                }

                args.Add(ParseExpr(0));
            }
        }

        Expect(TokenKind.RightParen, " in function call; expected \",\" or \")\"");
        var declared = function.ArgKinds.Length;
        if (function.Variadic)
        {
            var min = declared - 1;
            if (args.Count < min)
            {
                throw TypeError(nameToken.Position, $"expected at least {min} argument(s) in call to \"{function.Name}\", got {args.Count}");
            }

            if (function.OptionalArgs > 0 && args.Count > min + function.OptionalArgs)
            {
                throw TypeError(nameToken.Position, $"expected at most {min + function.OptionalArgs} argument(s) in call to \"{function.Name}\", got {args.Count}");
            }
        }
        else if (args.Count != declared)
        {
            throw TypeError(nameToken.Position, $"expected {declared} argument(s) in call to \"{function.Name}\", got {args.Count}");
        }

        for (var i = 0; i < args.Count; i++)
        {
            var expectedKind = function.ArgKinds[Math.Min(i, declared - 1)];
            if (args[i].Kind != expectedKind)
            {
                throw TypeError(args[i].Position, $"expected type {KindName(expectedKind)} in call to function \"{function.Name}\", got {KindName(args[i].Kind)}");
            }
        }

        return new Call(nameToken.Position, function, args);
    }

    internal static string KindName(ValueKind kind) => kind switch
    {
        ValueKind.Scalar => "scalar",
        ValueKind.String => "string",
        ValueKind.Vector => "instant vector",
        _ => "range vector",
    };

    private IReadOnlyList<string> ParseLabelList()
    {
        Expect(TokenKind.LeftParen, " in grouping opts; expected \"(\"");
        var labels = new List<string>();
        while (Current.Kind != TokenKind.RightParen)
        {
            var token = Current;
            if (token.Kind is not (TokenKind.Identifier or TokenKind.String))
            {
                throw Unexpected(" in grouping opts, expected label");
            }

            if (token.Kind == TokenKind.Identifier && (token.Text.Contains(':', StringComparison.Ordinal) || !LabelText.IsLegacyLabelName(token.Text)))
            {
                throw Error(token.Position, $"invalid label name \"{token.Text}\" in grouping opts");
            }

            Advance();
            labels.Add(token.Text);
            if (Current.Kind == TokenKind.Comma)
            {
                Advance();
            }
            else if (Current.Kind != TokenKind.RightParen)
            {
                throw Unexpected(" in grouping opts, expected \",\" or \")\"");
            }
        }

        Advance();
        return labels;
    }

    private Expr ParseSelector(int position, string? name)
    {
        var matchers = new List<Matcher>();
        if (name is not null)
        {
            matchers.Add(Matcher.Equal(LabelNames.MetricName, name));
        }

        if (Current.Kind == TokenKind.LeftBrace)
        {
            Advance();
            while (Current.Kind != TokenKind.RightBrace)
            {
                var labelToken = Current;
                if (labelToken.Kind is not (TokenKind.Identifier or TokenKind.String))
                {
                    throw Unexpected(" in label matching, expected label");
                }

                Advance();
                if (labelToken.Kind == TokenKind.String && Current.Kind is TokenKind.Comma or TokenKind.RightBrace)
                {
                    if (name is not null)
                    {
                        throw Error(labelToken.Position, $"metric name must not be set twice: \"{name}\" or \"{labelToken.Text}\"");
                    }

                    name = labelToken.Text;
                    matchers.Add(Matcher.Equal(LabelNames.MetricName, name));
                }
                else
                {
                    var opToken = Current;
                    var type = opToken.Kind switch
                    {
                        TokenKind.Assign => MatchType.Equal,
                        TokenKind.Neq => MatchType.NotEqual,
                        TokenKind.RegexMatch => MatchType.RegexMatch,
                        TokenKind.RegexNotMatch => MatchType.RegexNotMatch,
                        _ => throw Unexpected(" in label matching, expected label matching operator"),
                    };
                    Advance();
                    var valueToken = Expect(TokenKind.String, " in label matching, expected string");
                    if (labelToken.Kind == TokenKind.Identifier && !LabelText.IsLegacyLabelName(labelToken.Text))
                    {
                        throw Error(labelToken.Position, $"invalid label name \"{labelToken.Text}\"");
                    }

                    try
                    {
                        matchers.Add(new Matcher(type, labelToken.Text, valueToken.Text));
                    }
                    catch (ArgumentException e)
                    {
                        throw Error(valueToken.Position, $"error parsing regexp: {e.Message}");
                    }

                }

                if (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                }
                else if (Current.Kind != TokenKind.RightBrace)
                {
                    throw Unexpected(" in label matching, expected \",\" or \"}\"");
                }
            }

            Advance();
        }

        var nameMatchers = matchers.Where(m => m.Name == LabelNames.MetricName).ToList();
        if (nameMatchers.Count > 1 && name is not null)
        {
            throw Error(position, $"metric name must not be set twice: \"{name}\" or \"{nameMatchers[1].Value}\"");
        }

        if (!allowEmptySelector && matchers.All(m => m.MatchesEmpty))
        {
            throw Error(position, "vector selector must contain at least one non-empty matcher");
        }

        return new VectorSelector(position, name, matchers);
    }

    private double ParseNumber(Token token)
    {
        if (NumberText.TryParse(token.Text, out var value))
        {
            return value;
        }

        throw Error(token.Position, $"bad number or duration syntax: \"{token.Text}\"");
    }

    private long ParseDurationToken(Token token)
    {
        if (DurationText.TryParse(token.Text, out var ms))
        {
            return ms;
        }

        throw Error(token.Position, $"bad number or duration syntax: \"{token.Text}\"");
    }
}
