#!/usr/bin/env bash
# Scrape and audit throughput against nginx on loopback, with the peer measured in the same
# run: one kept-alive connection vs a new one per scrape; 8 audit workers vs 1.
#
#   bash bench/scrape/run.sh <build_dir>
set -euo pipefail

build_dir=${1:-build}
bench="$build_dir/bin/scrape_bench"
[ -x "$bench" ] || { echo "bench/scrape: $bench not built" >&2; exit 1; }
command -v nginx >/dev/null || { echo "bench/scrape: nginx not found" >&2; exit 1; }
"$bench"
