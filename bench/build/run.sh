#!/usr/bin/env bash
# Cold-build cost of what `make load-smoke` compiles (slogate_suite, slogate_refgw, slogate), as
# the tree builds by default (unity batches, -g1) against the peer it replaced, measured in the
# same run on the same sources: file by file with full debug info (SLOGATE_UNITY_BUILD=OFF,
# SLOGATE_FULL_DEBUG_INFO=ON). ccache is bypassed so both builds compile everything.
#
#   bash bench/build/run.sh [build_dir]    (build_dir is unused: both trees are temporary)
set -euo pipefail
cd "$(dirname "$0")/../.."

targets=(slogate_suite slogate_refgw slogate)
jobs=$(nproc 2>/dev/null || echo 2)
work=$(mktemp -d /tmp/slogate-bench-build-XXXXXX)
trap 'rm -rf "$work"' EXIT

# Prints "<wall s> <cpu s> <steps>" for one cold build of the targets.
cold_build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLOGATE_BUILD_BENCH=OFF \
    "$@" >/dev/null
  local steps
  steps=$(ninja -C "$dir" -n "${targets[@]}" | grep -c '^\[')
  CCACHE_DISABLE=1 /usr/bin/time -f "%e %U %S" -o "$dir.time" \
    ninja -C "$dir" -j "$jobs" "${targets[@]}" >/dev/null
  awk -v steps="$steps" '{ printf "%s %.1f %d\n", $1, $2 + $3, steps }' "$dir.time"
}

read -r peer_wall peer_cpu peer_steps < <(cold_build "$work/peer" \
  -DSLOGATE_UNITY_BUILD=OFF -DSLOGATE_FULL_DEBUG_INFO=ON)
read -r wall cpu steps < <(cold_build "$work/default")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "file by file, -g (peer): ${peer_steps} steps, ${peer_wall} s wall, ${peer_cpu} CPU-s"
echo "unity batches, -g1:      ${steps} steps, ${wall} s wall, ${cpu} CPU-s"
echo "cold build of the load targets: $(ratio "$peer_wall" "$wall")x less wall time," \
     "$(ratio "$peer_cpu" "$cpu")x less CPU than the peer ($jobs cores)"
