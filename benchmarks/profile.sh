#!/usr/bin/env bash
# Profiles behind the "what limits it" notes of docs/benchmarks.md: where the CPU goes while each benchmark runs.
# Sampling with perf (Linux): by process and shared object for whole-system runs, by symbol for the verifier.
# .NET code shows up as perf-PID.map symbols (DOTNET_PerfMapEnabled=1); JIT work as libclrjit.so.
#
#   benchmarks/profile.sh verify        # governance check on a 1 GiB file (libcrypto vs kernel vs runtime)
#   benchmarks/profile.sh throughput    # the whole machine during `throughput --quick` (stack vs functions vs CLI)
#
# Needs perf (linux-perf), root or kernel.perf_event_paranoid <= 0, and a Release build of the benchmarks.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${PROFILE_WORK:-$(mktemp -d /tmp/governance-profile.XXXXXX)}"
export DOTNET_PerfMapEnabled=1
bench=(dotnet run -c Release --project "$root/benchmarks/Governance.Benchmarks" --no-build --)

dotnet build -c Release "$root/benchmarks/Governance.Benchmarks" --nologo -v q >/dev/null

report() { # $1 = perf data file, $2 = sort keys, $3 = lines
  perf report -i "$1" --no-children -g none --sort "$2" --stdio --percent-limit 1 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n "$3"
}

case "${1:-}" in
  verify)
    file="$work/verify-1g.bin"
    head -c 1073741824 /dev/urandom > "$file"
    digest="$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)"
    cat "$file" > /dev/null
    perf record -F 999 -g -o "$work/verify.perf" -- \
      dotnet "$root/tools/Governance.Cli/bin/Release/net10.0/governance.dll" check "$file" --format generic --sha256 "$digest" >/dev/null 2>&1
    echo "== governance check, 1 GiB: CPU by shared object"; report "$work/verify.perf" dso 12
    echo "== kernel symbols (page-cache copy vs scheduling)"; report "$work/verify.perf" sym 6 | grep '\[k\]' || true
    rm -f "$file"
    ;;
  throughput)
    # Only the steady state: the back-to-back phase of a long run, sampled system-wide for 20 s once every process
    # is past tiered compilation (the first ~20-30 s are dominated by libclrjit: tier-1 recompiles of hot code),
    # then CPU summed per process (thread samples grouped by their process).
    "${bench[@]}" throughput --versions 3000 --latency-samples 5 --large 1 --large-mb 16 --manual 1 >"$work/throughput.out" 2>&1 &
    runner=$!
    for _ in $(seq 1 300); do pgrep -f Governance.Functions.dll >/dev/null && break; sleep 1; done
    sleep 40
    for pid in $(pgrep -f Governance.Functions.dll); do
      echo "$pid $(tr '\0' '\n' < "/proc/$pid/environ" | grep '^GOVERNANCE_FUNCTION=' | cut -d= -f2) function"
    done > "$work/processes.txt"
    ps -eo pid=,args= >> "$work/processes.txt"
    perf record -F 499 -a -o "$work/throughput.perf" -- sleep 20 >/dev/null 2>&1
    ps -eo pid=,args= >> "$work/processes.txt"
    wait "$runner" || true
    echo "== throughput, back-to-back phase (20 s, whole machine): CPU by process"
    perf script -i "$work/throughput.perf" -F pid,ip,dso 2>/dev/null | python3 "$root/benchmarks/profile_by_process.py" "$work/processes.txt"
    ;;
  *)
    echo "usage: benchmarks/profile.sh verify|throughput" >&2
    exit 2
    ;;
esac
echo "(perf data and benchmark output in $work)"
