# Drives TagResource, UntagResource and ListTagsForResource (and create_* with tags) through boto3 against the local
# stack and prints what botocore parsed, as JSON: the happy path and one error of each (API reference, TagResource,
# UntagResource, ListTagsForResource; user guide, "Tagging resources").
# Usage: tags.py ENDPOINT
import json, sys
from stack_client import client as stack_client, capture

client = stack_client(sys.argv[1])
results = {}
def error(name, call):
    capture(results, name, call)

domain = client.create_domain(domain="boto-tags", tags=[{"key": "team", "value": "platform"}])["domain"]
repository = client.create_repository(domain="boto-tags", repository="repo", tags=[{"key": "tier", "value": "gold"}])["repository"]
group = client.create_package_group(domain="boto-tags", packageGroup="/npm/acme/*", tags=[{"key": "owner", "value": "web"}])["packageGroup"]

results["createdDomain"] = client.list_tags_for_resource(resourceArn=domain["arn"])["tags"]
results["createdRepository"] = client.list_tags_for_resource(resourceArn=repository["arn"])["tags"]
results["createdGroup"] = client.list_tags_for_resource(resourceArn=group["arn"])["tags"]

client.tag_resource(resourceArn=repository["arn"], tags=[{"key": "tier", "value": "silver"}, {"key": "cost-center", "value": ""}])
results["tagged"] = client.list_tags_for_resource(resourceArn=repository["arn"])["tags"]
client.untag_resource(resourceArn=repository["arn"], tagKeys=["tier", "never-set"])
results["untagged"] = client.list_tags_for_resource(resourceArn=repository["arn"])["tags"]

error("tagReservedPrefix", lambda: client.tag_resource(resourceArn=domain["arn"], tags=[{"key": "aws:owner", "value": "x"}]))
error("untagMissingResource", lambda: client.untag_resource(resourceArn=repository["arn"] + "-gone", tagKeys=["team"]))
error("listNotAnArn", lambda: client.list_tags_for_resource(resourceArn="not-an-arn"))
error("tagTooMany", lambda: client.tag_resource(resourceArn=domain["arn"], tags=[{"key": f"k{i}", "value": "v"} for i in range(50)]))
print(json.dumps(results))
