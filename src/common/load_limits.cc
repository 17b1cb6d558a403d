#include "slogate/common/load_limits.h"
#include "slogate/common/quote.h"

#include <charconv>
#include <cmath>
#include <string>

#include "slogate/common/units.h"

namespace slogate::limits {
namespace {

std::string Got(std::string_view text) { return ", got " + QuoteForMessage(text); }

Error Invalid(std::string_view expected, std::string_view text) {
  return MakeError("bad_value", "expected " + std::string(expected) + Got(text));
}

}  // namespace

Result<double> ParseRps(std::string_view text) {
  Result<double> rate = units::ParseQuantity(text);
  if (!rate.ok() || !(*rate > 0) || *rate > kMaxRps) {
    return Invalid(
        "a rate > 0 and <= 1M requests per second (e.g. 5, 0.5, 1.5k; shard higher rates "
        "over several processes)",
        text);
  }
  return *rate;
}

Result<std::chrono::nanoseconds> ParseRunDuration(std::string_view text) {
  Result<units::Seconds> duration = units::ParseDuration(text);
  if (!duration.ok() || !(duration->count() > 0) || *duration > kMaxDuration) {
    return Invalid("a duration > 0 and <= 1000000s (seconds, or e.g. 90s, 2m)", text);
  }
  return std::chrono::round<std::chrono::nanoseconds>(*duration);
}

Result<double> ParseRateOrZero(std::string_view text) {
  Result<double> rate = units::ParseQuantity(text);
  if (!rate.ok() || !(*rate >= 0) || *rate > kMaxRps) {
    return Invalid("a rate >= 0 and <= 1M requests per second (e.g. 0, 5, 1.5k)", text);
  }
  return *rate;
}

Result<std::chrono::nanoseconds> ParseWait(std::string_view text) {
  Result<units::Seconds> duration = units::ParseDuration(text);
  if (!duration.ok() || !(duration->count() > 0) || *duration > kMaxWait) {
    return Invalid("a duration > 0 and <= 10m (seconds, or e.g. 500ms, 30s, 2m)", text);
  }
  return std::chrono::round<std::chrono::nanoseconds>(*duration);
}

Result<std::chrono::nanoseconds> ParseRunOffset(std::string_view text) {
  Result<units::Seconds> duration = units::ParseDuration(text);
  if (!duration.ok() || *duration > kMaxDuration) {
    return Invalid("a duration >= 0 and <= 1000000s (seconds, or e.g. 90s, 2m)", text);
  }
  return std::chrono::round<std::chrono::nanoseconds>(*duration);
}

Result<int> ParseConcurrency(std::string_view text) {
  Result<long long> count = units::ParseCount(text);
  if (!count.ok() || *count < 1 || *count > kMaxConcurrency) {
    return Invalid("a whole number from 1 to 100000", text);
  }
  return static_cast<int>(*count);
}

Status CheckHttpUrl(std::string_view url) {
  const bool http = url.starts_with("http://") || url.starts_with("https://");
  const size_t host_start = http ? url.find("://") + 3 : 0;
  const size_t host_end = http ? std::min(url.find_first_of("/?#", host_start), url.size()) : 0;
  if (!http || host_end == host_start || url[host_start] == ':') {
    return Invalid("an http:// or https:// URL with a host", url);
  }
  if (url.find_first_of(" \t\r\n") != std::string_view::npos) {
    return MakeError("bad_value", "URL contains whitespace" + Got(url));
  }
  for (const char c : url) {
    if (static_cast<unsigned char>(c) < ' ' || c == 0x7f) {
      return MakeError("bad_value", "URL contains a control character" + Got(url));
    }
  }
  const std::string_view authority = url.substr(host_start, host_end - host_start);
  // URLs are printed in every report, so one carrying a password would publish it; the URL
  // itself is therefore not quoted here either.
  if (authority.find('@') != std::string_view::npos) {
    return MakeError("bad_value",
                     "URL holds user information (user:password@host), which every report would "
                     "print (URL not shown); give credentials as a bearer token instead");
  }
  // An IPv6 literal is bracketed ("[::1]:8010"); the port follows the closing bracket.
  // Elsewhere the last colon starts the port, and a bracket has no place.
  size_t colon = std::string_view::npos;
  if (authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1 ||
        (close + 1 < authority.size() && authority[close + 1] != ':')) {
      return Invalid("an IPv6 host in brackets, like http://[::1]:8010", url);
    }
    if (close + 1 < authority.size()) colon = close + 1;
  } else if (authority.find_first_of("[]") != std::string_view::npos) {
    return Invalid("an http:// or https:// URL with a host", url);
  } else {
    colon = authority.rfind(':');
  }
  if (colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    int number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || error != std::errc() || end != port.data() + port.size() || number < 1 ||
        number > 65535) {
      return Invalid("a port from 1 to 65535 after the host", url);
    }
  }
  return Status::Ok();
}

Status CheckBaseUrl(std::string_view url) {
  if (Status status = CheckHttpUrl(url); !status.ok()) return status;
  std::string_view trimmed = url;
  if (trimmed.ends_with('/')) trimmed.remove_suffix(1);
  if (trimmed.find_first_of("/?#", trimmed.find("://") + 3) != std::string_view::npos) {
    return Invalid("scheme://host[:port] without a path (put the path in TARGET_PATH)", url);
  }
  return Status::Ok();
}

}  // namespace slogate::limits
