#pragma once
// libsodium behind the domain's PasswordHasher and Secrets interfaces.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "domain/ports.hpp"

namespace warden::crypto {

/// Initialises libsodium once; throws std::runtime_error when it cannot.
void EnsureSodium();

/// SHA-256 of `data` as lower-case hex.
std::string Sha256Hex(std::string_view data);

/// HMAC-SHA-256 of `data` under `key` as lower-case hex.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

/// Seals audit entries with HMAC-SHA-256 (crypto_auth_hmacsha256) under a key from outside the
/// database (ADR 0007).
/// The key's HMAC state is computed once: each seal copies it and hashes only the entry.
class HmacAuditSeal final : public domain::AuditSeal {
  public:
    explicit HmacAuditSeal(std::string key);
    ~HmacAuditSeal() override;
    HmacAuditSeal(const HmacAuditSeal&) = delete;
    HmacAuditSeal& operator=(const HmacAuditSeal&) = delete;
    std::string Seal(const std::string& data) const override;

  private:
    struct Keyed;
    std::unique_ptr<Keyed> keyed_;
};

/// Argon2id work factors.
struct HashLimits {
    unsigned long long ops_limit;
    std::size_t mem_limit;

    /// libsodium's INTERACTIVE limits (the default).
    static HashLimits Interactive();
    /// The smallest limits libsodium allows, for fast tests only.
    static HashLimits Minimum();
};

/// Argon2id password hashing (crypto_pwhash_str).
class SodiumPasswordHasher final : public domain::PasswordHasher {
  public:
    SodiumPasswordHasher();
    explicit SodiumPasswordHasher(HashLimits limits);

    Result<std::string> Hash(const std::string& password) override;
    bool Verify(const std::string& encoded, const std::string& password) override;
    /// True when `encoded` was made with other limits than this hasher's (rehash on sign-in).
    bool NeedsRehash(const std::string& encoded) const;

  private:
    HashLimits limits_;
};

/// Random URL-safe tokens (randombytes_buf) and SHA-256 hex (crypto_hash_sha256).
class SodiumSecrets final : public domain::Secrets {
  public:
    SodiumSecrets();

    std::string RandomToken(std::size_t bytes = 32) override;
    std::string Sha256Hex(const std::string& data) override;
};

}  // namespace warden::crypto
