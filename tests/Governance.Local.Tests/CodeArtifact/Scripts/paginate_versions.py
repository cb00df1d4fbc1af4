# Publishes N generic versions through boto3, then pages through them with the SDK paginator and with a small page
# size, printing a JSON summary the test asserts on. Usage: paginate_versions.py ENDPOINT COUNT
import hashlib, json, sys
import boto3

endpoint, count = sys.argv[1], int(sys.argv[2])
client = boto3.client("codeartifact", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
client.create_domain(domain="paging")
client.create_repository(domain="paging", repository="repo")
for i in range(count):
    body = f"asset {i}".encode()
    client.publish_package_version(domain="paging", repository="repo", format="generic", namespace="ns", package="many",
                                   packageVersion=f"1.0.{i}", assetContent=body, assetName="a.txt",
                                   assetSHA256=hashlib.sha256(body).hexdigest())
paginator = client.get_paginator("list_package_versions")
pages = list(paginator.paginate(domain="paging", repository="repo", format="generic", namespace="ns", package="many",
                                PaginationConfig={"PageSize": 37}))
versions = [v["version"] for page in pages for v in page["versions"]]
for name in ["r-b", "r-a", "r-c", "other"]:
    client.create_repository(domain="paging", repository=name)
repo_pages = list(client.get_paginator("list_repositories_in_domain").paginate(domain="paging", repositoryPrefix="r-",
                                                                                PaginationConfig={"PageSize": 2}))
repositories = [r["name"] for page in repo_pages for r in page["repositories"]]
asset_pages = list(client.get_paginator("list_package_version_assets").paginate(
    domain="paging", repository="repo", format="generic", namespace="ns", package="many", packageVersion="1.0.7",
    PaginationConfig={"PageSize": 1}))
print(json.dumps({"pages": len(pages), "versions": versions, "pageSizes": [len(p["versions"]) for p in pages],
                  "repositories": repositories, "repositoryPages": len(repo_pages),
                  "assets": [a["name"] for page in asset_pages for a in page["assets"]]}))
