#include "slogate/common/secrets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace slogate::secrets {
namespace {

struct Registry {
  std::shared_mutex mutex;
  // Longest first, so that a secret containing another is replaced whole.
  std::vector<std::string> values;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed: logging may run at exit
  return *registry;
}

// The position and length of the earliest registered value in `text` from `from`; the
// longest one when two start at the same place.
std::pair<size_t, size_t> FindFirst(const std::vector<std::string>& values, std::string_view text,
                                    size_t from) {
  size_t best_at = std::string_view::npos;
  size_t best_size = 0;
  for (const std::string& value : values) {
    const size_t at = text.find(value, from);
    if (at < best_at) {
      best_at = at;
      best_size = value.size();
    }
  }
  return {best_at, best_size};
}

}  // namespace

bool IsSecretName(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kExact = {
      "jwt",    "token",   "secret",  "password", "authorization", "proxy_authorization",
      "cookie", "api_key", "private_key"};
  static constexpr std::array<std::string_view, 5> kSuffixes = {"_token", "_secret", "_jwt",
                                                                 "_password", "_api_key"};
  std::string normal(name);
  std::transform(normal.begin(), normal.end(), normal.begin(), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::tolower(c));
  });
  if (std::find(kExact.begin(), kExact.end(), normal) != kExact.end()) return true;
  return std::any_of(kSuffixes.begin(), kSuffixes.end(),
                     [&](std::string_view suffix) { return normal.ends_with(suffix); });
}

Status CheckCredential(std::string_view value) {
  if (value.size() < kMinSecretLength) {
    return MakeError("bad_credential", "the credential is " + std::to_string(value.size()) +
                                           " bytes long (value not shown); a credential must "
                                           "have at least " +
                                           std::to_string(kMinSecretLength) + " bytes");
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte > ' ' && byte != 0x7f) continue;
    const std::string what = byte == ' ' || byte == '\t' ? "whitespace"
                             : byte == '\r' || byte == '\n' ? "a line break"
                                                             : "a control character";
    return MakeError("bad_credential",
                     "the credential contains " + what + " at byte " + std::to_string(i + 1) +
                         " (value not shown), which an HTTP header cannot carry; pass the bare "
                         "token without \"Bearer \"");
  }
  return Status::Ok();
}

namespace {

// `value` with each character that has an entry in `escapes` replaced by it.
std::string Escaped(std::string_view value,
                    const std::vector<std::pair<char, std::string_view>>& escapes) {
  std::string out;
  for (const char c : value) {
    const auto escape = std::find_if(escapes.begin(), escapes.end(),
                                     [c](const auto& entry) { return entry.first == c; });
    if (escape == escapes.end()) {
      out += c;
    } else {
      out += escape->second;
    }
  }
  return out;
}

// `value` as libcurl's curl_easy_escape writes it into a URL (an echoed event id lands in the
// audit's read-back URL): every byte but ALPHA, DIGIT and -._~ as %XX, in upper case.
std::string PercentEncoded(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

// Every form in which an output can write `value`: as is, percent-encoded, escaped for the HTML report (which
// writes ' as &#39;), for GoogleTest's XML (&apos;) and inside a JSON string. The final pass
// over an output sees the escaped text, so a token holding <, &, " or \ must be known in each.
std::vector<std::string> WrittenForms(std::string_view value) {
  const std::vector<std::pair<char, std::string_view>> markup = {
      {'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}};
  auto with = [&markup](std::pair<char, std::string_view> apostrophe) {
    auto escapes = markup;
    escapes.push_back(apostrophe);
    return escapes;
  };
  std::vector<std::string> forms = {std::string(value), PercentEncoded(value),
                                    Escaped(value, with({'\'', "&#39;"})),
                                    Escaped(value, with({'\'', "&apos;"})),
                                    Escaped(value, {{'\\', "\\\\"}, {'"', "\\\""}})};
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  return forms;
}

}  // namespace

void Register(std::string_view value) {
  if (value.size() < kMinSecretLength) return;
  Registry& registry = TheRegistry();
  std::unique_lock lock(registry.mutex);
  for (std::string& form : WrittenForms(value)) {
    if (std::find(registry.values.begin(), registry.values.end(), form) == registry.values.end()) {
      registry.values.push_back(std::move(form));
    }
  }
  std::stable_sort(registry.values.begin(), registry.values.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redact(std::string_view text) {
  Registry& registry = TheRegistry();
  std::shared_lock lock(registry.mutex);
  if (registry.values.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t from = 0;
  while (true) {
    const auto [at, size] = FindFirst(registry.values, text, from);
    if (at == std::string_view::npos) break;
    out.append(text.substr(from, at - from));
    out.append(kRedacted);
    from = at + size;
  }
  out.append(text.substr(from));
  return out;
}

bool ContainsSecret(std::string_view text) {
  Registry& registry = TheRegistry();
  std::shared_lock lock(registry.mutex);
  return FindFirst(registry.values, text, 0).first != std::string_view::npos;
}

void ClearForTesting() {
  Registry& registry = TheRegistry();
  std::unique_lock lock(registry.mutex);
  registry.values.clear();
}

}  // namespace slogate::secrets
