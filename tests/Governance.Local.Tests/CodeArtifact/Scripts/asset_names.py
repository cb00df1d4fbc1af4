# Publishes one generic asset per name in a JSON file through boto3 and downloads each one accepted.
# Usage: asset_names.py ENDPOINT CASES_JSON  (CASES_JSON: a list of asset names)
# Prints, per name: {"code": error code or null, "status": HTTP status, "name": the X-AssetName header percent-decoded,
# "same": downloaded bytes == published bytes}.
import hashlib, json, sys, urllib.parse
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, cases_path = sys.argv[1], sys.argv[2]
c = boto3.client("codeartifact", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test", config=Config(retries={"max_attempts": 1, "mode": "standard"}))
c.create_domain(domain="names")
c.create_repository(domain="names", repository="repo")
with open(cases_path, encoding="utf-8") as f:
    names = json.load(f)
results = []
for i, name in enumerate(names):
    body = ("asset %d " % i).encode() + name.encode("utf-8", "surrogatepass")
    coords = dict(domain="names", repository="repo", format="generic", namespace="ns", package="p", packageVersion="1.0.%d" % i)
    try:
        c.publish_package_version(assetContent=body, assetName=name, assetSHA256=hashlib.sha256(body).hexdigest(), **coords)
    except ClientError as e:
        results.append({"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                        "message": e.response["Error"]["Message"]})
        continue
    got = c.get_package_version_asset(asset=name, **coords)
    data = got["asset"].read()
    results.append({"code": None, "status": got["ResponseMetadata"]["HTTPStatusCode"],
                    "name": urllib.parse.unquote(got["assetName"]), "same": data == body})
print(json.dumps(results))
