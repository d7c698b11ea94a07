#!/usr/bin/env bash
# AppHost start to all healthy (the template's AppHost, container-less: Infrastructure:Mode=Local) beside a bare AppHost
# with one bare ASP.NET Core project, then each service's idle working set beside the bare project's. Prints RESULT| lines.
# Usage: bench/apphost-start.sh [--idle-seconds 5]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/AppHostStart -c Release -warnaserror -v q -nologo
# The AppHosts' own logs go to stderr (the run's log file); our lines and RESULT rows to stdout.
dotnet bench/AppHostStart/bin/Release/net10.0/AppHostStart.dll "$@" 2> >(grep -v '^\s*$' >&2) | grep -v '^info:\|^warn:\|^      \|^fail:\|^dbug:'
