#include "refgw/store/frame.h"

#include "refgw/store/crc32c.h"

namespace slogate::refgw::store {
namespace {

void PutU32(uint32_t value, char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xFFu);
}

uint32_t GetU32(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return value;
}

InspectedFrame Problem(FrameState state, std::string problem) {
  InspectedFrame frame;
  frame.state = state;
  frame.problem = std::move(problem);
  return frame;
}

// Splits a checksummed payload into its records; false when the structure is inconsistent.
bool SplitRecords(std::string_view payload, std::vector<std::string_view>* records) {
  if (payload.size() < 4) return false;
  const uint32_t count = GetU32(payload, 0);
  size_t at = 4;
  for (uint32_t i = 0; i < count; ++i) {
    if (payload.size() - at < 4) return false;
    const uint32_t length = GetU32(payload, at);
    at += 4;
    if (payload.size() - at < length) return false;
    records->push_back(payload.substr(at, length));
    at += length;
  }
  return at == payload.size();
}

}  // namespace

void AppendFrame(const std::vector<std::string_view>& records, std::string* out) {
  size_t payload_size = 4;
  for (std::string_view record : records) payload_size += 4 + record.size();
  const size_t start = out->size();
  out->resize(start + kFrameHeaderBytes + payload_size);
  char* header = out->data() + start;
  char* cursor = header + kFrameHeaderBytes;
  PutU32(static_cast<uint32_t>(records.size()), cursor);
  cursor += 4;
  for (std::string_view record : records) {
    PutU32(static_cast<uint32_t>(record.size()), cursor);
    cursor += 4;
    record.copy(cursor, record.size());
    cursor += record.size();
  }
  PutU32(kFrameMagic, header);
  PutU32(static_cast<uint32_t>(payload_size), header + 4);
  const std::string_view checked(header + 4, 4);
  const std::string_view payload(header + kFrameHeaderBytes, payload_size);
  PutU32(Crc32c(payload, Crc32c(checked)), header + 8);
}

std::optional<size_t> AnnouncedFrameSize(std::string_view header) {
  if (header.size() < kFrameHeaderBytes || GetU32(header, 0) != kFrameMagic) return std::nullopt;
  const uint32_t length = GetU32(header, 4);
  if (length < 4 || length > kMaxFramePayloadBytes) return std::nullopt;
  return kFrameHeaderBytes + length;
}

InspectedFrame InspectFrame(std::string_view bytes) {
  if (bytes.size() < kFrameHeaderBytes) {
    return Problem(FrameState::kIncomplete, "frame header cut short (" +
                                                std::to_string(bytes.size()) + " of " +
                                                std::to_string(kFrameHeaderBytes) + " bytes)");
  }
  if (GetU32(bytes, 0) != kFrameMagic) return Problem(FrameState::kCorrupt, "bad frame magic");
  const uint32_t length = GetU32(bytes, 4);
  if (length < 4 || length > kMaxFramePayloadBytes) {
    return Problem(FrameState::kCorrupt, "impossible frame length " + std::to_string(length));
  }
  if (bytes.size() - kFrameHeaderBytes < length) {
    return Problem(FrameState::kIncomplete,
                   "frame cut short (" + std::to_string(bytes.size() - kFrameHeaderBytes) +
                       " of " + std::to_string(length) + " payload bytes)");
  }
  const std::string_view payload = bytes.substr(kFrameHeaderBytes, length);
  if (Crc32c(payload, Crc32c(bytes.substr(4, 4))) != GetU32(bytes, 8)) {
    return Problem(FrameState::kCorrupt, "frame checksum mismatch");
  }
  InspectedFrame frame;
  if (!SplitRecords(payload, &frame.records)) {
    return Problem(FrameState::kCorrupt, "frame records inconsistent with their lengths");
  }
  frame.state = FrameState::kValid;
  frame.size = kFrameHeaderBytes + length;
  return frame;
}

}  // namespace slogate::refgw::store
