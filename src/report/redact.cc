#include "slogate/report/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace slogate::report {
namespace {

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool IsBase64UrlChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '=';
}

// Length of the JWT starting at `at` (header.payload.signature, header starting "eyJ"), or 0.
size_t JwtLengthAt(std::string_view text, size_t at) {
  if (text.substr(at, 3) != "eyJ") return 0;
  size_t end = at;
  int dots = 0;
  while (end < text.size() && (IsBase64UrlChar(text[end]) || (text[end] == '.' && dots < 2))) {
    if (text[end] == '.') ++dots;
    ++end;
  }
  return dots == 2 ? end - at : 0;
}

// Length of the credential after "Bearer " at `at`, or 0.
size_t BearerCredentialLengthAt(std::string_view text, size_t at) {
  static constexpr std::string_view kBearer = "bearer ";
  if (at + kBearer.size() > text.size() || Lowercase(text.substr(at, kBearer.size())) != kBearer) {
    return 0;
  }
  size_t end = at + kBearer.size();
  while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end])) == 0 &&
         text[end] != '"' && text[end] != '\'') {
    ++end;
  }
  return end - at - kBearer.size();
}

}  // namespace

std::string RedactText(std::string_view by_value) {
  // Registered values first: a token of any shape, wherever a target echoed it.
  const std::string redacted = secrets::Redact(by_value);
  const std::string_view text = redacted;
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (const size_t jwt = JwtLengthAt(text, i); jwt > 0) {
      out += kRedacted;
      i += jwt;
    } else if (const size_t credential = BearerCredentialLengthAt(text, i); credential > 0) {
      out.append(text.substr(i, 7));  // "Bearer " as written
      out += kRedacted;
      i += 7 + credential;
    } else {
      out += text[i++];
    }
  }
  return out;
}

nlohmann::json RedactSecrets(nlohmann::json value) {
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    // Keys too: a target's text can become a key (an error category, a repeated id).
    for (auto& [key, member] : value.items()) {
      // A secret that was never set stays as it is (null or ""): marking it redacted would
      // say a token was in use when none was.
      const bool unset =
          member.is_null() || (member.is_string() && member.get_ref<const std::string&>().empty());
      out[RedactText(key)] = secrets::IsSecretName(key) && !unset
                                 ? nlohmann::json(kRedacted)
                                 : RedactSecrets(std::move(member));
    }
    return out;
  } else if (value.is_array()) {
    for (auto& element : value) element = RedactSecrets(std::move(element));
  } else if (value.is_string()) {
    value = RedactText(value.get<std::string>());
  }
  return value;
}

}  // namespace slogate::report
