# What the boto3 scripts of this folder share: a CodeArtifact client for the local stack given on the command line,
# and a service error recorded as botocore parsed it from the wire (code, HTTP status, message, resourceType).
import boto3
from botocore.exceptions import ClientError


def client(endpoint, secret="test"):
    return boto3.client("codeartifact", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key=secret)


def capture(results, name, call):
    """Runs call(); records {"code": None} when it succeeds, else the error botocore parsed."""
    try:
        call()
        results[name] = {"code": None}
    except ClientError as e:
        results[name] = {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                         "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                         "resourceType": e.response.get("resourceType")}
