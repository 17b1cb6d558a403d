// Writes a RuleFile as a Prometheus 2.x rule file (YAML) without a YAML library.
//
// Every string, PromQL and annotations included, is written as a JSON-quoted scalar: YAML's
// double-quoted scalars read JSON strings as they are, so no value (quotes, newlines, '#', ':',
// non-UTF-8 bytes from a file name) can end a scalar early or turn into YAML syntax. Pure,
// thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "slogate/rules/rule_set.h"

namespace slogate::rules {

// `text` as a double-quoted YAML scalar: JSON escapes, all ASCII (other bytes as \uXXXX,
// invalid UTF-8 as U+FFFD), DEL escaped too since YAML does not allow it raw.
std::string YamlQuoted(std::string_view text);

// The whole file: a header comment (generated, from which profile file, environment and
// profile), then `groups:` with the one group.
std::string RuleFileYaml(const RuleFile& file);

}  // namespace slogate::rules
