using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Telemetry;

/// <summary>
/// What model tokens cost (section <c>ModelPricing</c>), for the <c>agentapp.cost</c> estimate: per model id, a price per
/// 1M (or per 1K) input and output tokens in <see cref="Currency"/>. A model not listed is not guessed at: its calls are
/// counted as unpriced instead.
/// </summary>
public sealed class ModelPricingOptions
{
    public const string Section = "ModelPricing";

    /// <summary>The currency of every price, also the metric's unit.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Prices by model id, as providers report it (case-insensitive).</summary>
    public Dictionary<string, ModelPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The price of <paramref name="model"/>, or null when it has none.</summary>
    public ModelPrice? For(string? model) =>
        model is not null && Models.TryGetValue(model, out var price) && price.IsSet ? price : null;
}

/// <summary>One model's prices; give per-1M or per-1K figures (per-1M wins when both are set).</summary>
public sealed class ModelPrice
{
    /// <summary>Price of 1,000,000 input tokens.</summary>
    public decimal? InputPer1M { get; set; }

    /// <summary>Price of 1,000,000 output tokens.</summary>
    public decimal? OutputPer1M { get; set; }

    /// <summary>Price of 1,000 input tokens.</summary>
    public decimal? InputPer1K { get; set; }

    /// <summary>Price of 1,000 output tokens.</summary>
    public decimal? OutputPer1K { get; set; }

    /// <summary>Whether any price is given.</summary>
    public bool IsSet => InputPer1M is not null || OutputPer1M is not null || InputPer1K is not null || OutputPer1K is not null;

    /// <summary>The cost of a call that used these tokens.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        inputTokens * PerToken(InputPer1M, InputPer1K) + outputTokens * PerToken(OutputPer1M, OutputPer1K);

    private static decimal PerToken(decimal? per1M, decimal? per1K) =>
        per1M is { } m ? m / 1_000_000m : per1K is { } k ? k / 1_000m : 0m;
}

/// <summary>A currency and no negative price; a failure names the setting (<c>ModelPricing:Models:&lt;model&gt;:InputPer1M</c>).</summary>
public sealed class ModelPricingValidation : IValidateOptions<ModelPricingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ModelPricingOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.Currency))
        {
            failures.Add($"{ModelPricingOptions.Section}:Currency: name the currency of the prices (e.g. USD).");
        }

        foreach (var (model, price) in options.Models)
        {
            foreach (var (setting, value) in new[]
                     {
                         (nameof(ModelPrice.InputPer1M), price.InputPer1M), (nameof(ModelPrice.OutputPer1M), price.OutputPer1M),
                         (nameof(ModelPrice.InputPer1K), price.InputPer1K), (nameof(ModelPrice.OutputPer1K), price.OutputPer1K),
                     })
            {
                if (value < 0)
                {
                    failures.Add($"{ModelPricingOptions.Section}:Models:{model}:{setting}: a price is 0 or more, not {value}.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
