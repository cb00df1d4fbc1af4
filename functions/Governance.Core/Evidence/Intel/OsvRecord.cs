using System.Diagnostics.CodeAnalysis;

namespace Governance.Core.Evidence.Intel;

/// <summary>
/// What reading one OSV record gave: the advisory, or why the record could not be read. A withdrawn record
/// (OSV's <c>withdrawn</c> timestamp) still reads, so a caller can say it skipped it.
/// </summary>
public sealed record OsvRecord(Advisory? Advisory, bool Withdrawn, string? Error)
{
    [MemberNotNullWhen(true, nameof(Advisory))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Advisory is not null;

    public static OsvRecord Failed(string error) => new(null, false, error);
}
