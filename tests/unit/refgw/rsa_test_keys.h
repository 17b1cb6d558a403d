// Key pairs made fresh for a test run with OpenSSL, as PEM text. Nothing is stored on disk
// unless a test writes it to its own temporary file.
#pragma once

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace slogate::testing {

struct TestKeyPair {
  std::string public_pem;        // "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo)
  std::string private_pem;       // "-----BEGIN PRIVATE KEY-----" (PKCS#8)
  std::string public_pkcs1_pem;  // "-----BEGIN RSA PUBLIC KEY-----"; empty for non-RSA keys
};

namespace detail {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

template <typename Write>
std::string ToPem(Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!write(bio.get())) throw std::runtime_error("PEM encoding failed");
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

inline TestKeyPair Encode(EVP_PKEY* key, bool rsa) {
  TestKeyPair pair;
  pair.public_pem = ToPem([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key) == 1; });
  pair.private_pem = ToPem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  });
  if (rsa) {
    pair.public_pkcs1_pem = ToPem([&](BIO* bio) {
      OSSL_ENCODER_CTX* encoder =
          OSSL_ENCODER_CTX_new_for_pkey(key, EVP_PKEY_PUBLIC_KEY, "PEM", "type-specific", nullptr);
      const bool ok = encoder != nullptr && OSSL_ENCODER_to_bio(encoder, bio) == 1;
      OSSL_ENCODER_CTX_free(encoder);
      return ok;
    });
  }
  return pair;
}

}  // namespace detail

// A fresh RSA key pair (2048 bits: the smallest size RS256 deployments use).
inline TestKeyPair GenerateRsaKeyPair() {
  std::unique_ptr<EVP_PKEY, detail::PkeyFree> key(EVP_RSA_gen(2048));
  if (key == nullptr) throw std::runtime_error("RSA key generation failed");
  return detail::Encode(key.get(), true);
}

// A fresh P-256 key pair: a valid public key of the wrong type for RS256.
inline TestKeyPair GenerateEcKeyPair() {
  std::unique_ptr<EVP_PKEY, detail::PkeyFree> key(EVP_EC_gen("P-256"));
  if (key == nullptr) throw std::runtime_error("EC key generation failed");
  return detail::Encode(key.get(), false);
}

}  // namespace slogate::testing
