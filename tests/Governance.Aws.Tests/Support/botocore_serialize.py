"""Serializes operations with botocore's own serializers (the reference implementation of the wire protocols).

Input: JSON on standard input: [{"service", "operation", "params"}]. Output: a JSON array, one entry per input:
{"method", "path", "query": {name: value}, "headers": {name: value}, "bodyJson" | "bodyForm" | "bodyText"}.
"""
import json, sys
import botocore.session
from botocore import serialize

session = botocore.session.get_session()
out = []
for case in json.load(sys.stdin):
    model = session.get_service_model(case["service"])
    serializer = serialize.create_serializer(model.metadata["protocol"], include_validation=True)
    request = serializer.serialize_to_request(case["params"], model.operation_model(case["operation"]))
    entry = {
        "method": request["method"],
        "path": request["url_path"],
        "query": {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in (request["query_string"] or {}).items()},
        "headers": {k: v for k, v in request["headers"].items()},
    }
    body = request["body"]
    if isinstance(body, dict):
        entry["bodyForm"] = {k: str(v) for k, v in body.items()}
    elif body:
        raw = body if isinstance(body, bytes) else body.encode()
        try:
            entry["bodyJson"] = json.loads(raw)
        except ValueError:
            entry["bodyText"] = raw.decode()
    out.append(entry)
print(json.dumps(out))
