# boto3 as an independent client of the local CodeArtifact: what it reads about one Maven package version that a
# build fetched through the walkthrough's upstream chain. Prints JSON.
# Usage: maven_origin_boto3.py ENDPOINT DOMAIN REPOSITORY NAMESPACE PACKAGE VERSION
import json, sys
import boto3

endpoint, domain, repository, namespace, package, version = sys.argv[1:7]
client = boto3.client("codeartifact", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
coordinates = dict(domain=domain, repository=repository, format="maven", namespace=namespace, package=package)

external = []
for page in client.get_paginator("list_package_versions").paginate(originType="EXTERNAL", **coordinates):
    external.extend(v["version"] for v in page["versions"])
internal = []
for page in client.get_paginator("list_package_versions").paginate(originType="INTERNAL", **coordinates):
    internal.extend(v["version"] for v in page["versions"])
described = client.describe_package_version(packageVersion=version, **coordinates)["packageVersion"]

json.dump({"external": external, "internal": internal, "status": described["status"], "origin": described["origin"]}, sys.stdout)
