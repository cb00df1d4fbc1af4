namespace Governance.Evidence;

/// <summary>Placeholder removed when the first adapter lands.</summary>
internal static class EvidenceHttp;
