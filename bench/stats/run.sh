#!/usr/bin/env bash
# Histogram micro-benchmarks: ns/op of Record, Percentile, Merge, Serialize/Deserialize, and
# the ratio to the seed's approach (a vector of every latency) measured in the same run.
#
#   bash bench/stats/run.sh <build_dir>
set -euo pipefail

build_dir=${1:-build}
bench="$build_dir/bin/stats_bench"
[ -x "$bench" ] || { echo "bench/stats: $bench not built" >&2; exit 1; }

out=$(mktemp /tmp/slogate-bench-stats-XXXXXX.json)
trap 'rm -f "$out"' EXIT
"$bench" --benchmark_min_time=0.2 --benchmark_out="$out" --benchmark_out_format=json \
  --benchmark_format=console >&2

command -v jq >/dev/null || { echo "bench/stats: jq not found; console output above" >&2; exit 0; }

ns() { jq -r --arg name "$1" '.benchmarks[] | select(.name == $name) | .cpu_time' "$out"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "operation                              ns/op"
jq -r '.benchmarks[] | "\(.name)\t\(.cpu_time)"' "$out" |
  awk -F'\t' '{ printf "%-36s %10.1f\n", $1, $2 }'
echo
record=$(ns BM_HistogramRecord)
peer_record=$(ns BM_VectorRecordPeer)
p99=$(ns BM_HistogramPercentile/1000000)
peer_p99=$(ns BM_VectorPercentilePeer/1000000)
echo "Record: histogram $(printf '%.1f' "$record") ns vs vector push_back" \
  "$(printf '%.1f' "$peer_record") ns (ratio $(ratio "$record" "$peer_record")x; the vector" \
  "grows 8 B per request, the histogram stays at a fixed size)"
echo "p99 of 1M values: histogram $(printf '%.0f' "$p99") ns vs nth_element" \
  "$(printf '%.0f' "$peer_p99") ns (histogram is $(ratio "$peer_p99" "$p99")x faster)"
echo "note: the machine is shared while this runs; treat absolute numbers as noisy."
