"""A tiny function program speaking the Lambda Runtime API 2018-06-01, for the local host's tests.

Behaviour, chosen by the event:
  init:    FIXTURE_INIT_ERROR=1 -> POST /runtime/init/error, then exit 1
  "throw"  -> POST /runtime/invocation/{id}/error (errorType MarkerError)
  "sleep"  -> sleep 30 s (past any test timeout)
  "crash"  -> os._exit(3) mid-invoke
  "pause"  -> sleep 1 s, then echo
  {"failTimes": N, "counterFile": path} -> fails while the counter file's count is <= N, then succeeds
  anything else -> echoes the event with the invocation headers and Lambda environment
Every event is also appended to FIXTURE_RECORD_FILE when that variable is set.
"""
import json
import os
import sys
import time
import urllib.request

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01"


def post(path, body, headers=None):
    request = urllib.request.Request(API + path, data=body.encode("utf-8"), method="POST", headers=headers or {})
    with urllib.request.urlopen(request) as response:
        return response.status


def error_document(error_type, message):
    return json.dumps({"errorMessage": message, "errorType": error_type, "stackTrace": ["runtime_function.py"]})


print("init: starting " + os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "?"), flush=True)
if os.environ.get("FIXTURE_INIT_ERROR") == "1":
    post("/runtime/init/error", error_document("Runtime.ConfigError", "missing setting GOVERNANCE_TABLE"),
         {"Lambda-Runtime-Function-Error-Type": "Runtime.ConfigError", "Content-Type": "application/vnd.aws.lambda.error+json"})
    sys.exit(1)

while True:
    with urllib.request.urlopen(API + "/runtime/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        headers = {k: response.headers[k] for k in (
            "Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Deadline-Ms",
            "Lambda-Runtime-Invoked-Function-Arn", "Lambda-Runtime-Trace-Id")}
        event = response.read().decode("utf-8")

    print("handling " + request_id, flush=True)
    print("stderr line for " + request_id, file=sys.stderr, flush=True)
    record = os.environ.get("FIXTURE_RECORD_FILE")
    if record:
        with open(record, "a", encoding="utf-8") as f:
            f.write(event.replace("\n", " ") + "\n")

    if "throw" in event:
        post("/runtime/invocation/" + request_id + "/error", error_document("MarkerError", "asked to throw"),
             {"Lambda-Runtime-Function-Error-Type": "Unhandled", "Content-Type": "application/vnd.aws.lambda.error+json"})
        continue
    if "sleep" in event:
        time.sleep(30)
    if "pause" in event:
        time.sleep(1)
    if "crash" in event:
        os._exit(3)

    try:
        parsed = json.loads(event)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and "failTimes" in parsed:
        path = parsed["counterFile"]
        count = (int(open(path).read()) if os.path.exists(path) else 0) + 1
        with open(path, "w") as f:
            f.write(str(count))
        if count <= parsed["failTimes"]:
            post("/runtime/invocation/" + request_id + "/error", error_document("TransientError", "attempt %d fails" % count))
            continue

    env = {k: os.environ.get(k) for k in (
        "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_LOG_GROUP_NAME", "_HANDLER",
        "LAMBDA_TASK_ROOT", "AWS_ENDPOINT_URL", "GOVERNANCE_MODE", "AWS_PROFILE")}
    post("/runtime/invocation/" + request_id + "/response",
         json.dumps({"event": event, "headers": headers, "env": env, "pid": os.getpid()}))
