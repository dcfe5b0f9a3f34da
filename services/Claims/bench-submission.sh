#!/usr/bin/env bash
# Measures how many claims per second ONE submission worker writes into 837P files and sends to the
# clearinghouse simulator: N claims are built (manual release), then released at once, then one
# Claims process with Claims__Role=submission-worker starts; the figure is N / (last file sent − first batch written).
# A second line says where each batch's time went (medians and totals) and how far the simulator's processing trails.
# Usage: services/Claims/bench-submission.sh [claims=1000] [batch size=100]   (PostgreSQL and RabbitMQ running; solution built)
set -euo pipefail
cd "$(dirname "$0")/../../tests/EndToEnd"
export RCM_BENCH_CLAIMS="${1:-1000}" RCM_BENCH_BATCH="${2:-100}"
export RCM_TEST_RABBIT_VHOST="${RCM_TEST_RABBIT_VHOST:-rcm-dev-test}"
rm -f "${TMPDIR:-/tmp}/rcm-claims-bench.txt"
dotnet test --no-build --filter-method "RevenueCycle.EndToEnd.Claims.Submission_throughput.*" > /dev/null || true
cat "${TMPDIR:-/tmp}/rcm-claims-bench.txt"
