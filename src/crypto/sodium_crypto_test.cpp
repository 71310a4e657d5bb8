#include "crypto/sodium_crypto.hpp"

#include <gtest/gtest.h>

#include <set>

namespace warden::crypto {
namespace {

TEST(HmacSha256HexTest, Rfc4231Vectors) {
    // RFC 4231 test case 2 (a key shorter than the block).
    EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6 (a key longer than the block is hashed first).
    EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    HmacAuditSeal seal("Jefe");
    EXPECT_EQ(seal.Seal("what do ya want for nothing?"),
              HmacSha256Hex("Jefe", "what do ya want for nothing?"));
    EXPECT_NE(HmacAuditSeal("other").Seal("x"), seal.Seal("x"));
}

TEST(HmacAuditSealTest, EachSealStartsFromTheKeyAlone) {
    // The seal keeps the key's HMAC state and copies it for each entry: sealing one entry must
    // leave nothing of it in the next, in any order, for short and long keys alike.
    const std::string long_key(131, '\xaa');
    HmacAuditSeal short_seal("Jefe");
    HmacAuditSeal long_seal(long_key);
    for (int round = 0; round < 3; ++round) {
        for (const std::string data : {"", "what do ya want for nothing?", "x", "x"}) {
            EXPECT_EQ(short_seal.Seal(data), HmacSha256Hex("Jefe", data)) << data;
            EXPECT_EQ(long_seal.Seal(data), HmacSha256Hex(long_key, data)) << data;
        }
    }
    EXPECT_EQ(long_seal.Seal("Test Using Larger Than Block-Size Key - Hash Key First"),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Sha256HexTest, KnownVectors) {
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    SodiumSecrets secrets;
    EXPECT_EQ(secrets.Sha256Hex("abc"), Sha256Hex("abc"));
}

TEST(SodiumSecretsTest, TokensAreUrlSafeAndUnique) {
    SodiumSecrets secrets;
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        std::string token = secrets.RandomToken();
        EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64 without padding
        for (char c : token) {
            EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
                << token;
        }
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 200u);
    EXPECT_EQ(secrets.RandomToken(16).size(), 22u);
}

TEST(SodiumPasswordHasherTest, HashAndVerify) {
    SodiumPasswordHasher hasher(HashLimits::Minimum());
    auto hash = hasher.Hash("correct horse battery staple");
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
    EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery staple"));
    EXPECT_FALSE(hasher.Verify(*hash, "correct horse battery stapl"));
    EXPECT_FALSE(hasher.Verify(*hash, ""));
    EXPECT_FALSE(hasher.Verify("", "x"));
    EXPECT_FALSE(hasher.Verify("not a hash", "x"));
    EXPECT_FALSE(hasher.Verify(std::string(1000, 'a'), "x"));
}

TEST(SodiumPasswordHasherTest, SaltedSoHashesDiffer) {
    SodiumPasswordHasher hasher(HashLimits::Minimum());
    auto a = hasher.Hash("same password");
    auto b = hasher.Hash("same password");
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_NE(*a, *b);
    EXPECT_TRUE(hasher.Verify(*b, "same password"));
}

TEST(SodiumPasswordHasherTest, PasswordWithNulBytes) {
    SodiumPasswordHasher hasher(HashLimits::Minimum());
    std::string pw("ab\0cd", 5);
    auto hash = hasher.Hash(pw);
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(hasher.Verify(*hash, pw));
    EXPECT_FALSE(hasher.Verify(*hash, "ab"));
}

TEST(SodiumPasswordHasherTest, DefaultIsInteractiveAndRehashDetected) {
    SodiumPasswordHasher strong;
    SodiumPasswordHasher weak(HashLimits::Minimum());
    auto hash = weak.Hash("pw");
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(strong.Verify(*hash, "pw"));  // limits are in the encoded string
    EXPECT_TRUE(strong.NeedsRehash(*hash));
    EXPECT_FALSE(weak.NeedsRehash(*hash));
}

}  // namespace
}  // namespace warden::crypto
