#!/usr/bin/env bash
# Load check of the edge, loopback only and bounded: a burst at 10x a tenant's per-minute limit (2xx/429/5xx), then
# the gateway's throughput and p99 beside direct calls to the api (both real, each its own process) in the same run,
# as ratios, and streaming time to first token through gateway+api beside the offline model in-process.
# Prints RESULT| lines for bench/run.sh. Not part of AgentApp.sln or the tests.
# Usage: bench/gateway-load.sh [--requests 4000] [--concurrency 32] [--limit 50] [--ttft 100] [--warmup-seconds 10]
#        [--latency-only] [--gateway-env K=V] [--api-env K=V]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/GatewayLoad -c Release -warnaserror -v q -nologo
dotnet bench/GatewayLoad/bin/Release/net10.0/GatewayLoad.dll "$@"
