// The reference gateway's configuration: command-line flags, each overridable by a GATEWAY_*
// environment variable (the upstream's names where it has one). A flag beats its variable;
// both beat the default. Parsed once at start-up; errors name the flag or variable.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "faults.h"
#include "slogate/common/options.h"
#include "slogate/common/result.h"

namespace slogate::refgw {

struct GatewayOptions {
  std::string host = "127.0.0.1";
  uint16_t api_port = 8010;                 // 0 = ephemeral
  uint16_t metrics_port = 9400;             // gateway metrics; 0 = ephemeral
  uint16_t replicator_metrics_port = 9412;  // replicator 0's memory_replicator_*; i's is +i
  size_t replicators = 1;                   // 1..store::kMaxReplicators, partitioned by event id
  int http_threads = 2;
  std::filesystem::path data_dir = "refgw-data";
  std::chrono::microseconds group_commit_window{200};
  bool fsync = true;
  bool write_through = true;          // the reference gateway defaults to on (upstream: off)
  bool write_through_async = false;   // move the write-through counters after the answer
  bool require_auth = false;          // also implied by a JWT secret or public key
  std::string jwt_secret;             // HS256 shared secret; never printed
  std::string jwt_public_key;         // RS256: PEM text or a PEM file's path (token_verifier.h)
  int admin_rps = 50;                 // admin/export rate limit per second; 0 = unlimited
  std::chrono::seconds dlq_poll{30};  // upstream minimum 10 s
  std::string dlq_topic = "memory.wal.dlq";
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds header_timeout{10000};  // a request head must arrive within this
  std::chrono::milliseconds body_timeout{30000};    // a request body, from the head's end
  size_t max_body_bytes = 1024 * 1024;
  FaultSet faults;
  // kHelp or kVersion: --help or --version was given and nothing else was parsed.
  options::Outcome outcome = options::Outcome::kRun;

  bool AuthRequired() const {
    return require_auth || !jwt_secret.empty() || !jwt_public_key.empty();
  }
};

// Returns the value of an environment variable, or nullopt when unset.
using EnvLookup = options::EnvLookup;

// Parses `args` (argv without the program name) and the environment by the common options
// rules (slogate/common/options.h): `--name=value` or `--name value`; a boolean flag alone is
// true, `--no-name` false; an empty variable is unset; unknown flags are errors.
Result<GatewayOptions> ParseOptions(const std::vector<std::string>& args, const EnvLookup& env);

// The --help text: every flag with its variable and default.
std::string UsageText();

}  // namespace slogate::refgw
