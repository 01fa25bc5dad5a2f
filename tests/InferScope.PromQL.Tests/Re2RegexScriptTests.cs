using InferScope.PromQL.Testing;

namespace InferScope.PromQL.Tests;

/// <summary>RE2 syntax in selectors and <c>label_replace</c>, with the results Prometheus 2.42 returns.</summary>
public sealed class Re2RegexScriptTests
{
    [Fact]
    public async Task Re2Syntax_SelectorsAndLabelReplace()
    {
        const string Script = """
            load 1m
              greeting{text="hello!"} 1
              greeting{text="h3llo!"} 2
              greeting{text="a.b"} 3

            eval instant at 0m greeting{text=~"[[:alpha:]]+!"}
              greeting{text="hello!"} 1

            eval instant at 0m greeting{text=~"[[:^digit:]]+!"}
              greeting{text="hello!"} 1

            eval instant at 0m greeting{text=~"\\Qa.b\\E"}
              greeting{text="a.b"} 3

            eval instant at 0m label_replace(greeting{text="h3llo!"}, "word", "$1", "text", "([[:alnum:]]+)[[:punct:]]")
              greeting{text="h3llo!", word="h3llo"} 2

            eval instant at 0m label_replace(greeting{text="a.b"}, "left", "$first", "text", "(?P<first>[[:lower:]])\\Q.\\E.*")
              greeting{text="a.b", left="a"} 3

            eval_fail instant at 0m label_replace(greeting, "x", "$1", "text", "[[:nosuch:]]")
            """;
        var report = new ScriptReport();

        await new ScriptRunner().RunAsync("inline", Script, report);

        Assert.True(report.Failed == 0, string.Join("\n", report.Outcomes.Where(o => o.Reason is not null).Select(o => o.Reason)));
        Assert.Equal("6 passed, 0 failed", report.Summary);
    }
}
