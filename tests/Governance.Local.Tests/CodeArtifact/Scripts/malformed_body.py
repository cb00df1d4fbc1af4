# Sends CreateDomain through boto3 with its JSON body replaced by malformed bytes (a before-sign hook, so the
# signature covers what is sent) and prints what botocore parsed. Usage: malformed_body.py ENDPOINT
import json, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

c = boto3.client("codeartifact", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test", config=Config(retries={"max_attempts": 3, "mode": "standard"}))

def corrupt(request, **kwargs):
    request.data = b'{"encryptionKey": '
    request.headers["Content-Length"] = str(len(request.data))

c.meta.events.register("before-sign.codeartifact.CreateDomain", corrupt)
try:
    c.create_domain(domain="malformed")
    print(json.dumps({"code": None}))
except ClientError as e:
    print(json.dumps({"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                      "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                      "retries": e.response["ResponseMetadata"].get("RetryAttempts", 0)}))
