// The bundled cases register themselves when their object file is linked, and a program
// linking the static library only takes the object files it references: SuiteMain calls this
// so that every program built on the library runs them.
#pragma once

namespace slogate::suite {

void LinkBundledCases();

}  // namespace slogate::suite
