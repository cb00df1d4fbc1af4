using System.Net;
using Amazon.Runtime;

namespace Governance.Aws.CodeArtifact;

/// <summary>
/// An error CodeArtifact returned. The modelled error codes have their own subclasses; anything else (an unmodelled
/// code, a proxy's 502 page) is this type with <see cref="AmazonServiceException.ErrorCode"/> as received.
/// Message, request id and HTTP status are the SDK exception's own properties.
/// </summary>
public class CodeArtifactException : AmazonServiceException
{
    public CodeArtifactException() { }

    public CodeArtifactException(string message) : base(message) { }

    public CodeArtifactException(string message, Exception innerException) : base(message, innerException) { }

    public CodeArtifactException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }

    /// <summary>The <c>resourceId</c> member, when the error has one.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The <c>resourceType</c> member (domain, repository, package, package-version, asset).</summary>
    public string? ResourceType { get; init; }

    internal static CodeArtifactException Create(string? code, string message, Exception? inner, string? requestId, HttpStatusCode status, string? resourceId, string? resourceType, string? reason, int? retryAfterSeconds)
    {
        var type = (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        return code switch
        {
            "ResourceNotFoundException" => new ResourceNotFoundException(message, inner, type, code, requestId, status) { ResourceId = resourceId, ResourceType = resourceType },
            "ConflictException" => new ConflictException(message, inner, type, code, requestId, status) { ResourceId = resourceId, ResourceType = resourceType },
            "AccessDeniedException" => new AccessDeniedException(message, inner, type, code, requestId, status),
            "ValidationException" => new ValidationException(message, inner, type, code, requestId, status) { Reason = reason },
            "ThrottlingException" => new ThrottlingException(message, inner, type, code, requestId, status) { RetryAfterSeconds = retryAfterSeconds },
            "ServiceQuotaExceededException" => new ServiceQuotaExceededException(message, inner, type, code, requestId, status) { ResourceId = resourceId, ResourceType = resourceType },
            "InternalServerException" => new InternalServerException(message, inner, type, code, requestId, status),
            _ => new CodeArtifactException(message, inner, type, code, requestId, status) { ResourceId = resourceId, ResourceType = resourceType },
        };
    }
}

/// <summary>404: the domain, repository, package, version or asset does not exist. Not retried.</summary>
public sealed class ResourceNotFoundException : CodeArtifactException
{
    public ResourceNotFoundException() { }
    public ResourceNotFoundException(string message) : base(message) { }
    public ResourceNotFoundException(string message, Exception innerException) : base(message, innerException) { }
    public ResourceNotFoundException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode) { }
}

/// <summary>409: the request conflicts with the resource's state.</summary>
public sealed class ConflictException : CodeArtifactException
{
    public ConflictException() { }
    public ConflictException(string message) : base(message) { }
    public ConflictException(string message, Exception innerException) : base(message, innerException) { }
    public ConflictException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode) { }
}

/// <summary>403: the caller lacks the permission.</summary>
public sealed class AccessDeniedException : CodeArtifactException
{
    public AccessDeniedException() { }
    public AccessDeniedException(string message) : base(message) { }
    public AccessDeniedException(string message, Exception innerException) : base(message, innerException) { }
    public AccessDeniedException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode) { }
}

/// <summary>400: a parameter is invalid; <see cref="Reason"/> is CANNOT_PARSE, FIELD_VALIDATION_FAILED, ….</summary>
public sealed class ValidationException : CodeArtifactException
{
    public ValidationException() { }
    public ValidationException(string message) : base(message) { }
    public ValidationException(string message, Exception innerException) : base(message, innerException) { }
    public ValidationException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode) { }

    public string? Reason { get; init; }
}

/// <summary>429: throttled (retried by the SDK first). <see cref="RetryAfterSeconds"/> is the <c>Retry-After</c> header.</summary>
public sealed class ThrottlingException : CodeArtifactException
{
    public ThrottlingException() { }
    public ThrottlingException(string message) : base(message) { }
    public ThrottlingException(string message, Exception innerException) : base(message, innerException) { }
    public ThrottlingException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode) { }

    public int? RetryAfterSeconds { get; init; }
}

/// <summary>402: a quota would be exceeded.</summary>
public sealed class ServiceQuotaExceededException : CodeArtifactException
{
    public ServiceQuotaExceededException() { }
    public ServiceQuotaExceededException(string message) : base(message) { }
    public ServiceQuotaExceededException(string message, Exception innerException) : base(message, innerException) { }
    public ServiceQuotaExceededException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode) { }
}

/// <summary>500: the service failed (retried by the SDK first).</summary>
public sealed class InternalServerException : CodeArtifactException
{
    public InternalServerException() { }
    public InternalServerException(string message) : base(message) { }
    public InternalServerException(string message, Exception innerException) : base(message, innerException) { }
    public InternalServerException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode) { }
}
