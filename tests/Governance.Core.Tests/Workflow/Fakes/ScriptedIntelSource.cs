using Governance.Core.Evidence;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Core.Tests.Workflow.Fakes;

/// <summary>An intel source whose advisories the test sets per package name (what OSV knows changes over time).</summary>
public sealed class ScriptedIntelSource : IIntelSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Advisory>> _advisories = new(StringComparer.Ordinal);

    public int Lookups { get; private set; }

    public void Report(string packageName, Advisory advisory)
    {
        lock (_gate)
        {
            if (!_advisories.TryGetValue(packageName, out var list))
            {
                _advisories[packageName] = list = [];
            }

            list.Add(advisory);
        }
    }

    public static Advisory Malicious(string id) =>
        new(id, [], "Malicious code in the package (test intel)", AdvisorySeverity.Critical, null, $"https://osv.dev/vulnerability/{id}", Malicious: true);

    public Task<IntelEvidence> LookUpAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            Lookups++;
            IReadOnlyList<Advisory> found = _advisories.TryGetValue(id.Name, out var list) ? [.. list] : [];
            return Task.FromResult(new IntelEvidence(IntelStatus.Answered, "https://osv.test", found, null, 1));
        }
    }
}
