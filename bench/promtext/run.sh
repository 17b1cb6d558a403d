#!/usr/bin/env bash
# Parser throughput on a generated 100k-series (~11 MB) text 0.0.4 exposition, compared in the
# same run with `promtool check metrics` on the same file.
#
# usage: bash bench/promtext/run.sh <build_dir>
#
# Three numbers:
#   1. library: promtext::Parse alone (file already in memory), best and median of 6N runs;
#   2. end to end: `slogate metrics check -` (process start, read, parse, exit), best of 3N;
#   3. promtool: `promtool check metrics < FILE` (process start, read, parse, lint), best of N.
# Ratios are promtool's best wall time over ours. CPU times are printed too, because on a
# shared machine wall time includes waiting for a core.
set -euo pipefail
build_dir=${1:-build}
bin="$build_dir/bin"
series=${PROMTEXT_BENCH_SERIES:-100000}
runs=${PROMTEXT_BENCH_RUNS:-5}
promtool=${PROMTOOL:-promtool}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="$work/exposition.prom"
"$bin/promtext_generate_exposition" "$series" "$file"
bytes=$(stat -c %s "$file")
echo "exposition: $series series, $bytes bytes"

# best_of N CMD...: best wall and CPU seconds of N runs of CMD (stdin from the file). Bash's
# `time` reports milliseconds (GNU time only hundredths, too coarse for a 40 ms command).
best_of() {
  local count=$1 best_wall="" best_cpu="" line wall cpu TIMEFORMAT='%3R %3U %3S'
  shift
  for _ in $(seq "$count"); do
    { time "$@" < "$file" > /dev/null 2> /dev/null; } 2> "$work/time" || true
    line=$(tail -1 "$work/time")
    wall=$(awk '{print $1}' <<< "$line")
    cpu=$(awk '{print $2 + $3}' <<< "$line")
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; fi
    if [ -z "$best_cpu" ] || awk "BEGIN{exit !($cpu < $best_cpu)}"; then best_cpu=$cpu; fi
  done
  echo "$best_wall $best_cpu"
}

# A parse takes ~20 ms: 30 of them cost little and give the best time more chances to fall
# in a quiet moment on a shared machine.
library=$("$bin/promtext_parse_bench" "$file" --repeat $((runs * 6)))
echo "slogate promtext::Parse:      $library"
lib_wall=$(sed -E 's/.*best_s=([0-9.]+).*/\1/' <<< "$library")
lib_cpu=$(sed -E 's/.*best_cpu_s=([0-9.]+).*/\1/' <<< "$library")

if ! command -v "$promtool" > /dev/null; then
  echo "promtool not found: no ratio (install the Debian package 'prometheus')"
  exit 0
fi
read -r tool_wall tool_cpu < <(best_of "$runs" "$promtool" check metrics)
echo "promtool check metrics:       best wall ${tool_wall}s, best cpu ${tool_cpu}s"

if [ -x "$bin/slogate" ]; then
  # ~40 ms a run: three times as many runs as promtool's for the same reason as above.
  read -r cli_wall cli_cpu < <(best_of $((runs * 3)) "$bin/slogate" metrics check -)
  echo "slogate metrics check:        best wall ${cli_wall}s, best cpu ${cli_cpu}s"
  awk -v t="$tool_wall" -v c="$cli_wall" -v tc="$tool_cpu" -v cc="$cli_cpu" 'BEGIN {
    printf "ratio end to end (promtool / slogate metrics check): wall %.1fx, cpu %.1fx\n",
           t / c, (cc > 0 ? tc / cc : 0) }'
fi
awk -v t="$tool_wall" -v l="$lib_wall" -v tc="$tool_cpu" -v lc="$lib_cpu" -v b="$bytes" 'BEGIN {
  printf "ratio parser (promtool / promtext::Parse): wall %.1fx, cpu %.1fx (%.0f MB/s)\n",
         t / l, tc / lc, b / 1e6 / l }'
