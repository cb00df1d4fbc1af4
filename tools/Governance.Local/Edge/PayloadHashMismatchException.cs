namespace Governance.Local.Edge;

/// <summary>The body's SHA-256 differs from the <c>x-amz-content-sha256</c> the request was signed with.</summary>
public sealed class PayloadHashMismatchException : IOException
{
    public PayloadHashMismatchException(string declared, string calculated)
        : base($"The provided 'x-amz-content-sha256' header ({declared}) does not match what was computed ({calculated}).")
    {
        Declared = declared;
        Calculated = calculated;
    }

    public PayloadHashMismatchException()
        : this(string.Empty, string.Empty)
    {
    }

    public PayloadHashMismatchException(string message)
        : base(message)
    {
        Declared = string.Empty;
        Calculated = string.Empty;
    }

    public PayloadHashMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Declared = string.Empty;
        Calculated = string.Empty;
    }

    public string Declared { get; }

    public string Calculated { get; }
}
