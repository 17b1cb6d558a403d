# slogate — the two commands a user needs are `make load-smoke` and `make test`.
# Everything else wraps CMake (scripts/build); executables land in build/bin/.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
export BUILD_TYPE JOBS CMAKE_FLAGS
MAKEFLAGS += --no-print-directory

# What the load targets run: the suite, the reference gateway it starts, and the CLI. They
# build only these, so a first `make load-smoke` compiles none of the tests and benchmarks.
RUN_TARGETS := slogate_suite slogate_refgw slogate
FUZZ_TARGETS := slogate_fuzzers

.PHONY: all deps build build-run test test-unit bench load-smoke load-soak load-burst \
        sanitize tsan fuzz format clean

all: build

deps:
	@scripts/bootstrap-deps

build: deps
	@scripts/build $(BUILD_DIR)

build-run: deps
	@scripts/build $(BUILD_DIR) $(RUN_TARGETS)

# Unit tests run in parallel; everything that drives load runs one at a time so two load
# tests never share the machine's two cores. The exceptions are the self-test matrices, direct
# (FaultMatrixTest) and read through Prometheus (PrometheusMatrixTest): a case sends 40 requests
# a second and spends most of its time idle — in the drain, the audit and the sampling of the
# run's tail, and through Prometheus waiting for it to discover the gateway (up to 5 s, its own
# reload period) and ingest the last samples — so two at a time overlap the waits rather than
# the load; a case whose generator still falls behind is run again, as the matrix does on any
# busy machine (27 direct cases: 197 s one at a time, 101 s two at a time). Every step runs
# even when an earlier one failed, so one run shows every failure. Soak runs are left out
# (make load-soak).
test: build
	@scripts/bootstrap-deps --test
	@cd $(BUILD_DIR) || exit 1; status=0; \
	  ctest --output-on-failure -L unit -j $(JOBS) || status=1; \
	  ctest --output-on-failure -LE 'unit|soak' -E 'FaultMatrixTest|PrometheusMatrixTest' || status=1; \
	  ctest --output-on-failure -R 'FaultMatrixTest|PrometheusMatrixTest' -j 2 --no-tests=error || status=1; \
	  exit $$status

test-unit: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -L unit -j $(JOBS)

bench: build
	@scripts/bootstrap-deps --bench
	@scripts/run-bench $(BUILD_DIR)

load-smoke: build-run
	@scripts/run-suite $(BUILD_DIR) smoke

load-soak: build-run
	@scripts/run-suite $(BUILD_DIR) soak

load-burst: build-run
	@scripts/run-suite $(BUILD_DIR) burst

# ASan + UBSan build of the unit tests in its own tree.
sanitize: deps
	@CMAKE_FLAGS="-DSLOGATE_SANITIZE=ON -DSLOGATE_BUILD_BENCH=OFF $(CMAKE_FLAGS)" \
	  BUILD_TYPE=Debug scripts/build $(BUILD_DIR)-sanitize
	@cd $(BUILD_DIR)-sanitize && ctest --output-on-failure -L unit -j $(JOBS)

# ThreadSanitizer build of the unit and integration tests in its own tree (it cannot share one
# with ASan). The benchmarks are left out; scripts/run-tsan fails on any race report.
tsan: deps
	@CMAKE_FLAGS="-DSLOGATE_TSAN=ON -DSLOGATE_BUILD_BENCH=OFF $(CMAKE_FLAGS)" \
	  BUILD_TYPE=RelWithDebInfo scripts/build $(BUILD_DIR)-tsan
	@scripts/run-tsan $(BUILD_DIR)-tsan $(JOBS)

# libFuzzer targets (clang) in their own tree; FUZZ_RUNS bounds each run, FUZZERS picks some
# (`make fuzz FUZZ_RUNS=10000000 FUZZERS=fuzz_jwt`; docs/fuzzing.md). `make test` builds the same
# configuration in its `build` label (ctest/fuzz-config), so it cannot rot unseen.
FUZZ_RUNS ?= 1000000
FUZZERS ?=
fuzz: deps
	@CXX=clang++ CMAKE_FLAGS="-DSLOGATE_FUZZ=ON -DSLOGATE_BUILD_TESTS=OFF -DSLOGATE_BUILD_BENCH=OFF $(CMAKE_FLAGS)" \
	  scripts/build $(BUILD_DIR)-fuzz $(FUZZ_TARGETS)
	@scripts/run-fuzz $(BUILD_DIR)-fuzz $(FUZZ_RUNS) $(FUZZERS)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-sanitize $(BUILD_DIR)-tsan $(BUILD_DIR)-fuzz
