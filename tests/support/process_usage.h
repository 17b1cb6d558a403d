// What a process holds right now, read from /proc: resident memory, its peak, open descriptors.
// For the tests that bound memory and descriptors (hostile targets, the soak run). Linux only.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace slogate::testing {

struct ProcessUsage {
  uint64_t rss_bytes = 0;       // VmRSS
  uint64_t peak_rss_bytes = 0;  // VmHWM: the highest VmRSS since start or ResetPeakRss
  uint64_t open_fds = 0;        // entries of /proc/<pid>/fd
};

// nullopt when the process is gone (or /proc cannot be read).
std::optional<ProcessUsage> ReadProcessUsage(pid_t pid);

// This process's usage; its peak as reset by ResetPeakRss.
ProcessUsage ReadOwnUsage();

// Starts this process's VmHWM again from its current VmRSS (writes "5" to
// /proc/self/clear_refs), so a test can measure the peak of one step. False when the kernel
// does not allow it.
bool ResetPeakRss();

}  // namespace slogate::testing
