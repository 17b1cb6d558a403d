#include "jwt_rs256.h"

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace slogate::refgw {
namespace {

using nlohmann::json;

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

BioPtr MemoryBio(std::string_view bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

// Any PEM public key OpenSSL can decode (SubjectPublicKeyInfo or PKCS#1). OpenSSL queues an
// error for every failed attempt; none of it is ours to report later.
EVP_PKEY* DecodePublicKey(std::string_view pem) {
  EVP_PKEY* key = nullptr;
  OSSL_DECODER_CTX* decoder = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nullptr, nullptr,
                                                            EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
  if (decoder != nullptr) {
    const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
    size_t length = pem.size();
    if (OSSL_DECODER_from_data(decoder, &data, &length) != 1) key = nullptr;
    OSSL_DECODER_CTX_free(decoder);
  }
  ERR_clear_error();
  return key;
}

}  // namespace

Result<Rs256Verifier> Rs256Verifier::FromPem(std::string_view pem) {
  // Checked by label first: the decoder would also take the public half of a private key, and a
  // private key has no business in the gateway's configuration.
  if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
    return MakeError("bad_public_key",
                     "this is a private key; give the matching public key "
                     "('-----BEGIN PUBLIC KEY-----') instead");
  }
  if (pem.find("-----BEGIN PUBLIC KEY-----") == std::string_view::npos &&
      pem.find("-----BEGIN RSA PUBLIC KEY-----") == std::string_view::npos) {
    return MakeError("bad_public_key",
                     "not a PEM public key (expected a '-----BEGIN PUBLIC KEY-----' block)");
  }
  std::shared_ptr<EVP_PKEY> key(DecodePublicKey(pem), PkeyFree());
  if (key == nullptr) {
    return MakeError("bad_public_key", "the PEM public key block cannot be decoded");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return MakeError("wrong_key_type",
                     "the public key is not an RSA key; RS256 needs an RSA public key");
  }
  return Rs256Verifier(std::move(key));
}

int Rs256Verifier::KeyBits() const { return EVP_PKEY_get_bits(key_.get()); }

bool Rs256Verifier::SignatureMatches(const DecodedToken& token) const {
  MdCtxPtr context(EVP_MD_CTX_new());
  if (context == nullptr) return false;
  const bool valid =
      EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
      EVP_DigestVerify(context.get(),
                       reinterpret_cast<const unsigned char*>(token.signature.data()),
                       token.signature.size(),
                       reinterpret_cast<const unsigned char*>(token.signing_input.data()),
                       token.signing_input.size()) == 1;
  ERR_clear_error();
  return valid;
}

Result<json> Rs256Verifier::Verify(std::string_view token,
                                   std::chrono::system_clock::time_point now) const {
  Result<DecodedToken> decoded = DecodeToken(token);
  if (!decoded.ok()) return decoded.error();
  if (decoded->alg != "RS256") return MakeError("bad_algorithm", "only RS256 tokens are accepted");
  if (!SignatureMatches(*decoded)) {
    return MakeError("bad_signature", "the token's signature does not verify");
  }
  Status times = CheckTimeClaims(decoded->claims, now);
  if (!times.ok()) return times.error();
  return std::move(decoded->claims);
}

Result<std::string> SignRs256(const json& claims, std::string_view private_key_pem) {
  BioPtr bio = MemoryBio(private_key_pem);
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (key == nullptr || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return MakeError("bad_private_key", "not a PEM RSA private key");
  }
  std::string signing_input = EncodeBase64Url(json{{"alg", "RS256"}, {"typ", "JWT"}}.dump()) + "." +
                              EncodeBase64Url(claims.dump());
  MdCtxPtr context(EVP_MD_CTX_new());
  size_t length = 0;
  if (context == nullptr ||
      EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    ERR_clear_error();
    return MakeError("bad_private_key", "the private key cannot sign with RS256");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    ERR_clear_error();
    return MakeError("bad_private_key", "RS256 signing failed");
  }
  signature.resize(length);
  return signing_input + "." + EncodeBase64Url(signature);
}

}  // namespace slogate::refgw
