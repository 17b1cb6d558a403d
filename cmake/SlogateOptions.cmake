# Warning, sanitizer and build-speed settings shared by every slogate target.
#
# slogate_target_defaults(<target>) applies them; components call it on each target they
# define so third-party headers are never compiled with our warning set.
function(slogate_target_defaults target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wshadow -Wconversion -Wpedantic)
  if(SLOGATE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  # Targets compile as unity batches: most of a cold build's time is nlohmann::json, GoogleTest
  # and libcurl/prometheus-cpp headers parsed and their templates instantiated again in every
  # file, and a batch does that once (docs/build.md has the measurements). The price is that an
  # edit recompiles its batch: -DSLOGATE_UNITY_BUILD=OFF for a long editing session.
  if(SLOGATE_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES
      UNITY_BUILD ON UNITY_BUILD_MODE BATCH UNITY_BUILD_BATCH_SIZE ${SLOGATE_UNITY_BATCH_SIZE})
  endif()
endfunction()

# slogate_public_headers(<target>): include/ for the target and whatever links it, in the
# build tree and, once installed, relative to the prefix (no build path in the package).
function(slogate_public_headers target)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>)
endfunction()

# Line tables (-g1) are what backtraces, perf and sanitizer reports need; full debug info (types,
# locals, for gdb) costs a fifth of a cold compile (docs/build.md). The later flag wins.
if(NOT SLOGATE_FULL_DEBUG_INFO)
  add_compile_options($<$<CONFIG:RelWithDebInfo>:-g1>)
endif()

if(SLOGATE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# ThreadSanitizer cannot share a process with AddressSanitizer (both own the shadow memory), so
# the two are separate trees: `make sanitize` and `make tsan`.
if(SLOGATE_TSAN)
  if(SLOGATE_SANITIZE OR SLOGATE_FUZZ)
    message(FATAL_ERROR "SLOGATE_TSAN cannot be combined with SLOGATE_SANITIZE or SLOGATE_FUZZ "
                        "(ThreadSanitizer and AddressSanitizer exclude each other): configure a "
                        "separate build tree, e.g. `make tsan` (build-tsan) and `make sanitize`")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

# Fuzzing instruments the whole tree, not only the libraries under test: an instrumented
# library linked into an uninstrumented binary (the CLI, the gateway) fails to link.
if(SLOGATE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SLOGATE_FUZZ needs clang (libFuzzer): configure with CXX=clang++, "
                        "or use `make fuzz`")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# slogate_add_test(<name> LABELS <labels...> SOURCES <files...> LIBS <libs...>)
# Builds one GoogleTest executable and registers its cases with ctest under the labels.
# FIXTURES names a CTest fixture every test of the executable requires (FIXTURES_REQUIRED);
# ENVIRONMENT is one NAME=value set for each of them (how a test finds its fixture's state).
function(slogate_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT;FIXTURES;ENVIRONMENT" "LABELS;SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  slogate_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  # gtest_discover_tests flattens its PROPERTIES into one list, so a second label would be
  # read as a property name and lost: a folder whose tests carry an extra label sets it as
  # the directory's LABELS property instead (tests/integration/hostile does).
  list(LENGTH ARG_LABELS label_count)
  if(label_count GREATER 1)
    message(FATAL_ERROR "slogate_add_test(${name}): one label per test (got '${ARG_LABELS}'); "
                        "set further labels with set_property(DIRECTORY PROPERTY LABELS ...)")
  endif()
  set(extra_properties "")
  if(ARG_FIXTURES)
    list(APPEND extra_properties FIXTURES_REQUIRED "${ARG_FIXTURES}")
  endif()
  if(ARG_ENVIRONMENT)
    list(APPEND extra_properties ENVIRONMENT "${ARG_ENVIRONMENT}")
  endif()
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 30
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT} ${extra_properties}
    EXTRA_ARGS --gtest_color=no)
endfunction()
