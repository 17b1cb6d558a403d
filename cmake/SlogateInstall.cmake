# `cmake --install`: the programs, the headers, the libraries a team's own suite links, the
# default profile file, and a relocatable CMake package (find_package(slogate CONFIG)) whose
# targets are slogate::suite and the libraries under it. Nothing installed names the build or
# source tree: include paths are relative to the prefix, and the programs find the profile file
# and the reference gateway relative to themselves.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Every library slogate::suite needs, in the one-way order of the data flow.
set(SLOGATE_INSTALLED_LIBRARIES
  slogate_common slogate_stats slogate_promtext slogate_curl slogate_scrape_data slogate_scrape
  slogate_load_result slogate_load slogate_config slogate_slo slogate_report slogate_report_push
  slogate_suite_runner slogate_suite_cases)
foreach(library IN LISTS SLOGATE_INSTALLED_LIBRARIES)
  get_target_property(export_name ${library} EXPORT_NAME)
  if(NOT export_name)
    string(REGEX REPLACE "^slogate_" "" export_name ${library})
    set_target_properties(${library} PROPERTIES EXPORT_NAME ${export_name})
  endif()
endforeach()

install(TARGETS ${SLOGATE_INSTALLED_LIBRARIES} EXPORT slogateTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS slogate slogate_suite slogate_refgw EXPORT slogateTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/slogate DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# Where config::DefaultProfilesFile looks, relative to the programs (SLOGATE_DATA_FROM_BIN).
install(FILES fixtures/profiles/default.json DESTINATION ${CMAKE_INSTALL_DATADIR}/slogate/profiles)

set(SLOGATE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/slogate)
install(EXPORT slogateTargets NAMESPACE slogate:: DESTINATION ${SLOGATE_PACKAGE_DIR})
configure_package_config_file(cmake/slogateConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/slogateConfig.cmake
  INSTALL_DESTINATION ${SLOGATE_PACKAGE_DIR}
  PATH_VARS CMAKE_INSTALL_DATADIR)
# 0.x: a minor version may change the library's API, so only the same minor is compatible.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/slogateConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/slogateConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/slogateConfigVersion.cmake
  cmake/SlogateSuiteTest.cmake
  DESTINATION ${SLOGATE_PACKAGE_DIR})
