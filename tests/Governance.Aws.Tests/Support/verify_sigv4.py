"""Recomputes the SigV4 signature of captured requests with botocore, as an independent verifier.

Input: JSON on standard input: {"accessKey", "secretKey", "sessionToken", "requests": [{method, target, headers: [[name, value]], bodyBase64}]}.
Output: one JSON line per request: {"ok": bool, "expected": ..., "received": ..., "signedHeaders": ..., "payloadHash": ...}.
The payload hash is recomputed from the bytes received, never taken from the request's own X-Amz-Content-SHA256.
"""
import base64, hashlib, json, re, sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

spec = json.load(sys.stdin)
creds = Credentials(spec["accessKey"], spec["secretKey"], spec.get("sessionToken"))
for r in spec["requests"]:
    headers = {}
    for name, value in r["headers"]:
        headers.setdefault(name.lower(), []).append(value)
    auth_header = headers["authorization"][0]
    m = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)", auth_header)
    if not m:
        print(json.dumps({"ok": False, "error": "bad Authorization header: " + auth_header})); continue
    access_key, date, region, service, signed, received = m.groups()
    body = base64.b64decode(r["bodyBase64"])
    payload_hash = hashlib.sha256(body).hexdigest()
    signed_names = signed.split(";")
    req = AWSRequest(method=r["method"], url="http://" + headers["host"][0] + r["target"], data=body)
    for name in signed_names:
        value = ",".join(headers.get(name, []))
        if name == "x-amz-content-sha256":
            value = payload_hash
        req.headers[name] = value
    if "x-amz-content-sha256" not in signed_names:
        req.headers["X-Amz-Content-SHA256"] = payload_hash
    auth = SigV4Auth(creds, service, region)
    req.context["timestamp"] = headers["x-amz-date"][0]
    # Sign exactly the headers the client declared, as a server does.
    auth.headers_to_sign = lambda request, names=signed_names: {n: request.headers[n] for n in names}
    def headers_to_sign(request, names=signed_names):
        from botocore.compat import HTTPHeaders
        h = HTTPHeaders()
        for n in names:
            h[n] = request.headers[n]
        return h
    auth.headers_to_sign = headers_to_sign
    canonical = auth.canonical_request(req)
    expected = auth.signature(auth.string_to_sign(req, canonical), req)
    token_ok = spec.get("sessionToken") is None or headers.get("x-amz-security-token", [None])[0] == spec["sessionToken"]
    print(json.dumps({"ok": expected == received and access_key == spec["accessKey"] and token_ok,
                      "expected": expected, "received": received, "signedHeaders": signed,
                      "payloadHash": payload_hash, "region": region, "service": service, "tokenOk": token_ok,
                      "canonical": canonical}))
