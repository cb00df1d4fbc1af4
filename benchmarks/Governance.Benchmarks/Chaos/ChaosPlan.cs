namespace Governance.Benchmarks.Chaos;

/// <summary>What one publish of the chaos run is.</summary>
public enum ChaosKind
{
    /// <summary>A small generic version: must end Published.</summary>
    Clean,

    /// <summary>A generic version whose asset is altered at rest before it is complete: must end quarantined (Unlisted).</summary>
    Tampered,

    /// <summary>A generic package name with a control character (BEL): the input rules refuse it.</summary>
    ControlCharacterName,

    /// <summary>A generic package name of 300 characters (CodeArtifact allows 255): refused.</summary>
    OverlongName,

    /// <summary>
    /// A generic package name carrying U+202E RIGHT-TO-LEFT OVERRIDE: not a control character, and CodeArtifact's
    /// name pattern allows it, so it may be stored; stored, it must be reviewed exactly once like any other.
    /// </summary>
    RightToLeftName,

    /// <summary>An npm version whose license string is 36 KB: stored, and quarantined as an unknown license, with a notification that still fits SNS's limit.</summary>
    LongLicense,

    /// <summary>An npm package name with a control character (U+0001) in the publish path: refused.</summary>
    NpmControlCharacterName,
}

/// <summary>One publish: its kind, the name it is published under, and the key its notifications are found by.</summary>
/// <param name="Key">The <c>chaos-NNNNN</c> / <c>tamper-NNNNN</c> prefix every notification about it contains.</param>
public sealed record ChaosPublish(int Index, ChaosKind Kind, string Key, string Name)
{
    /// <summary>Set once published: whether the stack stored it (false: the input rules refused it).</summary>
    public bool Stored { get; set; }

    public string Format => Kind is ChaosKind.LongLicense or ChaosKind.NpmControlCharacterName ? "npm" : "generic";

    /// <summary>The kinds the input rules must refuse: a stored one is a governance bypass, counted as wrong.</summary>
    public bool MustBeRefused => Kind is ChaosKind.ControlCharacterName or ChaosKind.OverlongName or ChaosKind.NpmControlCharacterName;

    /// <summary>The status a stored version must end in.</summary>
    public string ExpectedStatus => Kind is ChaosKind.Tampered or ChaosKind.LongLicense ? "Unlisted" : "Published";
}

/// <summary>
/// Which publish is what: every <c>hostileEvery</c>-th is one of the hostile kinds in turn, every
/// <c>tamperEvery</c>-th (of the rest) is tampered, the others are clean. Which publishes the stack is killed during:
/// clean ones only, spread evenly — a kill during a tampered publish could land between the corruption and its
/// answer, and corrupting twice may flip the bytes back (that tests the run, not the product).
/// </summary>
public static class ChaosPlan
{
    private static readonly ChaosKind[] Hostile =
    [
        ChaosKind.ControlCharacterName, ChaosKind.OverlongName, ChaosKind.RightToLeftName, ChaosKind.LongLicense, ChaosKind.NpmControlCharacterName,
    ];

    /// <summary>The license string of <see cref="ChaosKind.LongLicense"/>: 36 KB, as the issue's silenced-notification trial used.</summary>
    public static string LongLicense { get; } = "LicenseRef-chaos " + string.Concat(Enumerable.Repeat("all rights reserved; ", 36 * 1024 / 21));

    public static IReadOnlyList<ChaosPublish> Publishes(int versions, int tamperEvery, int hostileEvery)
    {
        var plan = new List<ChaosPublish>(versions);
        for (var i = 1; i <= versions; i++)
        {
            var kind = hostileEvery > 0 && i % hostileEvery == 0 ? Hostile[(i / hostileEvery - 1) % Hostile.Length]
                : tamperEvery > 0 && i % tamperEvery == 0 ? ChaosKind.Tampered
                : ChaosKind.Clean;
            var key = $"{(kind == ChaosKind.Tampered ? "tamper" : "chaos")}-{i:D5}";
            var name = kind switch
            {
                ChaosKind.ControlCharacterName => key + "\u0007bell",
                ChaosKind.OverlongName => key + "-" + new string('x', 300 - key.Length - 1),
                ChaosKind.RightToLeftName => key + "-\u202Egnp.exe",
                ChaosKind.NpmControlCharacterName => key + "\u0001",
                _ => key,
            };
            plan.Add(new ChaosPublish(i, kind, key, name));
        }

        return plan;
    }

    /// <summary>The indexes of <paramref name="kills"/> clean publishes spread evenly over the run.</summary>
    public static IReadOnlySet<int> KillPoints(IReadOnlyList<ChaosPublish> plan, int kills)
    {
        var points = new HashSet<int>();
        for (var k = 1; k <= kills; k++)
        {
            var target = k * plan.Count / (kills + 1);
            var clean = plan.Skip(Math.Max(0, target - 1)).FirstOrDefault(p => p.Kind == ChaosKind.Clean && !points.Contains(p.Index));
            if (clean is not null)
            {
                points.Add(clean.Index);
            }
        }

        return points;
    }
}
