#!/usr/bin/env bash
# Load engine benchmark: slogate against wrk, same nginx worker, same run, same request.
#
#   bash bench/load/run.sh <build_dir> [--short]
#
# 1. wrk's closed-loop maximum (wrk -t1 -c$WRK_CONNECTIONS -d5s, POST of the seed payload).
# 2. libcurl's floor: curl_floor (bench/load/curl_floor.cc), a minimal closed loop on the
#    multi socket API with the same connections, i.e. the most one thread can get from libcurl
#    transfers; then curl_raw_floor, the same loop with libcurl only connecting and the HTTP/1.1
#    exchange sent and read with curl_easy_send/recv (what the socket traffic alone costs).
# 3. For each transport (--transport http1, the engine's own HTTP/1.1 framing on libcurl's
#    connections, the default; then --transport curl, a libcurl transfer per request):
#    a. slogate with arrivals always due (so it runs as a closed loop), for the same comparison;
#    b. slogate's highest open-loop rate with achieved >= 99% of target, send lateness
#       p99 < 1 ms and no slot waits, found by bisection with one sending thread; printed as a
#       ratio to wrk's maximum;
#    c. latency at light load: slogate's p50 at 10% of wrk's maximum vs wrk's p50 with one
#       connection (wrk cannot pace a rate; one connection is its lightest load).
#    For the HTTP/1.1 transport, b and c again with --spin $SPIN: the thread polls instead of
#    sleeping in the last $SPIN before each arrival (about this VM's wake-up delay), so sends
#    go out on time at the price of CPU.
#    Beside them, the same search of paced_floor (bench/load/paced_floor.cc): the engine's loop
#    with its bookkeeping taken out, so a miss of the bar by both is pacing's own cost on this
#    machine, and a miss by the engine alone is the engine's.
# 4. The same search with the engine's default thread count (default transport).
# 5. The HTTP/1.1 transport's bars, from the ratios of this run: highest open-loop rate on one
#    thread >= 1.0x wrk -t1 (the better of the default and --spin $SPIN, both printed), CPU per
#    request (saturated, against wrk's closed loop) <= 1.2x wrk's, p50 at light load within
#    30 us of wrk -c1's (with --spin $SPIN; the default's difference printed beside it).
#    Beside them, nginx's one worker at wrk's maximum and at the highest paced rate one http1
#    thread (no spin) reached: its CPU per request and how much of its core it used, and how
#    much of its core pacing wrk's rate would take at the paced cost.
# 6. Memory: slogate's RSS after 10 s vs near the end of a 120 s run at 10k req/s
#    (--short: 30 s), event_id capture off (ids cost 16 B each by design; see docs/load.md).
# CPU time per completed request (user + system, of the client and of nginx) is printed beside
# each rate: unlike the rates it survives a busy machine, so it compares the engine, libcurl's
# floor and wrk fairly. nginx answers every request with a fixed 200 JSON body from one worker.
set -euo pipefail

build_dir=${1:-build}
short=${2:-}
slogate="$build_dir/bin/slogate"
curl_floor="$build_dir/bin/curl_floor"
curl_raw_floor="$build_dir/bin/curl_raw_floor"
paced_floor="$build_dir/bin/paced_floor"
for binary in "$slogate" "$curl_floor" "$curl_raw_floor" "$paced_floor"; do
  [ -x "$binary" ] || { echo "bench/load: $binary not built" >&2; exit 1; }
done
command -v nginx >/dev/null && command -v wrk >/dev/null && command -v jq >/dev/null ||
  { echo "bench/load: needs nginx, wrk and jq (scripts/bootstrap-deps --bench)" >&2; exit 1; }

