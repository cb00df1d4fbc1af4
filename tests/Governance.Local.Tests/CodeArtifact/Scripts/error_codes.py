# Provokes service errors through boto3 and prints what botocore parsed from the wire, as JSON.
# Usage: error_codes.py ENDPOINT
import json, sys
from stack_client import client as stack_client, capture as capture_into

endpoint = sys.argv[1]
def client(secret="test"):
    return stack_client(endpoint, secret)

results = {}
def capture(name, call):
    capture_into(results, name, call)

c = client()
c.create_domain(domain="errors")
capture("duplicateDomain", lambda: c.create_domain(domain="errors"))
capture("missingRepository", lambda: c.describe_repository(domain="errors", repository="nope"))
capture("missingDomain", lambda: c.describe_domain(domain="nowhere"))
capture("badDomainName", lambda: c.create_domain(domain="Bad_Name"))
capture("wrongSecret", lambda: client("wrong").list_domains())
c.create_repository(domain="errors", repository="repo")
capture("missingVersion", lambda: c.describe_package_version(domain="errors", repository="repo", format="generic",
                                                             namespace="ns", package="p", packageVersion="1.0.0"))
capture("npmPublishViaApi", lambda: c.publish_package_version(domain="errors", repository="repo", format="npm",
                                                              package="p", packageVersion="1.0.0", assetContent=b"x",
                                                              assetName="p.tgz", assetSHA256="2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"))
capture("badTarget", lambda: c.update_package_versions_status(domain="errors", repository="repo", format="generic",
                                                              namespace="ns", package="p", versions=["1"], targetStatus="Disposed"))
print(json.dumps(results))
