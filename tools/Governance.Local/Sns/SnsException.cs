using System.Net;

namespace Governance.Local.Sns;

/// <summary>
/// An error the SNS endpoint answers with, as the awsQuery protocol encodes it: the wire code from the model's
/// <c>error.code</c> (which botocore maps back to the exception shape), the HTTP status and the fault side.
/// </summary>
public sealed class SnsException : Exception
{
    public SnsException(string code, HttpStatusCode status, string message, bool senderFault = true)
        : base(message)
    {
        Code = code;
        Status = status;
        SenderFault = senderFault;
    }

    public SnsException()
        : this("InternalError", HttpStatusCode.InternalServerError, "Internal error", senderFault: false)
    {
    }

    public SnsException(string message)
        : this("InternalError", HttpStatusCode.InternalServerError, message, senderFault: false)
    {
    }

    public SnsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InternalError";
        Status = HttpStatusCode.InternalServerError;
    }

    public string Code { get; } = "InternalError";

    public HttpStatusCode Status { get; } = HttpStatusCode.InternalServerError;

    public bool SenderFault { get; }

    public static SnsException InvalidParameter(string message) =>
        new("InvalidParameter", HttpStatusCode.BadRequest, message);

    public static SnsException MissingParameter(string parameterName) =>
        InvalidParameter($"Invalid parameter: {parameterName} (a value is required)");

    public static SnsException NotFound(string message) =>
        new("NotFound", HttpStatusCode.NotFound, message);

    public static SnsException ParameterValueInvalid(string message) =>
        new("ParameterValueInvalid", HttpStatusCode.BadRequest, message);
}
