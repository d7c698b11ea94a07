#!/usr/bin/env bash
# Load check of the edge, loopback only and bounded: a burst at 10x a tenant's per-minute limit (2xx/429/5xx), then
# the gateway's throughput and p99 beside direct calls to the api (both real, each its own process) in the same run,
# as ratios, and streaming time to first token through gateway+api beside the offline model in-process.
# Beside them, the peer: Debian's nginx as a comparable edge (key map, per-tenant limit_req), fetched here only.
# Prints RESULT| lines for bench/run.sh. Not part of AgentApp.sln or the tests.
# Usage: bench/gateway-load.sh [--requests 4000] [--concurrency 32] [--limit 50] [--ttft 100] [--warmup-seconds 10]
#        [--latency-only] [--gateway-env K=V] [--api-env K=V]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/GatewayLoad -c Release -warnaserror -v q -nologo

# The peer row needs Debian's nginx. When it is not on PATH, its package is fetched and unpacked (not installed: no
# service is started, nothing outside the cache directory changes); without apt the row is skipped.
nginx="$(command -v nginx || true)"
if [[ -z "$nginx" ]] && command -v apt-get > /dev/null; then
  cache="${TMPDIR:-/tmp}/agentapp-bench-nginx"
  if [[ ! -x "$cache/usr/sbin/nginx" ]]; then
    mkdir -p "$cache"
    (cd "$cache" && { apt-get download nginx > /dev/null 2>&1 || { apt-get update -qq > /dev/null 2>&1 && apt-get download nginx > /dev/null 2>&1; }; } \
      && dpkg-deb -x nginx_*.deb .) || echo "gateway-load: could not fetch Debian's nginx; the peer row is skipped" >&2
  fi
  [[ -x "$cache/usr/sbin/nginx" ]] && nginx="$cache/usr/sbin/nginx"
fi
peer=()
[[ -n "$nginx" ]] && peer=(--nginx "$nginx")

dotnet bench/GatewayLoad/bin/Release/net10.0/GatewayLoad.dll "${peer[@]}" "$@"
