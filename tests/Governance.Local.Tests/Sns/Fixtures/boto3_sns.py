"""Runs a list of SNS calls with boto3 against --endpoint-url and prints their results as JSON.

stdin: [{"op": "publish", "args": {...}}, ...]; a "$N.Key" string value refers to result N's Key (e.g. "$0.TopicArn").
stdout: [{"result": {...}} | {"error": {"code", "message", "type", "status"}}, ...]
"""
import base64
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def resolve(value, results):
    if isinstance(value, str) and value.startswith("$") and "." in value:
        index, key = value[1:].split(".", 1)
        return results[int(index)]["result"][key]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "BinaryValue" and isinstance(v, str):
                out[k] = base64.b64decode(v)
            else:
                out[k] = resolve(v, results)
        return out
    if isinstance(value, list):
        return [resolve(v, results) for v in value]
    return value


def main():
    endpoint = sys.argv[1]
    calls = json.load(sys.stdin)
    client = boto3.client("sns", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    results = []
    for call in calls:
        try:
            response = getattr(client, call["op"])(**resolve(call.get("args", {}), results))
            response.pop("ResponseMetadata", None)
            results.append({"result": response})
        except ClientError as e:
            results.append({"error": {
                "code": e.response["Error"].get("Code"),
                "message": e.response["Error"].get("Message"),
                "type": e.response["Error"].get("Type"),
                "status": e.response["ResponseMetadata"].get("HTTPStatusCode"),
                "exception": type(e).__name__,
                "is_client_error": isinstance(e, ClientError),
            }})
    json.dump(results, sys.stdout, default=str)


main()
