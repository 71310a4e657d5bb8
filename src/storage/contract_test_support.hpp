#pragma once
// What the storage contract tests share: the test PostgreSQL's URL and unique names for the
// databases and schemas each test makes.

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "crypto/sodium_crypto.hpp"

namespace warden::storage::testing {

/// WARDEN_TEST_POSTGRES_URL, or "" when PostgreSQL tests are to be skipped.
inline std::string PostgresUrl() {
    const char* url = std::getenv("WARDEN_TEST_POSTGRES_URL");
    return url ? url : "";
}

/// The audit key the contract tests seal the chain with.
inline const std::string kTestAuditKey = "contract-test-audit-key-0123456789abcdef";

/// A seal under kTestAuditKey.
inline std::shared_ptr<const domain::AuditSeal> TestSeal() {
    return std::make_shared<crypto::HmacAuditSeal>(kTestAuditKey);
}

/// `prefix` followed by the process id, a counter and a random number.
inline std::string UniqueName(const std::string& prefix) {
    static std::atomic<int> counter{0};
    std::random_device rd;
    return prefix + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
           std::to_string(rd() % 1000000);
}

}  // namespace warden::storage::testing
