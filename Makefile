# slogate — the two commands a user needs are `make load-smoke` and `make test`.
# Everything else wraps CMake; executables land in build/bin/.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build test test-unit bench load-smoke load-soak load-burst sanitize fuzz format clean

all: build

deps:
	@scripts/bootstrap-deps

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Unit tests run in parallel; everything that drives load runs one at a time so two load
# tests never share the machine's two cores. Soak runs are left out (make load-soak).
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L unit -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -LE 'unit|soak'

test-unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L unit -j $(JOBS)

bench: build
	@scripts/bootstrap-deps --bench
	@scripts/run-bench $(BUILD_DIR)

load-smoke: build
	@scripts/run-suite $(BUILD_DIR) smoke

load-soak: build
	@scripts/run-suite $(BUILD_DIR) soak

load-burst: build
	@scripts/run-suite $(BUILD_DIR) burst

# ASan + UBSan build of the unit tests in its own tree.
sanitize: deps
	cmake -S . -B $(BUILD_DIR)-sanitize -DCMAKE_BUILD_TYPE=Debug -DSLOGATE_SANITIZE=ON -DSLOGATE_BUILD_BENCH=OFF
	cmake --build $(BUILD_DIR)-sanitize -j $(JOBS)
	cd $(BUILD_DIR)-sanitize && ctest --output-on-failure -L unit -j $(JOBS)

# libFuzzer targets (clang) in their own tree; FUZZ_RUNS bounds each run.
FUZZ_RUNS ?= 1000000
fuzz: deps
	CXX=clang++ cmake -S . -B $(BUILD_DIR)-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLOGATE_FUZZ=ON -DSLOGATE_BUILD_TESTS=OFF -DSLOGATE_BUILD_BENCH=OFF
	cmake --build $(BUILD_DIR)-fuzz -j $(JOBS)
	@scripts/run-fuzz $(BUILD_DIR)-fuzz $(FUZZ_RUNS)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-sanitize $(BUILD_DIR)-fuzz
