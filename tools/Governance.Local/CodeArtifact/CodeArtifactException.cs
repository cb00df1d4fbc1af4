using System.Net;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// An error the emulated service returns, named by its model shape (the wire error code) with its HTTP status and
/// the optional modeled members (<c>resourceId</c>, <c>resourceType</c>, <c>reason</c>).
/// </summary>
public sealed class CodeArtifactException : Exception
{
    public CodeArtifactException(string errorCode, HttpStatusCode status, string message, string? resourceId = null, string? resourceType = null, string? reason = null)
        : base(message)
    {
        ErrorCode = errorCode;
        Status = status;
        ResourceId = resourceId;
        ResourceType = resourceType;
        Reason = reason;
    }

    public CodeArtifactException()
        : this("InternalServerException", HttpStatusCode.InternalServerError, "internal error")
    {
    }

    public CodeArtifactException(string message)
        : this("InternalServerException", HttpStatusCode.InternalServerError, message)
    {
    }

    public CodeArtifactException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "InternalServerException";
        Status = HttpStatusCode.InternalServerError;
    }

    public string ErrorCode { get; }

    public HttpStatusCode Status { get; }

    public string? ResourceId { get; }

    public string? ResourceType { get; }

    public string? Reason { get; }

    public static CodeArtifactException Validation(string message) =>
        new("ValidationException", HttpStatusCode.BadRequest, message, reason: "FIELD_VALIDATION_FAILED");

    public static CodeArtifactException NotFound(string message, string resourceId, string resourceType) =>
        new("ResourceNotFoundException", HttpStatusCode.NotFound, message, resourceId, resourceType);

    public static CodeArtifactException Conflict(string message, string resourceId, string resourceType) =>
        new("ConflictException", HttpStatusCode.Conflict, message, resourceId, resourceType);

    public static CodeArtifactException AccessDenied(string message) =>
        new("AccessDeniedException", HttpStatusCode.Forbidden, message);
}
