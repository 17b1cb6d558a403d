// The binary encoding of one Event inside a WAL/outbox frame (little-endian, versioned).
#pragma once

#include <string>
#include <string_view>

#include "refgw/store/store.h"
#include "slogate/common/result.h"

namespace slogate::refgw::store {

// Appends the encoding of `event` to `out`. Pure.
void EncodeEvent(const Event& event, std::string* out);

// Decodes one record written by EncodeEvent. Errors name the byte offset inside the record
// ("event record truncated at byte 17"). Pure.
Result<Event> DecodeEvent(std::string_view record);

}  // namespace slogate::refgw::store
