using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("sum by (job) (rate(http_requests_total{job=~\"api.*\"}[5m] offset -1m @ start()))", "sum by (job) (rate(http_requests_total{job=~\"api.*\"}[5m] @ start() offset -1m))")]
    [InlineData("a + on(x) group_left(y) b", "a + on(x) group_left(y) b")]
    [InlineData("a > bool ignoring(z) b", "a > bool ignoring(z) b")]
    [InlineData("topk(3, x) or count_values(\"v\", y)", "topk(3, x) or count_values(\"v\", y)")]
    [InlineData("max_over_time(deriv(x[5m])[1h:1m])", "max_over_time(deriv(x[5m])[1h:1m])")]
    [InlineData("x[90m:]", "x[1h30m:]")]
    [InlineData("{\"my.metric\", \"le.x\"=\"1\"}", "{\"my.metric\", \"le.x\"=\"1\"}")]
    [InlineData("x @ 100", "x @ 100.000")]
    [InlineData("-x ^ 2", "-x ^ 2")]
    [InlineData("1 - -1 # comment", "1 - -1")]
    [InlineData("rate(x[2m+3m])", "rate(x[2m + 3m])")]
    [InlineData("sum without (a) (x) unless on() y", "sum without (a) (x) unless on() y")]
    [InlineData("count_values(\"a\\xc5z\", x)", "count_values(\"a\\xc5z\", x)")]
    [InlineData("label_replace(x, \"\\xff\", \"\\u00e9\", \"b\", \"(.*)\")", "label_replace(x, \"\\xff\", \"\u00e9\", \"b\", \"(.*)\")")]
    public void Format_PrintsCanonicalText(string query, string expected)
    {
        Assert.Equal(expected, ExprPrinter.Print(Parser.Parse(query)));
    }

    [Fact]
    public void Lexer_RejectsUnpairedSurrogate()
    {
        var e = Assert.Throws<ParseException>(() => Parser.Parse("x{a=\"\uDCC5\"}"));

        Assert.Contains("unpaired UTF-16 surrogate U+DCC5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Precedence_PowerBindsTighterThanUnaryMinus()
    {
        var expr = Assert.IsType<UnaryExpr>(Parser.Parse("-2 ^ 2"));

        Assert.True(expr.Negate);
        Assert.Equal(BinaryOp.Pow, Assert.IsType<BinaryExpr>(expr.Operand).Op);
    }

    [Fact]
    public void Precedence_AndBindsTighterThanOr()
    {
        var expr = Assert.IsType<BinaryExpr>(Parser.Parse("a or b and c"));

        Assert.Equal(BinaryOp.Or, expr.Op);
        Assert.Equal(BinaryOp.And, Assert.IsType<BinaryExpr>(expr.Right).Op);
    }

    [Theory]
    [InlineData("sum(", "1:5: parse error: unclosed left parenthesis")]
    [InlineData("rate(foo[5m] > 1", "1:17: parse error: unclosed left parenthesis")]
    [InlineData("(1 > 2", "1:7: parse error: unclosed left parenthesis")]
    [InlineData("sum(foo bar", "1:9: parse error: unexpected identifier \"bar\" in aggregation; expected \",\" or \")\"")]
    [InlineData("rate(x)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("nosuch(x)", "1:1: parse error: unknown function with name \"nosuch\"")]
    [InlineData("1 > 2", "1:1: parse error: comparisons between scalars must use BOOL modifier")]
    [InlineData("x and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression")]
    [InlineData("rate(x[5m]) offset 1m", "1:13: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery")]
    [InlineData("x\n  + ", "2:5: parse error: unexpected end of input")]
    [InlineData("x{a=\"b}", "1:5: parse error: unterminated quoted string")]
    [InlineData("topk(x)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1")]
    public void SyntaxError_NamesPositionAndReason(string query, string message)
    {
        var error = Assert.Throws<ParseException>(() => Parser.Parse(query));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("0x1F", 31)]
    [InlineData("1_000", 1000)]
    [InlineData("1e3", 1000)]
    [InlineData(".5", 0.5)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    public void Literals_ParseToNumbers(string text, double expected)
    {
        Assert.Equal(expected, Assert.IsType<NumberLiteral>(Parser.Parse(text)).Value);
    }

    [Fact]
    public void StringEscapes_AreDecoded()
    {
        var literal = Assert.IsType<StringLiteral>(Parser.Parse("\"a\\tb\\u00e9\\x41\""));

        Assert.Equal("a\tbéA", literal.Value);
    }
}
