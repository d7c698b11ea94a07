using AgentApp.Agent.Tools;

namespace AgentApp.Tests.Agent;

/// <summary>The calculator parses arithmetic; it never runs anything.</summary>
public sealed class ArithmeticExpressionTests
{
    [Theory]
    [InlineData("1 + 2", "3")]
    [InlineData("2 + 3 * 4", "14")]
    [InlineData("(2 + 3) * 4", "20")]
    [InlineData("2 ^ 3 ^ 2", "512")]
    [InlineData("-2 ^ 2", "-4")]
    [InlineData("10 % 4", "2")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("0.1 + 0.2", "0.3")]
    [InlineData("-(3 - 5)", "2")]
    [InlineData("6 × 7", "42")]
    [InlineData(" 12*(3+4) ", "84")]
    public void Evaluates(string expression, string expected)
    {
        Assert.True(ArithmeticExpression.TryEvaluate(expression, out var value, out var error), error);
        Assert.Equal(expected, ArithmeticExpression.Format(value));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1 +", "ends too early")]
    [InlineData("(1 + 2", "never closed")]
    [InlineData("1 / 0", "undefined")]
    [InlineData("2 ** 3", "expected a number")]
    [InlineData("System.IO.File.Delete(\"x\")", "expected a number")]
    [InlineData("1; rm -rf /", "unexpected ';'")]
    [InlineData("1.2.3", "not a number")]
    public void Rejects_what_is_not_arithmetic(string expression, string reason)
    {
        Assert.False(ArithmeticExpression.TryEvaluate(expression, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Rejects_deep_nesting_and_long_input_without_blowing_the_stack()
    {
        var deep = new string('-', 200) + "1";
        Assert.False(ArithmeticExpression.TryEvaluate(deep, out _, out var error));
        Assert.Contains("nests deeper", error);

        Assert.False(ArithmeticExpression.TryEvaluate(string.Join("+", Enumerable.Repeat("1", 200)), out _, out error));
        Assert.Contains("longer than", error);
    }
}
