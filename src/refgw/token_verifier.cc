#include "token_verifier.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "options.h"

namespace slogate::refgw {
namespace {

constexpr std::string_view kPublicKeyVariable = "GATEWAY_JWT_PUBLIC_KEY (--jwt-public-key)";
constexpr size_t kMaxKeyFileBytes = 64 * 1024;  // an RSA public key PEM is well under 2 KiB

Error KeyError(const std::string& what) {
  return MakeError("bad_public_key", std::string(kPublicKeyVariable) + ": " + what);
}

std::string UnescapeNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
      out.push_back('\n');
      ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

Result<std::string> ResolvePublicKeyPem(std::string_view value) {
  size_t first = value.find_first_not_of(" \t\r\n");
  std::string_view trimmed = first == std::string_view::npos ? "" : value.substr(first);
  if (trimmed.empty()) return KeyError("is empty; give PEM text or the path of a PEM file");
  if (trimmed.rfind("-----BEGIN", 0) == 0) return UnescapeNewlines(trimmed);
  if (value.find('\n') != std::string_view::npos || value.size() > 4096) {
    return KeyError("is neither PEM text (starting with '-----BEGIN') nor a file path");
  }
  std::ifstream file{std::string(value), std::ios::binary};
  if (!file) {
    return KeyError("cannot open the file '" + std::string(value) + "': " + std::strerror(errno) +
                    " (the value is read as a path because it does not start with '-----BEGIN')");
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  std::string pem = contents.str();
  if (pem.size() > kMaxKeyFileBytes) {
    return KeyError("the file '" + std::string(value) + "' is too large for a public key");
  }
  return pem;
}

Result<std::optional<TokenVerifier>> TokenVerifier::FromOptions(const GatewayOptions& options) {
  std::optional<Hs256Verifier> hs256;
  std::optional<Rs256Verifier> rs256;
  if (!options.jwt_secret.empty()) hs256.emplace(options.jwt_secret);
  if (!options.jwt_public_key.empty()) {
    Result<std::string> pem = ResolvePublicKeyPem(options.jwt_public_key);
    if (!pem.ok()) return pem.error();
    Result<Rs256Verifier> verifier = Rs256Verifier::FromPem(*pem);
    if (!verifier.ok()) return KeyError(verifier.error().message);
    rs256.emplace(std::move(*verifier));
  }
  if (!hs256 && !rs256) return std::optional<TokenVerifier>();
  return std::optional<TokenVerifier>(TokenVerifier(std::move(hs256), std::move(rs256)));
}

Result<nlohmann::json> TokenVerifier::Verify(std::string_view token,
                                             std::chrono::system_clock::time_point now) const {
  Result<DecodedToken> decoded = DecodeToken(token);
  if (!decoded.ok()) return decoded.error();
  bool signature_ok = false;
  if (decoded->alg == "HS256" && hs256_) {
    signature_ok = hs256_->SignatureMatches(*decoded);
  } else if (decoded->alg == "RS256" && rs256_) {
    signature_ok = rs256_->SignatureMatches(*decoded);
  } else {
    return MakeError("bad_algorithm",
                     "the token's algorithm is not one this gateway accepts (" + Describe() + ")");
  }
  if (!signature_ok) return MakeError("bad_signature", "the token's signature does not verify");
  Status times = CheckTimeClaims(decoded->claims, now);
  if (!times.ok()) return times.error();
  return std::move(decoded->claims);
}

std::string TokenVerifier::Describe() const {
  std::string rs256 =
      rs256_ ? "RS256 (" + std::to_string(rs256_->KeyBits()) + "-bit key)" : std::string();
  if (hs256_ && rs256_) return "HS256 and " + rs256;
  return hs256_ ? "HS256" : rs256;
}

}  // namespace slogate::refgw
