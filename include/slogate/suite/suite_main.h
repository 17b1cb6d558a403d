// The conformance suite's main(): reads the suite's flags and config before GoogleTest
// registers the cases (bundled, a team's own, the profile's metric checks), runs them, writes
// the reports and returns the suite's exit status (suite/exit_code.h). slogate::suite's own
// main() calls it; a program with a main() of its own calls it the same way.
#pragma once

namespace slogate::suite {

int SuiteMain(int argc, char** argv);

}  // namespace slogate::suite
