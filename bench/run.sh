#!/usr/bin/env bash
# Every benchmark, on this machine, in one run; prints one table of side-by-side ratios.
# Each bench script prints its rows as `RESULT|<row>|<subject>|<baseline>|<ratio as 0.00x>|<target>`; this collects them.
# Loopback only, bounded counts; every script stops what it starts. About 6-10 minutes on 2 cores including builds.
#
# Usage: bench/run.sh [--write-readme] [--quick]
#   --write-readme  also replace the table between the bench markers in docs/performance.md (with date and machine)
#   --quick         smaller counts (a smoke run; numbers are noisier)
set -uo pipefail
cd "$(dirname "$0")/.."

write_readme=false
quick=false
for arg in "$@"; do
  case "$arg" in
    --write-readme) write_readme=true ;;
    --quick) quick=true ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

logs="$(mktemp -d "${TMPDIR:-/tmp}/agentapp-bench.XXXXXX")"
rows="$logs/rows"
: > "$rows"

# Each script runs in its own process group, so an interrupted run stops the services it started too.
current=""
cleanup() { [[ -n "$current" ]] && kill -TERM -- "-$current" 2>/dev/null; }
trap 'cleanup; exit 130' INT TERM

# run <name> <script> [args...]: runs a bench script, keeps its log, appends its RESULT rows (or a row saying it failed).
run() {
  local name="$1" script="$2"
  shift 2
  if [[ ! -x "$script" && ! -f "$script" ]]; then
    echo "RESULT|$name|not available ($script is not in this checkout)|-|-|-" >> "$rows"
    echo "== $name: not available ($script missing)"
    return
  fi

  echo "== $name: $script $* (log: $logs/$name.log)"
  local started=$SECONDS
  setsid bash "$script" "$@" > "$logs/$name.log" 2>&1 &
  current=$!
  wait "$current"
  local rc=$?
  current=""
  grep '^RESULT|' "$logs/$name.log" >> "$rows"
  if ! grep -q '^RESULT|' "$logs/$name.log"; then
    echo "RESULT|$name|failed (exit $rc; see $logs/$name.log)|-|-|-" >> "$rows"
  elif (( rc != 0 )); then
    echo "RESULT|$name: script exit code|$rc (a check failed; see the log)|0|-|0" >> "$rows"
  fi
  grep -v '^RESULT|' "$logs/$name.log" | grep -E '^(burst|POST|GET|sequential|time to|working|bare|template|task)' | sed 's/^/   /'
  echo "   ($((SECONDS - started)) s, exit $rc)"
}

if $quick; then
  run gateway-load bench/gateway-load.sh --requests 1000 --ttft 30
  run task-load bench/task-load.sh
  run apphost-start bench/apphost-start.sh --idle-seconds 2
  run hot-paths bench/hot-paths.sh
else
  run gateway-load bench/gateway-load.sh --requests 4000 --ttft 100
  run task-load bench/task-load.sh
  run apphost-start bench/apphost-start.sh --idle-seconds 5
  run hot-paths bench/hot-paths.sh
fi

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
machine="$(nproc) cores, ${cpu:-unknown CPU}, $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version)"
when="$(date -u '+%Y-%m-%d %H:%M UTC')"
machine="$machine, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

table() {
  echo "| row | subject | baseline | ratio | target |"
  echo "|---|---|---|---|---|"
  while IFS='|' read -r _ row subject baseline ratio target; do
    echo "| $row | $subject | $baseline | $ratio | $target |"
  done < "$rows"
}

echo
echo "Benchmarks, $when, on $machine (each row measured side by side in this run):"
echo
table | tee "$logs/table.md"
echo
echo "Logs: $logs"

if $write_readme; then
  {
    echo "<!-- bench:start -->"
    echo "Measured by \`bench/run.sh --write-readme\` on $when, on $machine. Each row is measured side by side in the same run;"
    echo "ratios are subject / baseline."
    echo
    cat "$logs/table.md"
    echo "<!-- bench:end -->"
  } > "$logs/section.md"
  python3 - "$logs/section.md" <<'PY'
import re, sys
section = open(sys.argv[1]).read().rstrip("\n")
doc = open("docs/performance.md").read()
pattern = re.compile(r"<!-- bench:start -->.*?<!-- bench:end -->", re.S)
if not pattern.search(doc):
    sys.exit("docs/performance.md has no <!-- bench:start --> ... <!-- bench:end --> markers")
open("docs/performance.md", "w").write(pattern.sub(lambda _: section, doc))
PY
  echo "docs/performance.md updated."
fi
