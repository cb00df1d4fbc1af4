# Drives the six permissions policy operations through boto3 against the local stack and prints what botocore
# parsed, as JSON: each operation's happy path and one error of each (API reference, PutDomainPermissionsPolicy …
# DeleteRepositoryPermissionsPolicy; user guide, "Domain policies" and "Repository policies").
# Usage: permissions_policy.py ENDPOINT
import json, sys
from stack_client import client as stack_client, capture

client = stack_client(sys.argv[1])
DOCUMENT = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
    "Action": ["codeartifact:ReadFromRepository"], "Resource": "*"}]}, indent=2) + "\n"

results = {}
def error(name, call):
    capture(results, name, call)

client.create_domain(domain="boto-policies")
client.create_repository(domain="boto-policies", repository="repo")
where = {"domain": "boto-policies"}
repo = {"domain": "boto-policies", "repository": "repo"}

error("getDomainBeforePut", lambda: client.get_domain_permissions_policy(**where))
put = client.put_domain_permissions_policy(policyDocument=DOCUMENT, **where)["policy"]
results["putDomain"] = put
results["getDomain"] = client.get_domain_permissions_policy(**where)["policy"]
error("putDomainStaleRevision", lambda: client.put_domain_permissions_policy(policyDocument=DOCUMENT, policyRevision="stale", **where))
results["deleteDomain"] = client.delete_domain_permissions_policy(policyRevision=put["revision"], **where)["policy"]
error("deleteDomainAgain", lambda: client.delete_domain_permissions_policy(**where))

error("putRepositoryNotJson", lambda: client.put_repository_permissions_policy(policyDocument="{not json", **repo))
put = client.put_repository_permissions_policy(policyDocument=DOCUMENT, **repo)["policy"]
results["putRepository"] = put
results["getRepository"] = client.get_repository_permissions_policy(**repo)["policy"]
error("getRepositoryMissing", lambda: client.get_repository_permissions_policy(domain="boto-policies", repository="nope"))
error("deleteRepositoryStaleRevision", lambda: client.delete_repository_permissions_policy(policyRevision="stale", **repo))
results["deleteRepository"] = client.delete_repository_permissions_policy(policyRevision=put["revision"], **repo)["policy"]
results["sent"] = DOCUMENT
print(json.dumps(results))
