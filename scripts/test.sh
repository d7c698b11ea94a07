#!/usr/bin/env bash
# Every test: the reference solution's own suite (unit, contract, container-less end-to-end) and the template pack's
# tests (pack -> install into an isolated hive -> generate -> build -> run a generated app's tests).
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
results="${TEST_RESULTS:-artifacts/test-results}"
rm -rf "$results"
# The browser tests save a screenshot of each test's final state here, beside the TRX files.
mkdir -p "$results"
export BROWSER_SCREENSHOTS="$(cd "$results" && pwd)/screenshots"

dotnet tool restore >/dev/null

# promtool (Debian's prometheus package) checks and unit-tests the generated alert rules. Installed where missing and
# possible (apt-get as root, or through sudo, as in CI); elsewhere those tests are reported as skipped, with the reason.
if ! command -v promtool >/dev/null; then
    as_root=(); [ "$(id -u)" = 0 ] || as_root=(sudo -n)
    if command -v apt-get >/dev/null && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
        echo "installing promtool (Debian package prometheus)"
        "${as_root[@]}" apt-get update -qq >/dev/null \
            && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
            || echo "warning: could not install prometheus; the promtool tests will be skipped" >&2
    else
        echo "note: promtool is not installed ('apt-get install prometheus'); the promtool tests will be skipped" >&2
    fi
fi
dotnet build AgentApp.Templates.slnx -c "$configuration" -warnaserror

# One test assembly at a time: the end-to-end suite boots a dozen processes and the template tests build whole
# solutions; on two cores they starve each other when run side by side.
status=0
dotnet test AgentApp.Templates.slnx -c "$configuration" --no-build -m:1 \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# One closing line for every runner that reads it: "N passed, N failed, N skipped".
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for trx in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    c = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("total")) - int(c.get("executed"))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
