"""A function program that dies right after writing, for the local host's output-capture tests.

It takes one event from the Lambda Runtime API 2018-06-01, then writes, each in one write so that it is in the pipe
before the program exits: FIXTURE_BURST_LINES numbered lines on stdout (a backlog the host has not read yet when
the process is gone), a last stdout line `{"message":"last words"}` and a last stderr line `last stderr words`; then
it exits at once with status 70 (os._exit: no interpreter shutdown), as the review function's crash hook does.
With FIXTURE_ORPHAN=1 it first starts `sleep 120` holding its stdout and stderr open (a child outliving the
program) and prints `orphan pid=N`, so a test can end it.
"""
import os
import subprocess
import urllib.request

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01"
count = int(os.environ.get("FIXTURE_BURST_LINES", "1000"))

with urllib.request.urlopen(API + "/runtime/invocation/next") as response:
    response.read()

if os.environ.get("FIXTURE_ORPHAN") == "1":
    orphan = subprocess.Popen(["sleep", "120"])
    os.write(1, ("orphan pid=%d\n" % orphan.pid).encode("utf-8"))

burst = "".join("burst line=%05d\n" % i for i in range(count))
os.write(1, (burst + '{"message":"last words"}\n').encode("utf-8"))
os.write(2, b"last stderr words\n")
os._exit(70)
