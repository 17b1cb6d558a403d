#!/usr/bin/env bash
# Durable append throughput of the reference gateway's store: group commit with 16 and 64
# concurrent appenders against one appender (one fdatasync per event), same run, same disk.
#
#   bash bench/refgw_store/run.sh <build_dir>
set -euo pipefail

build_dir=${1:-build}
bench="$build_dir/bin/refgw_store_bench"
[ -x "$bench" ] || { echo "bench/refgw_store: $bench not built" >&2; exit 1; }

out=$(mktemp /tmp/slogate-bench-refgw-store-XXXXXX.json)
trap 'rm -f "$out"' EXIT
"$bench" --benchmark_min_time=1 --benchmark_out="$out" --benchmark_out_format=json \
  --benchmark_format=console >&2

command -v jq >/dev/null || { echo "bench/refgw_store: jq not found; console output above" >&2; exit 0; }

rate() { jq -r --arg name "$1" '.benchmarks[] | select(.name == $name) | .items_per_second' "$out"; }
per_batch() { jq -r --arg name "$1" '.benchmarks[] | select(.name == $name) | .events_per_batch' "$out"; }

single=$(rate "BM_DurableAppend/real_time/threads:1")
echo "benchmark                                   appends/s   events/batch"
for name in BM_DurableAppend/real_time/threads:1 BM_DurableAppend/real_time/threads:16 \
            BM_DurableAppend/real_time/threads:64 BM_AppendWithoutFsync/real_time/threads:64; do
  printf '%-42s %10.0f %12.1f\n' "$name" "$(rate "$name")" "$(per_batch "$name")"
done
echo
for threads in 16 64; do
  grouped=$(rate "BM_DurableAppend/real_time/threads:$threads")
  echo "group commit, $threads appenders: $(awk -v a="$grouped" -v b="$single" \
    'BEGIN { printf "%.1f", a / b }')x the durable appends/s of one appender (one fdatasync each)"
done
echo "note: the machine is shared while this runs; treat absolute numbers as noisy."