WRK_CONNECTIONS=${WRK_CONNECTIONS:-50}
# The cap of the open-loop runs: a stall of the co-located nginx (5-20 ms were seen on the
# shared 2-core VM) must not fill it at the rates searched, or the search measures nginx's
# stalls rather than the sender: 1000 slots hold 16 ms of arrivals at 60k req/s.
CONCURRENCY=${CONCURRENCY:-1000}
SPIN=${SPIN:-50us}
SEARCH_SECONDS=${SEARCH_SECONDS:-3}
rss_seconds=120
[ "$short" = "--short" ] && rss_seconds=30
# The same raised priority for nginx, wrk and slogate when allowed, so background work on a
# shared machine disturbs the comparison less; empty otherwise. LOAD_BENCH_PRIORITY="chrt -f 10"
# runs all of them real-time instead: much steadier on a busy machine, but the kernel then keeps
# a few % of every core for other work, which also caps runs that need both cores.
boost=()
read -r -a wanted_boost <<<"${LOAD_BENCH_PRIORITY:-nice -n -10}"
"${wanted_boost[@]}" true 2>/dev/null && boost=("${wanted_boost[@]}")

work=$(mktemp -d /tmp/slogate-bench-load-XXXXXX)
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

calc() { awk "BEGIN { print $* }"; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_nginx() {
  local attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    cat >"$work/nginx.conf" <<EOF
worker_processes 1;
master_process off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 100000000;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / {
      default_type application/json;
      return 200 '{"session_id": "s", "event_id": "6f1c2d3e-aaaa-4bbb-8ccc-0123456789ab"}';
    }
  }
}
EOF
    "${boost[@]}" nginx -p "$work" -c "$work/nginx.conf" -e "$work/error.log" -g 'daemon off;' &
    nginx_pid=$!
    local deadline=$((SECONDS + 10))
    while [ $SECONDS -lt $deadline ]; do
      kill -0 "$nginx_pid" 2>/dev/null || break
      curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
      sleep 0.05
    done
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
  done
  echo "bench/load: nginx did not start:" >&2
  cat "$work/error.log" >&2
  exit 1
}

# The same request for both: POST of the seed payload with a JSON content type.
payload='{"session_id":"00000000-0000-4000-8000-000000000000","message":"ping","attachments":[]}'
cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$payload'
wrk.headers["Content-Type"] = "application/json"
EOF

start_nginx
url="http://127.0.0.1:$port"
path=/v1/session/message

clock_ticks=$(getconf CLK_TCK)
nginx_cpu_seconds() { awk -v hz="$clock_ticks" '{ print ($14 + $15) / hz }' "/proc/$nginx_pid/stat"; }

# Runs a command with stdout to $1 and stderr to $1.err; sets client_cpu and nginx_cpu to the
# CPU seconds (user + system) the command and nginx used meanwhile.
measure() {
  local out=$1
  shift
  local nginx_before TIMEFORMAT='%U %S'
  nginx_before=$(nginx_cpu_seconds)
  { time "$@" >"$out" 2>"$out.err"; } 2>"$work/time.txt"
  client_cpu=$(awk '{ print $1 + $2 }' "$work/time.txt")
  nginx_cpu=$(calc "$(nginx_cpu_seconds) - $nginx_before")
}

# "CPU a µs/request (nginx b µs)" for the last measure() over $1 requests.
cpu_per_request() {
  printf 'CPU %.1f us/request (nginx %.1f us)' "$(calc "$client_cpu * 1e6 / $1")" \
    "$(calc "$nginx_cpu * 1e6 / $1")"
}

# Sets wrk_rps, wrk_p50 (ms) and wrk_requests of a wrk run with $1 connections for $2.
run_wrk() {
  measure "$work/wrk.txt" "${boost[@]}" wrk -t1 -c"$1" -d"$2" --latency -s "$work/post.lua" "$url$path"
  wrk_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")
  wrk_requests=$(awk '/ requests in / { print $1 }' "$work/wrk.txt")
  wrk_p50=$(awk '$1 == "50%" {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000}
         else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}
         print v}' "$work/wrk.txt")
}

# Runs slogate at rate $1 for $2 with extra flags $3... (last, so they win over the defaults
# here); leaves its summary in $work/run.json
# and the thread count it used in $work/run.json.err (SLOGATE_LOG=debug).
# Ends the benchmark, naming the run and showing its log, when a run's summary ($1, at $2
# req/s) has no OK response: a measurement of nothing.
require_ok() {
  jq -e '.ok > 0' "$1" >/dev/null 2>&1 && return 0
  echo "bench/load: slogate run at $2/s had no OK response against nginx; its log:" >&2
  tail -n 5 "$1.err" >&2
  exit 1
}

