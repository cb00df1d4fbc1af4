#!/usr/bin/env bash
# Profiles behind the "what limits it" notes of docs/benchmarks.md: where the CPU goes while each benchmark runs.
# Sampling with perf (Linux): by process and shared object for whole-system runs, by symbol for the verifier.
# .NET code shows up as perf-PID.map symbols (DOTNET_PerfMapEnabled=1); JIT work as libclrjit.so.
#
#   benchmarks/profile.sh verify        # governance check on a 1 GiB file (libcrypto vs kernel vs runtime)
#   benchmarks/profile.sh throughput    # the whole machine during `throughput --quick` (stack vs functions vs CLI)
#   benchmarks/profile.sh coldstart     # the whole machine during `coldstart --packagings jit,r2r` (JIT share)
#
# Needs perf (linux-perf), root or kernel.perf_event_paranoid <= 0, and a Release build of the benchmarks.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${PROFILE_WORK:-$(mktemp -d /tmp/governance-profile.XXXXXX)}"
export DOTNET_PerfMapEnabled=1
bench=(dotnet run -c Release --project "$root/benchmarks/Governance.Benchmarks" --no-build --)

dotnet build -c Release "$root/benchmarks/Governance.Benchmarks" --nologo -v q >/dev/null

report() { # $1 = perf data file, $2 = sort keys, $3 = lines
  perf report -i "$1" --no-children --sort "$2" --stdio --percent-limit 1 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n "$3"
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
    echo "== top symbols"; report "$work/verify.perf" dso,sym 15
    rm -f "$file"
    ;;
  throughput)
    perf record -F 499 -a -g -o "$work/throughput.perf" -- "${bench[@]}" throughput --quick >"$work/throughput.out" 2>&1
    echo "== throughput --quick: CPU by process"; report "$work/throughput.perf" comm 15
    echo "== by process and shared object"; report "$work/throughput.perf" comm,dso 25
    ;;
  coldstart)
    perf record -F 999 -a -g -o "$work/coldstart.perf" -- "${bench[@]}" coldstart --quick --packagings jit,r2r >"$work/coldstart.out" 2>&1
    echo "== coldstart (jit, r2r): CPU by process and shared object"; report "$work/coldstart.perf" comm,dso 25
    ;;
  *)
    echo "usage: benchmarks/profile.sh verify|throughput|coldstart" >&2
    exit 2
    ;;
esac
echo "(perf data and benchmark output in $work)"
