#!/usr/bin/env bash
# BenchmarkDotNet, in-process short jobs: SSE writing and tool dispatch, each beside its floor. Prints RESULT| lines.
# Usage: bench/hot-paths.sh [--full]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/HotPaths -c Release -warnaserror -v q -nologo
dotnet bench/HotPaths/bin/Release/net10.0/HotPaths.dll "$@"