run_slogate() {
  local rate=$1 duration=$2
  shift 2
  # slogate run exits 1 when no request succeeded: said here, with where its log is, rather
  # than as a silent stop of the whole benchmark.
  measure "$work/run.json" env SLOGATE_LOG=debug "${boost[@]}" "$slogate" run --target-url "$url" \
    --target-path "$path" --rps "$rate" --duration "$duration" --concurrency "$CONCURRENCY" \
    --no-event-ids "$@" || true
  require_ok "$work/run.json" "$rate"
}

# True when the last run met the bar: achieved >= 99% of target, lateness p99 < 1 ms, no
# arrival waited for a slot, no error.
met_bar() {
  jq -e --argjson target "$1" \
    '.achieved_rps >= 0.99 * $target and .lateness_p99 < 0.001 and .slot_waits == 0 and .err == 0' \
    "$work/run.json" >/dev/null
}

# "<µs>" of the last measure() over $1 requests: the client's CPU per request.
client_us_per_request() { calc "$client_cpu * 1e6 / $1"; }

# Runs paced_floor (bench/load/paced_floor.cc) at rate $1 for $2 with the same cap, and
# leaves in $work/run.json the fields of slogate's summary that the search reads.
run_paced_floor() {
  local rate=$1 seconds=${2%s} completed achieved failed lateness_ms slot_waits
  # It exits 1 after a failed request, which the search counts as a miss; no result line at
  # all ends the benchmark.
  measure "$work/paced.txt" "${boost[@]}" "$paced_floor" "$url$path" "$CONCURRENCY" "$seconds" "$rate" || true
  read -r completed achieved _ failed lateness_ms slot_waits <"$work/paced.txt" &&
    [ -n "$slot_waits" ] ||
    { echo "bench/load: paced_floor at $rate/s printed no result:" >&2; cat "$work/paced.txt.err" >&2; exit 1; }
  [ "$completed" -gt 0 ] ||
    { echo "bench/load: paced_floor at $rate/s had no answer from nginx:" >&2; cat "$work/paced.txt.err" >&2; exit 1; }
  jq -n --argjson count "$completed" --argjson achieved "$achieved" --argjson err "$failed" \
    --argjson lateness "$(calc "$lateness_ms / 1000")" --argjson slot_waits "$slot_waits" \
    '{count: $count, achieved_rps: $achieved, err: $err, lateness_p99: $lateness, slot_waits: $slot_waits}' \
    >"$work/run.json"
}

# Bisects the highest rate meeting the bar between 0 and $1 of slogate with extra flags $2...,
# or of paced_floor when $2 is --paced-floor.
# Sets best (rate), best_threads, best_cpu (its CPU line), rate_only (highest rate reaching
# 99% of target whatever the lateness) and rate_only_nginx_us (nginx's CPU per request there).
search() {
  local high=$1 low=0 rate step achieved lateness threads verdict runner=run_slogate
  shift
  [ "${1:-}" = --paced-floor ] && { runner=run_paced_floor; shift; }
  rate=$((high / 2))
  best=0 best_threads=0 best_cpu="" best_us=0 rate_only=0 rate_only_nginx_us=0
  for step in 1 2 3 4 5 6 7; do
    "$runner" "$rate" "${SEARCH_SECONDS}s" "$@"
    achieved=$(jq .achieved_rps "$work/run.json")
    lateness=$(jq .lateness_p99 "$work/run.json")
    if [ "$runner" = run_paced_floor ]; then
      threads=1
    else
      threads=$(sed -n 's/.*load: \([0-9]*\) sending thread.*/\1/p' "$work/run.json.err")
    fi
    if met_bar "$rate"; then
      verdict=met low=$rate best=$rate best_threads=$threads
      best_cpu=$(cpu_per_request "$(jq .count "$work/run.json")")
      best_us=$(client_us_per_request "$(jq .count "$work/run.json")")
    else
      verdict=missed high=$rate
    fi
    if jq -e --argjson target "$rate" '.achieved_rps >= 0.99 * $target' "$work/run.json" \
      >/dev/null && [ "$rate" -gt "$rate_only" ]; then
      rate_only=$rate
      rate_only_nginx_us=$(calc "$nginx_cpu * 1e6 / $(jq .count "$work/run.json")")
    fi
    printf '  search %d: target %6d req/s, %s thread(s) -> achieved %.0f, lateness p99 %.3f ms: %s\n' \
      "$step" "$rate" "$threads" "$achieved" "$(calc "$lateness * 1000")" "$verdict"
    rate=$(((low + high) / 2))
  done
}

