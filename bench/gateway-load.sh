#!/usr/bin/env bash
# Load check of the edge, loopback only and bounded: a burst at 10x a tenant's per-minute limit (2xx/429/5xx), then
# the gateway's throughput and p99 beside direct calls to a stub api in the same run, as a ratio.
# Not part of AgentApp.sln or the tests.
# Usage: bench/gateway-load.sh [--requests 4000] [--concurrency 32] [--limit 50] [--path /v1/info (no auth, no Redis)]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/GatewayLoad -- "$@"
