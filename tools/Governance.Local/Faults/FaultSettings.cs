using System.Globalization;

namespace Governance.Local.Faults;

/// <summary>
/// Probabilities (0..1) of each injected fault and the seed that makes a run reproducible. Parsed from the
/// command-line form <c>throttle=0.1,5xx=0.05,reset=0.05,corrupt=0.02,duplicate-events=0.1,reorder-events=0.1,seed=42</c>.
/// A probability is a decimal number from 0 to 1 (<c>NaN</c>, infinities, negatives and values above 1 are refused);
/// the seed is a whole number from -2147483648 to 2147483647; each fault is named at most once. Every refusal is a
/// <see cref="FormatException"/> naming the field and the accepted form.
/// </summary>
public sealed record FaultSettings(
    double Throttle = 0,
    double ServerError = 0,
    double Reset = 0,
    double Corrupt = 0,
    double DuplicateEvents = 0,
    double ReorderEvents = 0,
    int Seed = 0)
{
    public static FaultSettings None { get; } = new();

    public bool Any => Throttle > 0 || ServerError > 0 || Reset > 0 || Corrupt > 0 || DuplicateEvents > 0 || ReorderEvents > 0;

    /// <summary>
    /// Throws when a probability is not a number from 0 to 1 (settings built in code, e.g. <c>new FaultSettings(Throttle:
    /// double.NaN)</c>, skip <see cref="Parse"/>): the injector refuses them as the command line does.
    /// </summary>
    public void Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     ("throttle", Throttle), ("5xx", ServerError), ("reset", Reset), ("corrupt", Corrupt),
                     ("duplicate-events", DuplicateEvents), ("reorder-events", ReorderEvents),
                 })
        {
            if (!(value is >= 0 and <= 1))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"fault '{name}' needs a probability between 0 and 1 written as a decimal number (e.g. {name}=0.1), not '{value}'"));
            }
        }
    }

    public static FaultSettings Parse(string? spec)
    {
        var settings = None;
        if (string.IsNullOrWhiteSpace(spec))
        {
            return settings;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[1].Length == 0)
            {
                throw new FormatException($"fault '{pair[0]}' needs a value, e.g. {pair[0]}={(pair[0] == "seed" ? "42" : "0.1")}");
            }
            if (!seen.Add(pair[0]))
            {
                throw new FormatException($"fault '{pair[0]}' is given twice; name each fault once");
            }

            settings = pair[0] switch
            {
                "throttle" => settings with { Throttle = Probability(pair) },
                "5xx" => settings with { ServerError = Probability(pair) },
                "reset" => settings with { Reset = Probability(pair) },
                "corrupt" => settings with { Corrupt = Probability(pair) },
                "duplicate-events" => settings with { DuplicateEvents = Probability(pair) },
                "reorder-events" => settings with { ReorderEvents = Probability(pair) },
                "seed" => settings with
                {
                    Seed = int.TryParse(pair[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
                        ? seed
                        : throw new FormatException($"seed must be an integer from -2147483648 to 2147483647 (e.g. seed=42), not '{pair[1]}'"),
                },
                _ => throw new FormatException(
                    $"unknown fault '{pair[0]}'; use throttle, 5xx, reset, corrupt, duplicate-events, reorder-events, seed"),
            };
        }

        return settings;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"throttle={Throttle},5xx={ServerError},reset={Reset},corrupt={Corrupt},duplicate-events={DuplicateEvents},reorder-events={ReorderEvents},seed={Seed}");

    private static double Probability(string[] pair)
    {
        // NaN compares false with everything, so "value is < 0 or > 1" let it through: test the accepted range instead.
        if (!double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value is >= 0 and <= 1))
        {
            throw new FormatException(
                $"fault '{pair[0]}' needs a probability between 0 and 1 written as a decimal number (e.g. {pair[0]}=0.1), not '{pair[1]}'");
        }

        return value == 0 ? 0 : value; // -0 prints as "-0"
    }
}