# Prints the result lines of the last search(); $1 names the setting, $2 the sender (slogate
# unless given).
report_search() {
  local sender=${2:-slogate}
  printf '%s highest open-loop rate meeting the bar, %s: %d req/s = %.2fx wrk (goal >= 1.0x, first bar 0.6x); %d thread(s), %s\n' \
    "$sender" "$1" "$best" "$(calc "$best / $wrk_max_rps")" "$best_threads" "${best_cpu:-no rate met the bar}"
  printf '%s highest tried rate with achieved >= 99%% (lateness not required), %s: %d req/s = %.2fx wrk\n' \
    "$sender" "$1" "$rate_only" "$(calc "$rate_only / $wrk_max_rps")"
}

echo "method: one nginx worker on 127.0.0.1:$port; same POST for wrk, curl_floor and slogate;"
echo "        slogate concurrency cap $CONCURRENCY; $(nproc) cores;"
echo "        priority: ${boost[*]:-unchanged} for all; load average $(cut -d' ' -f1 /proc/loadavg)"
wrk_max_seconds=5
run_wrk "$WRK_CONNECTIONS" "${wrk_max_seconds}s"
printf 'wrk -t1 -c%s -d%ss closed-loop max: %.0f req/s (p50 %.3f ms at that load); %s\n' \
  "$WRK_CONNECTIONS" "$wrk_max_seconds" "$wrk_rps" "$wrk_p50" "$(cpu_per_request "$wrk_requests")"
# Kept apart: the -c1 run at the end sets wrk_rps again.
wrk_cpu_total=$client_cpu wrk_max_requests=$wrk_requests wrk_max_rps=$wrk_rps
wrk_nginx_us=$(calc "$nginx_cpu * 1e6 / $wrk_requests")

measure "$work/floor.txt" "${boost[@]}" "$curl_floor" "$url$path" "$WRK_CONNECTIONS" 5 ||
  { echo "bench/load: curl_floor failed:" >&2; cat "$work/floor.txt" "$work/floor.txt.err" >&2; exit 1; }
read -r floor_requests floor_rps _ <"$work/floor.txt"
printf 'libcurl floor (curl_floor: one thread, closed loop, %s connections): %.0f req/s = %.2fx wrk; %s\n' \
  "$WRK_CONNECTIONS" "$floor_rps" "$(calc "$floor_rps / $wrk_max_rps")" \
  "$(cpu_per_request "$floor_requests")"

# libcurl connecting only, the request and response framed here: the part of the floor that
# is libcurl's per-transfer work rather than socket traffic.
measure "$work/raw.txt" "${boost[@]}" "$curl_raw_floor" "$url$path" "$WRK_CONNECTIONS" 5 ||
  { echo "bench/load: curl_raw_floor failed:" >&2; cat "$work/raw.txt" "$work/raw.txt.err" >&2; exit 1; }
read -r raw_requests raw_rps _ <"$work/raw.txt"
printf 'libcurl connect-only floor (curl_raw_floor: curl_easy_send/recv, same loop): %.0f req/s = %.2fx wrk; %s\n' \
  "$raw_rps" "$(calc "$raw_rps / $wrk_max_rps")" "$(cpu_per_request "$raw_requests")"

wrk_us=$(calc "$wrk_cpu_total * 1e6 / $wrk_max_requests")
# The upper end of every one-thread search: one paced thread cannot beat its own closed loop
# by much, so 1.5 times the faster floor.
one_thread_high=$(printf '%.0f' "$(calc "($raw_rps > $floor_rps ? $raw_rps : $floor_rps) * 1.5")")

