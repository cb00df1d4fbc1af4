using Governance.Local.CodeArtifact;
using Governance.Local.Storage;

namespace Governance.Local.Upstream;

/// <summary>
/// What a package manager's request for a version the repository lacks sets off on CodeArtifact: find it in the
/// upstreams or a public registry (<see cref="CodeArtifactService.PlanResolution"/>), stream an external version's
/// files into the blob store, keep it in the repository with the external connection, and keep a copy in the
/// repository that was asked. Each keeping is a new version there and emits its own package-version event.
/// </summary>
public sealed class UpstreamResolver(CodeArtifactService service, BlobStore blobs) : IDisposable
{
    // One ingestion at a time: two builds asking for the same new version at once must not both stream it in, and
    // package managers fetch one file at a time anyway.
    private readonly SemaphoreSlim _ingestion = new(1, 1);

    /// <summary>True when the asked repository holds the version afterwards (in any status); false when it is nowhere.</summary>
    public async Task<bool> EnsureAvailableAsync(PackageCoordinate coordinate, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        var plan = service.PlanResolution(coordinate, version);
        return plan.Kind == UpstreamPlanKind.External ? await IngestAsync(coordinate, version, cancellationToken) : Apply(plan, coordinate, version);
    }

    /// <summary>The plans that need no bytes from outside: already here, a copy from an upstream repository, or nothing.</summary>
    private bool Apply(UpstreamPlan plan, PackageCoordinate coordinate, string version)
    {
        switch (plan.Kind)
        {
            case UpstreamPlanKind.Local:
                return true;
            case UpstreamPlanKind.Upstream:
                service.RetainFromUpstream(coordinate, plan.Repository!, version);
                return true;
            default:
                return false;
        }
    }

    private async Task<bool> IngestAsync(PackageCoordinate coordinate, string version, CancellationToken cancellationToken)
    {
        await _ingestion.WaitAsync(cancellationToken);
        try
        {
            // Planned again under the ingestion lock: the request that held it may have kept this version already.
            var plan = service.PlanResolution(coordinate, version);
            if (plan.Kind != UpstreamPlanKind.External)
            {
                return Apply(plan, coordinate, version);
            }

            var external = plan.Registry!.FindVersion(coordinate.Namespace, coordinate.Package, version);
            if (external is null)
            {
                return false;
            }

            var stored = new List<(string Name, AssetHashes Hashes)>(external.Assets.Count);
            foreach (var asset in external.Assets)
            {
                await using var content = asset.OpenRead();
                stored.Add((asset.Name, await blobs.PutAsync(content, null, cancellationToken)));
            }

            service.KeepExternalVersion(coordinate, plan.Repository!, plan.Connection!, version, stored, external.Metadata);
            if (plan.Repository != coordinate.Repository)
            {
                service.RetainFromUpstream(coordinate, plan.Repository!, version);
            }

            return true;
        }
        finally
        {
            _ingestion.Release();
        }
    }

    public void Dispose() => _ingestion.Dispose();
}
