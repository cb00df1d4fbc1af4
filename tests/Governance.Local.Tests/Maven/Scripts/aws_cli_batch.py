# Runs many aws CLI commands in one Python process: the aws CLI's own driver (awscli.clidriver, the code behind
# the `aws` command: same argument parsing, same requests, same JSON output), without paying its ~1 s start-up
# per command. Reads a JSON list of argument lists on stdin, prints a JSON list of
# {"exitCode", "stdout", "stderr"} in the same order. Exits 3 when this Python has no awscli module (the caller
# then runs `aws` once per command).
import contextlib, io, json, sys

try:
    from awscli.clidriver import create_clidriver
except ImportError as missing:
    print(f"awscli is not importable from {sys.executable}: {missing}", file=sys.stderr)
    sys.exit(3)

commands = json.load(sys.stdin)
driver = create_clidriver()
results = []
for args in commands:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = driver.main(args)
        except SystemExit as exit:  # argparse usage errors exit instead of returning
            code = exit.code if isinstance(exit.code, int) else 2
    results.append({"exitCode": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
json.dump(results, sys.stdout)
