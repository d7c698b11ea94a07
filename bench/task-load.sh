#!/usr/bin/env bash
# Task path throughput and latency beside the raw Kafka consumer, loopback only and bounded: a no-op agent through the
# whole path (POST /v1/tasks on Kestrel -> idempotent producer -> librdkafka mock broker -> worker consumer group -> task
# actor through a loopback daprd stand-in -> succeeded event), and a plain Confluent consumer draining the same number
# of same-sized messages from the same broker in the same run. Prints RESULT lines (bench/run.sh collects them).
# Not part of AgentApp.sln or the tests; every server it starts lives in its one process and stops with it.
# Usage: bench/task-load.sh [--tasks 2000] [--concurrency 32] [--latency-tasks 200] [--max-concurrency 4] [--fetch-wait-ms 5] [--model-ms 0]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/TaskLoad -- "$@"
