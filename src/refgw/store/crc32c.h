// CRC-32C (Castagnoli), the checksum of WAL and outbox frames.
#pragma once

#include <cstdint>
#include <string_view>

namespace slogate::refgw::store {

// Extends `crc` (the CRC-32C of earlier bytes, 0 for none) over `data`, so
// Crc32c(b, Crc32c(a)) == Crc32c(a + b). Pure and thread-safe.
uint32_t Crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace slogate::refgw::store
