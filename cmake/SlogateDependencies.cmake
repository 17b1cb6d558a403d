# Every dependency is a Debian package; scripts/bootstrap-deps installs the missing ones.
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(prometheus-cpp CONFIG REQUIRED)
# RE2 for selector regexes: the syntax PromQL uses, in time linear in the input (std::regex
# backtracks exponentially on some patterns). Debian ships a pkg-config file, no CMake config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# GoogleTest is the suite's own foundation (slogate::suite), not only the tests'.
find_package(GTest REQUIRED)
if(SLOGATE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
