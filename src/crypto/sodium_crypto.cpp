#include "crypto/sodium_crypto.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/strings.hpp"

namespace warden::crypto {

void EnsureSodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    });
}

std::string Sha256Hex(std::string_view data) {
    EnsureSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return ToHex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

namespace {

std::string HexOfFinal(crypto_auth_hmacsha256_state& state) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_memzero(&state, sizeof state);
    return ToHex(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

}  // namespace

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
    EnsureSodium();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                  data.size());
    return HexOfFinal(state);
}

// The state after the key: both pads hashed (two of SHA-256's blocks an entry no longer pays).
struct HmacAuditSeal::Keyed {
    crypto_auth_hmacsha256_state state;
};

HmacAuditSeal::HmacAuditSeal(std::string key) : keyed_(std::make_unique<Keyed>()) {
    EnsureSodium();
    crypto_auth_hmacsha256_init(&keyed_->state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    sodium_memzero(key.data(), key.size());
}

HmacAuditSeal::~HmacAuditSeal() { sodium_memzero(&keyed_->state, sizeof keyed_->state); }

std::string HmacAuditSeal::Seal(const std::string& data) const {
    crypto_auth_hmacsha256_state state = keyed_->state;
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                  data.size());
    return HexOfFinal(state);
}

HashLimits HashLimits::Interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

HashLimits HashLimits::Minimum() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

SodiumPasswordHasher::SodiumPasswordHasher() : SodiumPasswordHasher(HashLimits::Interactive()) {}

SodiumPasswordHasher::SodiumPasswordHasher(HashLimits limits) : limits_(limits) { EnsureSodium(); }

Result<std::string> SodiumPasswordHasher::Hash(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), limits_.ops_limit,
                              limits_.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Error::Internal("password hashing ran out of memory");
    }
    return std::string(out);
}

bool SodiumPasswordHasher::Verify(const std::string& encoded, const std::string& password) {
    if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

bool SodiumPasswordHasher::NeedsRehash(const std::string& encoded) const {
    if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return true;
    return crypto_pwhash_str_needs_rehash(encoded.c_str(), limits_.ops_limit, limits_.mem_limit) !=
           0;
}

SodiumSecrets::SodiumSecrets() { EnsureSodium(); }

std::string SodiumSecrets::RandomToken(std::size_t bytes) {
    if (bytes == 0) bytes = 32;
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), variant);
    out.resize(std::char_traits<char>::length(out.c_str()));
    sodium_memzero(raw.data(), raw.size());
    return out;
}

std::string SodiumSecrets::Sha256Hex(const std::string& data) { return crypto::Sha256Hex(data); }

}  // namespace warden::crypto