# Measures one transport ($1): saturated, the one-thread search, the p50 at light load. Sets
# saturated_us, search_best, light_p50 (ms) for it.
measure_transport() {
  local transport=$1
  # Arrivals always due (far above what one thread sends, dropped after 100 ms): slogate then
  # runs like the closed loops above, so the CPU figures compare the engine with them.
  local saturating
  saturating=$(printf '%.0f' "$(calc "$raw_rps * 3")")
  run_slogate "$saturating" 5s --transport "$transport" --threads 1 \
    --concurrency "$WRK_CONNECTIONS" --max-queue-wait 100ms
  local saturated_rps count
  saturated_rps=$(jq .achieved_rps "$work/run.json")
  count=$(jq .count "$work/run.json")
  saturated_us=$(client_us_per_request "$count")
  printf 'slogate --transport %s saturated (one thread, %s in flight, arrivals always due): %.0f req/s = %.2fx wrk; %s = %.2fx wrk'"'"'s\n' \
    "$transport" "$WRK_CONNECTIONS" "$saturated_rps" "$(calc "$saturated_rps / $wrk_max_rps")" \
    "$(cpu_per_request "$count")" "$(calc "$saturated_us / $wrk_us")"
  echo "slogate --transport $transport, one sending thread (--threads 1):"
  search "$one_thread_high" --transport "$transport" --threads 1
  report_search "--transport $transport, one sending thread"
  search_best=$best search_top=$rate_only search_top_nginx_us=$rate_only_nginx_us
  light_load "--transport $transport" --transport "$transport"
}

# Sets light_p50 (ms): slogate's p50 at 10% of wrk's maximum with flags $2..., named $1.
light_load() {
  local name=$1 light
  shift
  light=$(printf '%.0f' "$(calc "$wrk_max_rps * 0.1")")
  run_slogate "$light" 5s "$@"
  light_p50=$(jq '.p50 * 1000' "$work/run.json")
  printf 'p50 at light load: slogate %s %.3f ms (service %.3f ms, lateness p99 %.3f ms) at %d req/s (%s)\n' \
    "$name" "$light_p50" "$(jq '.service_p50 * 1000' "$work/run.json")" \
    "$(jq '.lateness_p99 * 1000' "$work/run.json")" "$light" \
    "$(cpu_per_request "$(jq .count "$work/run.json")")"
}

measure_transport http1
http1_saturated_us=$saturated_us http1_best=$search_best http1_p50=$light_p50
http1_top=$search_top http1_top_nginx_us=$search_top_nginx_us
echo "slogate --transport http1 --spin $SPIN, one sending thread (--threads 1):"
search "$one_thread_high" --transport http1 --threads 1 --spin "$SPIN"
report_search "--transport http1 --spin $SPIN, one sending thread"
http1_spin_best=$best
light_load "--transport http1 --spin $SPIN" --transport http1 --spin "$SPIN"
http1_spin_p50=$light_p50
# The same search for the least a paced sender can do on this machine: a miss of the bar by
# both is pacing's cost here (the target's and the sender's wake-ups), not the engine's.
echo "paced_floor (one thread, the engine's loop without its bookkeeping; bench/load/paced_floor.cc):"
search "$one_thread_high" --paced-floor
report_search "one thread" paced_floor
paced_floor_best=$best
measure_transport curl
curl_saturated_us=$saturated_us curl_best=$search_best curl_p50=$light_p50

echo "slogate, the engine's default thread count (no --threads; more threads for higher rates):"
search "$(printf '%.0f' "$(calc "$raw_rps * 1.5 * $(nproc)")")"
report_search "default threads"

run_wrk 1 3s
printf 'wrk -t1 -c1 p50: %.3f ms\n' "$wrk_p50"

