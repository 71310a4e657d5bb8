#pragma once
// Builds Warden's object graph from the configuration: store, crypto, services, web server.

#include <memory>
#include <optional>

#include "app/config.hpp"
#include "cli/cli.hpp"
#include "core/clock.hpp"
#include "crypto/sodium_crypto.hpp"
#include "domain/ports.hpp"

namespace warden::app {

/// The app's implementation of the command line's Wiring: opens everything on first use.
class AppWiring final : public cli::Wiring {
  public:
    explicit AppWiring(Config config);
    ~AppWiring() override;

    Result<cli::CliServices*> Open() override;
    Result<std::vector<std::string>> Migrate() override;
    int Serve() override;
    std::string PublicUrl() const override { return config_.public_url; }
    bool Production() const override { return config_.production; }
    bool AuditKeyAvailable() const override;

  private:
    // The audit seal: the configured key, or outside production the development key file
    // (created on first use, with a warning).
    Result<std::shared_ptr<const domain::AuditSeal>> AuditSealToUse();

    Config config_;
    SystemClock clock_;
    crypto::SodiumPasswordHasher hasher_;
    crypto::SodiumSecrets secrets_;
    std::unique_ptr<domain::Store> store_;
    std::optional<domain::AuthService> auth_;
    std::optional<domain::UserAdminService> users_;
    std::optional<domain::OrganisationService> organisation_;
    std::optional<domain::PrisonerService> prisoners_;
    std::optional<domain::RiskRulesService> risk_rules_;
    std::optional<domain::AccessService> access_;
    std::optional<domain::notify::OutboxService> outbox_;
    std::optional<cli::CliServices> services_;
};

}  // namespace warden::app
