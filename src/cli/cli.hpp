#pragma once
// The operator command line: warden migrate | serve | demo | region add | establishment add |
// user add | token create | import prisoners | audit verify.

#include <iosfwd>
#include <string>
#include <vector>

#include "domain/establishments/organisation_service.hpp"
#include "domain/notify/outbox_service.hpp"
#include "domain/people/auth_service.hpp"
#include "domain/prisoners/prisoner_service.hpp"
#include "domain/tmpp/access/access_service.hpp"

namespace warden::cli {

/// The services a command uses, opened on demand by the app.
struct CliServices {
    domain::Store& store;
    const Clock& clock;
    domain::AuthService& auth;
    domain::UserAdminService& users;
    domain::OrganisationService& organisation;
    domain::PrisonerService& prisoners;
    domain::AccessService& access;
    domain::Secrets& secrets;
    domain::notify::OutboxService& outbox;
};

/// What the app provides to the command line: lazily opened services, migration and the server.
class Wiring {
  public:
    virtual ~Wiring() = default;
    /// Opens the database (migrating it) and builds the services.
    virtual Result<CliServices*> Open() = 0;
    /// Applies pending migrations; returns their names.
    virtual Result<std::vector<std::string>> Migrate() = 0;
    /// Runs the server until SIGTERM; returns the exit code.
    virtual int Serve() = 0;
    /// The public URL, for messages.
    virtual std::string PublicUrl() const = 0;
    /// True when WARDEN_ENV=production (the demo refuses to run there).
    virtual bool Production() const { return false; }
    /// True when an audit key is configured (or, outside production, the development key file
    /// exists): `warden audit verify` and `rekey` refuse to run without one.
    virtual bool AuditKeyAvailable() const { return true; }
};

/// Exit code for an error: 2 invalid input, 3 not found, 4 conflict, 5 forbidden, 6 unavailable,
/// 1 otherwise.
int ExitCodeFor(const Error& error);

/// Parses the arguments and runs one command. Prints a one-line reason on `err` when it fails.
int RunCli(int argc, const char* const* argv, Wiring& wiring, std::istream& in, std::ostream& out,
           std::ostream& err);

/// Options of `warden demo`.
struct DemoOptions {
    int prisoners = 3000;
    std::string password;  // empty: random per user (WARDEN_DEMO_PASSWORD sets it)
    unsigned seed = 20261122;
    std::string public_url;  // starts the links of the emails the demo's incidents enqueue
};

/// One demo login, as printed.
struct DemoLogin {
    std::string username;
    std::string password;
    std::string roles;
    std::string caseload;
};

/// What `warden demo` prints.
struct DemoResult {
    std::vector<DemoLogin> logins;
    std::string summary;  // one line: the TMPP records the demo shows
};

/// Loads the demo organisation, prisoners, one user per role and TMPP access records (MDI and LEI
/// assessed; needs, compacts, decisions in every band with overrides, grants with the phase's
/// conditions, published wing lists, one stale after a withdrawal), through the services as the
/// demo users; idempotent (existing records are kept, steps already taken are skipped, demo users
/// get the printed passwords again).
Result<DemoResult> LoadDemo(CliServices& services, const DemoOptions& options);

/// A NOMIS-style CSV (with header) of `count` generated prisoners of `establishment`, spread over
/// `wings`, with realistic alerts and counts; deterministic for a seed.
std::string GeneratePrisonerCsv(const std::string& establishment,
                                const std::vector<std::string>& wings, int count, unsigned seed,
                                int number_offset = 0);

}  // namespace warden::cli