# The HTTP/1.1 transport's bars, each a ratio or a difference from this run.
verdict() { if [ "$(calc "($1) ? 1 : 0")" = 1 ]; then echo met; else echo MISSED; fi; }
http1_open_best=$((http1_spin_best > http1_best ? http1_spin_best : http1_best))
printf 'bar: open-loop max on one thread, http1 %d req/s = %.2fx wrk -t1 (goal >= 1.0x): %s; (without spin %d, with --spin %s %d); curl %d req/s = %.2fx\n' \
  "$http1_open_best" "$(calc "$http1_open_best / $wrk_max_rps")" \
  "$(verdict "$http1_open_best >= $wrk_max_rps")" "$http1_best" "$SPIN" "$http1_spin_best" \
  "$curl_best" "$(calc "$curl_best / $wrk_max_rps")"
if [ "$paced_floor_best" -gt 0 ]; then
  printf 'beside it: paced_floor %d req/s = %.2fx wrk; http1 = %.2fx the paced floor\n' \
    "$paced_floor_best" "$(calc "$paced_floor_best / $wrk_max_rps")" \
    "$(calc "$http1_open_best / $paced_floor_best")"
else
  echo "beside it: paced_floor met the bar at no rate"
fi
# How much of nginx's one core the open-loop bar asks for. Paced arrivals come one by one and
# wake nginx for each, while wrk's answers and next requests come in batches, so nginx spends
# more per paced request; at the paced cost measured here, wrk's rate may need more than its
# one core, and then no open-loop sender can meet the bar against it. The paced cost falls as
# the rate rises (more requests per wake-up), so it is taken at the highest paced rate reached.
target_line="target: nginx's one worker $(printf '%.1f' "$wrk_nginx_us") us/request at wrk's max ($(printf '%.0f' "$(calc "$wrk_max_rps * $wrk_nginx_us / 1e4")")% of its core)"
if [ "$http1_top" -gt 0 ]; then
  target_line+="; $(printf '%.1f' "$http1_top_nginx_us") us/request at $http1_top req/s paced by one http1 thread, the highest it reached ($(printf '%.0f' "$(calc "$http1_top * $http1_top_nginx_us / 1e4")")%); wrk's rate paced at that cost: $(printf '%.0f' "$(calc "$wrk_max_rps * $http1_top_nginx_us / 1e4")")% of its core"
else
  target_line+="; no paced rate of one http1 thread reached 99%"
fi
echo "$target_line"
printf 'bar: CPU per request saturated, http1 %.1f us = %.2fx wrk'"'"'s %.1f us (goal <= 1.2x): %s; curl %.1f us = %.2fx\n' \
  "$http1_saturated_us" "$(calc "$http1_saturated_us / $wrk_us")" "$wrk_us" \
  "$(verdict "$http1_saturated_us <= 1.2 * $wrk_us")" "$curl_saturated_us" \
  "$(calc "$curl_saturated_us / $wrk_us")"
printf 'bar: p50 at light load, http1 --spin %s %.3f ms vs wrk -c1 %.3f ms = %+.0f us (goal <= +30 us): %s; without spin %+.0f us; curl %+.0f us\n' \
  "$SPIN" "$http1_spin_p50" "$wrk_p50" "$(calc "($http1_spin_p50 - $wrk_p50) * 1000")" \
  "$(verdict "($http1_spin_p50 - $wrk_p50) * 1000 <= 30")" \
  "$(calc "($http1_p50 - $wrk_p50) * 1000")" "$(calc "($curl_p50 - $wrk_p50) * 1000")"

"${boost[@]}" "$slogate" run --target-url "$url" --target-path "$path" --rps 10000 --duration "${rss_seconds}s" \
  --concurrency "$CONCURRENCY" --no-event-ids >"$work/rss.json" 2>"$work/rss.json.err" &
run_pid=$!
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$run_pid/status"; }
sleep 10
rss_early=$(rss_kib)
sleep $((rss_seconds - 12))
rss_late=$(rss_kib)
wait "$run_pid" || true
require_ok "$work/rss.json" 10000
printf 'RSS at 10k req/s: %d KiB after 10 s, %d KiB after %d s = %.3fx (goal <= 1.1x); achieved %.0f req/s\n' \
  "$rss_early" "$rss_late" "$((rss_seconds - 2))" "$(calc "$rss_late / $rss_early")" \
  "$(jq .achieved_rps "$work/rss.json")"
echo "note: the machine is shared; numbers are indicative, ratios measured in the same run"
