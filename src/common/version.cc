#include "slogate/common/options.h"

namespace slogate::options {

// SLOGATE_VERSION comes from CMake's PROJECT_VERSION (src/common/CMakeLists.txt), so every
// binary reports the one version the build was configured with.
std::string_view ProjectVersion() { return SLOGATE_VERSION; }

}  // namespace slogate::options
