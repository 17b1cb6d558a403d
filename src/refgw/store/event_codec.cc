#include "refgw/store/event_codec.h"

#include <cstdint>

namespace slogate::refgw::store {
namespace {

// Bumped whenever the layout below changes; old versions must stay decodable.
constexpr uint8_t kEventVersion = 1;

void PutU32(uint32_t value, std::string* out) {
  for (int shift = 0; shift < 32; shift += 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFFu));
  }
}

void PutI64(int64_t value, std::string* out) {
  const auto bits = static_cast<uint64_t>(value);
  for (int shift = 0; shift < 64; shift += 8) {
    out->push_back(static_cast<char>((bits >> shift) & 0xFFu));
  }
}

void PutString(std::string_view text, std::string* out) {
  PutU32(static_cast<uint32_t>(text.size()), out);
  out->append(text);
}

// Sequential reader over a record; the first failure sticks so callers check once at the end.
class RecordReader {
 public:
  explicit RecordReader(std::string_view bytes) : bytes_(bytes) {}

  uint64_t Fixed(size_t width) {
    if (!Has(width)) return 0;
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i) {
      value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes_[position_ + i])) << (8 * i);
    }
    position_ += width;
    return value;
  }

  std::string String() {
    const auto size = static_cast<size_t>(Fixed(4));
    if (!Has(size)) return {};
    std::string text(bytes_.substr(position_, size));
    position_ += size;
    return text;
  }

  bool failed() const { return failed_; }
  size_t failed_at() const { return failed_at_; }
  size_t remaining() const { return bytes_.size() - position_; }

 private:
  bool Has(size_t width) {
    if (failed_) return false;
    if (bytes_.size() - position_ < width) {
      failed_ = true;
      failed_at_ = position_;
      return false;
    }
    return true;
  }

  std::string_view bytes_;
  size_t position_ = 0;
  bool failed_ = false;
  size_t failed_at_ = 0;
};

}  // namespace

void EncodeEvent(const Event& event, std::string* out) {
  out->push_back(static_cast<char>(kEventVersion));
  PutString(event.event_id, out);
  PutString(event.session_id, out);
  PutString(event.tenant, out);
  PutString(event.persona_id, out);
  PutString(event.message, out);
  PutU32(static_cast<uint32_t>(event.attachments.size()), out);
  for (const std::string& attachment : event.attachments) PutString(attachment, out);
  PutU32(static_cast<uint32_t>(event.metadata.size()), out);
  for (const auto& [key, value] : event.metadata) {
    PutString(key, out);
    PutString(value, out);
  }
  const auto since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(
      event.accepted_at.time_since_epoch());
  PutI64(since_epoch.count(), out);
}

Result<Event> DecodeEvent(std::string_view record) {
  RecordReader reader(record);
  const auto version = reader.Fixed(1);
  if (!reader.failed() && version != kEventVersion) {
    return MakeError("bad_event_record",
                     "event record has unknown version " + std::to_string(version) +
                         " (this build reads version " + std::to_string(kEventVersion) + ")");
  }
  Event event;
  event.event_id = reader.String();
  event.session_id = reader.String();
  event.tenant = reader.String();
  event.persona_id = reader.String();
  event.message = reader.String();
  // Each element consumes at least 4 bytes or fails the reader, so a corrupt count ends the
  // loop quickly instead of running billions of times.
  const auto attachments = reader.Fixed(4);
  for (uint64_t i = 0; i < attachments && !reader.failed(); ++i) {
    event.attachments.push_back(reader.String());
  }
  const auto metadata = reader.Fixed(4);
  for (uint64_t i = 0; i < metadata && !reader.failed(); ++i) {
    std::string key = reader.String();
    event.metadata.emplace_back(std::move(key), reader.String());
  }
  const auto nanoseconds = static_cast<int64_t>(reader.Fixed(8));
  if (reader.failed()) {
    return MakeError("bad_event_record",
                     "event record truncated at byte " + std::to_string(reader.failed_at()) +
                         " of " + std::to_string(record.size()));
  }
  if (reader.remaining() != 0) {
    return MakeError("bad_event_record",
                     "event record has " + std::to_string(reader.remaining()) +
                         " unexpected trailing bytes");
  }
  event.accepted_at = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::nanoseconds(nanoseconds)));
  return event;
}

}  // namespace slogate::refgw::store
