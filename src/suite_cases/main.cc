// main() of slogate_suite and of every program linking slogate::suite without one of its own.
#include "slogate/suite/suite_main.h"

int main(int argc, char** argv) { return slogate::suite::SuiteMain(argc, argv); }
