"""An independent OSV client: posts a querybatch to the URL in argv[1] with python's urllib and prints
one line per query, "<name>@<version> <ids comma-separated or ->", then the details of each id via GET /v1/vulns."""
import json
import sys
import urllib.request

base = sys.argv[1].rstrip("/")
queries = [
    {"package": {"ecosystem": "npm", "name": "event-stream"}, "version": "3.3.6"},
    {"package": {"ecosystem": "npm", "name": "event-stream"}, "version": "3.3.4"},
    {"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"}, "version": "2.14.1"},
]
request = urllib.request.Request(
    base + "/v1/querybatch",
    data=json.dumps({"queries": queries}).encode("utf-8"),
    headers={"Content-Type": "application/json"},
    method="POST",
)
with urllib.request.urlopen(request, timeout=20) as response:
    answer = json.load(response)

ids = []
for query, result in zip(queries, answer["results"]):
    found = [v["id"] for v in result.get("vulns", [])]
    ids.extend(found)
    print(f'{query["package"]["name"]}@{query["version"]} {",".join(found) or "-"}')

for vuln_id in ids:
    with urllib.request.urlopen(base + "/v1/vulns/" + vuln_id, timeout=20) as response:
        record = json.load(response)
    print(f'{record["id"]} aliases={",".join(record.get("aliases", []))}')
