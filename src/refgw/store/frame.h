// Framing shared by the WAL and the outbox. One frame holds one group-commit batch:
//
//   magic u32 | payload_length u32 | crc32c u32 | payload
//   payload = record_count u32, then per record: length u32 | bytes
//
// Integers are little-endian; the CRC-32C covers the length field and the payload, so a
// corrupted length is caught too. Because the committer writes one frame per fdatasync, a
// crash can tear only the last frame of the log, which is what recovery relies on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slogate::refgw::store {

inline constexpr uint32_t kFrameMagic = 0x57474C53u;  // "SLGW" on disk
inline constexpr size_t kFrameHeaderBytes = 12;
// A length field above this is corruption, not a real frame.
inline constexpr uint32_t kMaxFramePayloadBytes = 256u << 20;

// Appends one frame holding `records` to `out`. Pure.
void AppendFrame(const std::vector<std::string_view>& records, std::string* out);

enum class FrameState {
  kValid,       // complete, checksum ok, records well formed
  kIncomplete,  // the bytes end inside the frame (a torn write, or more bytes still to come)
  kCorrupt,     // bad magic, impossible length, checksum mismatch or malformed records
};

struct InspectedFrame {
  FrameState state = FrameState::kCorrupt;
  size_t size = 0;                        // header + payload; valid for kValid
  std::vector<std::string_view> records;  // views into the inspected bytes; kValid only
  std::string problem;                    // what is wrong, for kIncomplete and kCorrupt
};

// The total size (header + payload) a frame header announces, when its magic and length are
// plausible; lets a reader fetch exactly one frame. `header` needs kFrameHeaderBytes. Pure.
std::optional<size_t> AnnouncedFrameSize(std::string_view header);

// Inspects the frame starting at bytes[0]; `bytes` may extend past the frame. Pure.
InspectedFrame InspectFrame(std::string_view bytes);

}  // namespace slogate::refgw::store
