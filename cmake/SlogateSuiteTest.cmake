# slogate_add_suite_test(<name> <target> [ARGS <args...>] [PROFILES <file>] [TIMEOUT <s>]
#                        [LABELS <labels...>])
# Registers a conformance run of <target> (a program linking slogate::suite) with CTest. The
# program is told where the package's reference gateway is, which it starts when TARGET_URL is
# unset, and PROFILES (else the package's default profile file) through SLO_PROFILES.
function(slogate_add_suite_test name target)
  cmake_parse_arguments(ARG "" "PROFILES;TIMEOUT" "ARGS;LABELS" ${ARGN})
  if(NOT ARG_PROFILES)
    set(ARG_PROFILES ${slogate_PROFILES_FILE})
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${target} ${ARG_ARGS})
  set_tests_properties(${name} PROPERTIES
    TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "SLOGATE_REFGW=$<TARGET_FILE:slogate::slogate_refgw>;SLO_PROFILES=${ARG_PROFILES}")
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
