using System.Globalization;

namespace AgentApp.Agent.Tools;

/// <summary>
/// A recursive-descent parser for arithmetic: numbers, <c>+ - * / % ^</c> (power, right-associative), unary minus and
/// parentheses. It evaluates what it parses and nothing else, so no input can run code.
/// </summary>
public static class ArithmeticExpression
{
    /// <summary>The longest expression accepted.</summary>
    public const int MaxLength = 256;

    private const int MaxDepth = 64;

    /// <summary>Evaluates <paramref name="expression"/>, or says what is wrong with it.</summary>
    public static bool TryEvaluate(string? expression, out double value, out string error)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "the expression is empty";
            return false;
        }

        if (expression.Length > MaxLength)
        {
            error = $"the expression is longer than {MaxLength} characters";
            return false;
        }

        var parser = new Parser(expression);
        if (!parser.TryParse(out value, out error))
        {
            return false;
        }

        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            error = "the result is undefined (division by zero or overflow)";
            return false;
        }

        return true;
    }

    /// <summary>Formats a result without binary noise: 0.1 + 0.2 shows as 0.3.</summary>
    public static string Format(double value) => Math.Round(value, 12).ToString("G15", CultureInfo.InvariantCulture);

    private sealed class Parser(string text)
    {
        private int _position;
        private int _depth;
        private string? _error;

        public bool TryParse(out double value, out string error)
        {
            value = Expression();
            SkipSpaces();
            if (_error is null && _position < text.Length)
            {
                Fail($"unexpected '{text[_position]}' at position {_position + 1}");
            }

            error = _error ?? "";
            return _error is null;
        }

        // expression := term (('+' | '-') term)*
        private double Expression()
        {
            var value = Term();
            while (_error is null && TryTake('+', '-') is { } op)
            {
                var right = Term();
                value = op == '+' ? value + right : value - right;
            }

            return value;
        }

        // term := unary (('*' | '/' | '%') unary)*
        private double Term()
        {
            var value = Unary();
            while (_error is null && TryTake('*', '/', '%', '×', '÷') is { } op)
            {
                var right = Unary();
                value = op switch
                {
                    '*' or '×' => value * right,
                    '/' or '÷' => value / right,
                    _ => value % right,
                };
            }

            return value;
        }

        // unary := ('-' | '+') unary | power
        private double Unary()
        {
            if (!Enter())
            {
                return 0;
            }

            var value = TryTake('-', '+') is { } sign ? (sign == '-' ? -Unary() : Unary()) : Power();
            _depth--;
            return value;
        }

        // power := primary ('^' unary)?    so 2^3^2 = 2^9 and -2^2 = -4
        private double Power()
        {
            var value = Primary();
            return _error is null && TryTake('^') is not null ? Math.Pow(value, Unary()) : value;
        }

        // primary := number | '(' expression ')'
        private double Primary()
        {
            SkipSpaces();
            if (_error is not null)
            {
                return 0;
            }

            if (TryTake('(') is not null)
            {
                var value = Expression();
                if (_error is null && TryTake(')') is null)
                {
                    Fail(_position < text.Length ? $"expected ')' at position {_position + 1}" : "a '(' is never closed");
                }

                return value;
            }

            var start = _position;
            while (_position < text.Length && (char.IsAsciiDigit(text[_position]) || text[_position] == '.'))
            {
                _position++;
            }

            if (start == _position)
            {
                Fail(_position < text.Length ? $"expected a number at position {_position + 1}, found '{text[_position]}'" : "the expression ends too early");
                return 0;
            }

            if (!double.TryParse(text.AsSpan(start, _position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                Fail($"'{text[start.._position]}' is not a number");
            }

            return number;
        }

        private bool Enter()
        {
            if (++_depth <= MaxDepth)
            {
                return true;
            }

            Fail($"the expression nests deeper than {MaxDepth} levels");
            return false;
        }

        private char? TryTake(params ReadOnlySpan<char> choices)
        {
            SkipSpaces();
            if (_position < text.Length && choices.Contains(text[_position]))
            {
                return text[_position++];
            }

            return null;
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private void Fail(string message) => _error ??= message;
    }
}
