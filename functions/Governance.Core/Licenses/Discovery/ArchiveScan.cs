using System.Globalization;
using System.Text;
using Governance.Core.Evidence;
using static Governance.Core.Licenses.Discovery.ArchiveLicenseReader;

namespace Governance.Core.Licenses.Discovery;

/// <summary>One archive's findings, and what counts as a candidate in it.</summary>
internal sealed class ArchiveScan(LicenseTextMatcher matcher, LicenseDiscoveryOptions options, string archive)
{
    private readonly HashSet<string> _declaredFiles = new(StringComparer.OrdinalIgnoreCase);
    private bool _candidateBoundNoted;

    public string Archive { get; } = archive;

    public LicenseDiscoveryOptions Options { get; } = options;

    public List<DiscoveredLicense> Found { get; } = [];

    public List<string> Notes { get; } = [];

    public string Location(string path) => $"{Sanitize(path)} in {Sanitize(Archive)}";

    public void NoteCandidateBound(int bound)
    {
        if (!_candidateBoundNoted)
        {
            _candidateBoundNoted = true;
            Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Sanitize(Archive)} holds more than {bound} license and manifest files (the candidate bound): the rest were not read"));
        }
    }

    public CandidateKind? Classify(string path)
    {
        if (_declaredFiles.Contains(path))
        {
            return CandidateKind.LicenseText;
        }
        return CandidateFiles.Classify(path);
    }

    public Task ProcessAsync(string path, byte[] content, bool truncated, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = Classify(path);
        var location = Location(path);
        var text = Decode(content);
        switch (kind)
        {
            case CandidateKind.LicenseText:
                MatchText(text, location, truncated);
                break;
            case CandidateKind.PackageJson:
                AddDeclared(ManifestParsers.FromPackageJson(content), location);
                break;
            case CandidateKind.PythonMetadata:
                var python = ManifestParsers.FromPythonMetadata(text);
                AddDeclared(python.Declared, location);
                if (python.LicenseText is { } embedded)
                {
                    MatchText(embedded, location + " (its License field)", truncated: false);
                }
                break;
            case CandidateKind.Nuspec:
                var nuspec = ManifestParsers.FromNuspec(content);
                AddDeclared(nuspec.Declared, location);
                if (nuspec.LicenseFile is { } file)
                {
                    _declaredFiles.Add(NormalizePath(file));
                }
                foreach (var note in nuspec.Notes)
                {
                    Notes.Add($"{location}: {note}");
                }
                break;
            default:
                break;
        }
        return Task.CompletedTask;
    }

    private void MatchText(string text, string location, bool truncated)
    {
        var match = matcher.Match(text);
        var cut = truncated
            ? string.Create(CultureInfo.InvariantCulture, $" (only its first {ReadBudget.Size(Options.MaxCandidateBytes)} were read: the candidate-size bound)")
            : "";
        if (match.Id is { } id)
        {
            Found.Add(new DiscoveredLicense(LicenseSource.LicenseFile, id, location, Math.Round(match.Score, 4)));
            if (match.SameTextIds.Count > 0)
            {
                Notes.Add($"{location} is the text of {id}, which it shares with {string.Join(", ", match.SameTextIds)}: the text alone cannot tell them apart (an \"or later\" grant or an exception is a notice, not the text), so the narrowest, {id}, is reported{cut}");
            }
            else if (cut.Length > 0)
            {
                Notes.Add(location + cut);
            }
            if (match.TrailingWords > 0)
            {
                Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{location} begins with the text of {id} and goes on for {match.TrailingWords:N0} more words (bundled components' licenses, notices): only {id} is identified"));
            }
        }
        else
        {
            Notes.Add(match.BestId is null
                ? $"{location} holds no license text{cut}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{location} matches no SPDX license text: the closest is {match.BestId} at {match.Score:0.00} (below the {matcher.Threshold:0.00} threshold){cut}"));
        }
    }

    private void AddDeclared(IReadOnlyList<string> declared, string location)
    {
        foreach (var license in declared)
        {
            Found.Add(new DiscoveredLicense(LicenseSource.PackageManifest, license, location, null));
        }
    }

    private static string Decode(byte[] content)
    {
        var span = content.AsSpan();
        if (span.StartsWith("\xEF\xBB\xBF"u8))
        {
            span = span[3..];
        }
        if (span.Length >= 2 && (span[0] == 0xFF && span[1] == 0xFE || span[0] == 0xFE && span[1] == 0xFF))
        {
            return (span[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(span[2..]);
        }
        return Encoding.UTF8.GetString(span);
    }
}
