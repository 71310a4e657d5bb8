#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/memory.hpp"
#include "core/strings.hpp"
#include "domain/people/roles.hpp"
#include "web/api/import_json.hpp"

namespace warden::cli {
namespace {

/// `s` as a JSON string literal.
std::string JsonString(std::string_view s) { return "\"" + JsonEscape(s) + "\""; }

Result<std::vector<domain::Role>> ParseRoles(const std::string& text) {
    std::vector<domain::Role> roles;
    for (const auto& piece : Split(text, ',')) {
        auto name = ToUpper(Trim(piece));
        if (name.empty()) continue;
        auto role = domain::ParseRole(name);
        if (!role) {
            std::string known;
            for (auto r : domain::AllRoles()) {
                known += (known.empty() ? "" : ", ") + std::string(domain::RoleName(r));
            }
            return Error::Invalid("unknown role '" + name + "' (roles are " + known + ")");
        }
        roles.push_back(*role);
    }
    return roles;
}

/// The first `limit` + 1 bytes of the file at `path` (all of it when shorter): one byte over the
/// limit is enough for the service to refuse the file as too large, without a larger file in
/// memory. A regular file is read in one go into a string of its size; a pipe or other stream
/// (`/dev/stdin`, `<(zcat …)`) in blocks until it ends or passes the limit.
Result<std::string> ReadUpTo(const std::string& path, std::size_t limit) {
    const auto cannot = [&](const std::string& why) {
        return Error::Invalid("cannot read " + path + why);
    };
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return cannot(": there is no such file");
    if (std::filesystem::is_directory(status)) return cannot(": it is a folder");
    std::ifstream file(path, std::ios::binary);
    if (!file) return cannot("");
    std::string text;
    if (std::filesystem::is_regular_file(status)) {
        const auto size = std::filesystem::file_size(path, ec);
        if (ec) return cannot("");
        text.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(size, limit + 1)));
        file.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(file.gcount()));  // shorter if it shrank meanwhile
    } else {
        std::array<char, 64 * 1024> block{};
        while (text.size() <= limit && file.read(block.data(), block.size()).gcount() > 0) {
            text.append(block.data(), static_cast<std::size_t>(file.gcount()));
        }
        if (text.size() > limit + 1) text.resize(limit + 1);
    }
    if (file.bad()) return cannot("");
    return text;
}

std::vector<std::string> ParseCodes(const std::string& text) {
    std::vector<std::string> codes;
    for (const auto& piece : Split(text, ',')) {
        auto code = ToUpper(Trim(piece));
        if (!code.empty()) codes.push_back(code);
    }
    return codes;
}

/// Everything the commands share: their streams and the app's wiring.
struct Runner {
    Wiring& wiring;
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
    int code = 0;

    /// Reports a failed Status; returns its exit code.
    int Fail(const Error& e) {
        std::string message = e.message;
        for (const auto& f : e.fields) message += "; " + f.field + ": " + f.message;
        err << "warden: " << message << "\n";
        return code = ExitCodeFor(e);
    }

    /// Opens the services and runs `fn`, reporting its error.
    template <typename Fn>
    void WithServices(Fn&& fn) {
        auto services = wiring.Open();
        if (!services) {
            Fail(services.error());
            return;
        }
        Status s = fn(**services);
        if (!s) Fail(s.error());
    }
};

domain::Actor CliActor() {
    auto actor = domain::Actor::System();
    actor.source = "cli";
    return actor;
}

// One line a token: id, name, created, expires, last used, status (tab-separated, with a header).
void PrintTokens(std::ostream& out, const std::vector<domain::ApiToken>& tokens, TimePoint now) {
    auto when = [](const std::optional<TimePoint>& t) {
        return t ? FormatRfc3339(*t) : std::string("never");
    };
    out << "id\tname\tcreated\texpires\tlast_used\tstatus\n";
    for (const auto& t : tokens) {
        const char* status = t.revoked_at                             ? "revoked"
                             : (t.expires_at && *t.expires_at <= now) ? "expired"
                                                                      : "active";
        out << t.id << '\t' << t.name << '\t' << FormatRfc3339(t.created_at) << '\t'
            << when(t.expires_at) << '\t' << when(t.last_used_at) << '\t' << status << '\n';
    }
}

}  // namespace

int ExitCodeFor(const Error& error) {
    switch (error.code) {
        case ErrorCode::kInvalidInput:
        case ErrorCode::kTooLarge:
            return 2;
        case ErrorCode::kNotFound:
            return 3;
        case ErrorCode::kConflict:
            return 4;
        case ErrorCode::kForbidden:
        case ErrorCode::kUnauthenticated:
            return 5;
        case ErrorCode::kUnavailable:
            return 6;
        case ErrorCode::kInternal:
            return 1;
    }
    return 1;
}

int RunCli(int argc, const char* const* argv, Wiring& wiring, std::istream& in, std::ostream& out,
           std::ostream& err) {
    Runner run{wiring, in, out, err};
    CLI::App app{"Warden: TMPP security management and local digital demand", "warden"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("warden"));

    auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations");
    migrate->callback([&] {
        auto applied = wiring.Migrate();
        if (!applied) {
            run.Fail(applied.error());
            return;
        }
        if (applied->empty()) out << "database is up to date\n";
        for (const auto& name : *applied) out << "applied " << name << "\n";
    });

    auto* serve = app.add_subcommand("serve", "Run the web service and JSON API");
    serve->callback([&] { run.code = wiring.Serve(); });

    DemoOptions demo_options;
    auto* demo = app.add_subcommand("demo", "Load demo regions, establishments, prisoners, users");
    demo->add_option("--prisoners", demo_options.prisoners, "Prisoners to generate in all")
        ->check(CLI::Range(0, 1000000));
    demo->callback([&] {
        if (wiring.Production()) {
            // The demo would create or re-enable accounts with passwords printed on a terminal.
            run.Fail(Error::Forbidden(
                "warden demo does not run when WARDEN_ENV=production: it creates demo accounts "
                "and data"));
            return;
        }
        if (const char* p = std::getenv("WARDEN_DEMO_PASSWORD")) demo_options.password = p;
        demo_options.public_url = wiring.PublicUrl();
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_ASSIGN_OR_RETURN(auto demo_result, LoadDemo(s, demo_options));
            out << "Demo data loaded. Sign in at " << wiring.PublicUrl() << "/sign-in as:\n";
            for (const auto& l : demo_result.logins) {
                out << "  " << l.username
                    << std::string(12 - std::min<size_t>(11, l.username.size()), ' ') << l.password
                    << "   " << l.roles << (l.caseload.empty() ? "" : "   caseload " + l.caseload)
                    << "\n";
            }
            out << demo_result.summary << "\n";
            return Ok();
        });
    });

    auto* region = app.add_subcommand("region", "Manage regions")->require_subcommand(1);
    domain::Region new_region;
    auto* region_add = region->add_subcommand("add", "Add a region");
    region_add->add_option("CODE", new_region.code, "Region code")->required();
    region_add->add_option("--name", new_region.name, "Name")->required();
    region_add->add_option("--riu-email", new_region.riu_email, "RIU email")->required();
    region_add->callback([&] {
        new_region.code = ToUpper(new_region.code);
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_TRY(s.organisation.AddRegion(CliActor(), new_region));
            out << "region " << new_region.code << " added\n";
            return Ok();
        });
    });

    auto* establishment =
        app.add_subcommand("establishment", "Manage establishments")->require_subcommand(1);
    domain::Establishment new_est;
    auto* est_add = establishment->add_subcommand("add", "Add an establishment");
    est_add->add_option("CODE", new_est.code, "Agency code, e.g. MDI")->required();
    est_add->add_option("--name", new_est.name, "Name")->required();
    est_add->add_option("--region", new_est.region_code, "Region code")->required();
    est_add->add_option("--spoc-email", new_est.spoc_email, "TMPP SPoC email")->required();
    est_add->add_option("--security-email", new_est.security_email, "Security email")->required();
    est_add->callback([&] {
        new_est.code = ToUpper(new_est.code);
        new_est.region_code = ToUpper(new_est.region_code);
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_TRY(s.organisation.AddEstablishment(CliActor(), new_est));
            out << "establishment " << new_est.code << " added\n";
            return Ok();
        });
    });

    auto* user = app.add_subcommand("user", "Manage users")->require_subcommand(1);
    domain::NewUser new_user;
    std::string roles_text, caseload_text;
    auto* user_add = user->add_subcommand("add", "Add a user; the password is read from stdin");
    user_add->add_option("USERNAME", new_user.username, "Username")->required();
    user_add->add_option("--name", new_user.full_name, "Full name")->required();
    user_add->add_option("--email", new_user.email, "Email")->required();
    user_add->add_option("--roles", roles_text, "ROLE[,ROLE...]")->required();
    user_add->add_option("--caseload", caseload_text, "CODE[,CODE...]");
    user_add->callback([&] {
        auto roles = ParseRoles(roles_text);
        if (!roles) {
            run.Fail(roles.error());
            return;
        }
        new_user.roles = *roles;
        new_user.caseload = ParseCodes(caseload_text);
        std::getline(in, new_user.password);
        if (!new_user.password.empty() && new_user.password.back() == '\r') {
            new_user.password.pop_back();
        }
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_ASSIGN_OR_RETURN(auto created, s.users.Create(CliActor(), new_user));
            out << "user " << created.username << " added\n";
            return Ok();
        });
    });

    auto* token = app.add_subcommand("token", "Manage API tokens")->require_subcommand(1);
    std::string token_user, token_name = "cli";
    auto* token_create = token->add_subcommand("create", "Create an API token for a user");
    auto* token_positional = token_create->add_option("USERNAME", token_user, "Username");
    auto* token_flag =
        token_create->add_option("--user", token_user, "Username (alternative form)");
    token_positional->excludes(token_flag);
    token_create->add_option("--name", token_name, "What the token is for");
    int token_days = 0;
    token_create->add_option("--days", token_days,
                             "Days until the token expires (default 90, at most 366)");
    token_create->callback([&] {
        if (token_user.empty()) {
            run.Fail(Error::Invalid("token create needs a USERNAME (or --user USERNAME)"));
            return;
        }
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_ASSIGN_OR_RETURN(
                auto secret, s.auth.CreateToken(CliActor(), token_user, token_name, token_days));
            out << "API token for " << token_user << " (shown once): " << secret << "\n";
            return Ok();
        });
    });
    std::string list_user;
    auto* token_list = token->add_subcommand("list", "List a user's API tokens");
    token_list->add_option("USERNAME", list_user, "Username")->required();
    token_list->callback([&] {
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_ASSIGN_OR_RETURN(auto tokens, s.auth.ListTokens(CliActor(), list_user));
            PrintTokens(out, tokens, s.clock.Now());
            return Ok();
        });
    });
    std::int64_t revoke_id = 0;
    auto* token_revoke = token->add_subcommand("revoke", "Revoke an API token");
    token_revoke->add_option("ID", revoke_id, "Token id (from token list)")->required();
    token_revoke->callback([&] {
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_TRY(s.auth.RevokeToken(CliActor(), revoke_id));
            out << "API token " << revoke_id << " revoked\n";
            return Ok();
        });
    });

    auto* import = app.add_subcommand("import", "Import data")->require_subcommand(1);
    std::string import_file, import_est;
    bool partial = false;
    auto* import_prisoners =
        import->add_subcommand("prisoners", "Import a NOMIS-style prisoner CSV extract");
    import_prisoners->add_option("FILE", import_file, "CSV file")->required();
    import_prisoners->add_option("--establishment", import_est, "Agency code")->required();
    import_prisoners->add_flag("--partial", partial,
                               "The file is not the whole establishment: mark nobody gone");
    import_prisoners->callback([&] {
        // A short-lived process: its parsed rows may ask for huge pages (ADR 0032).
        AllowHugePageAdvice();
        auto csv = ReadUpTo(import_file, domain::PrisonerService::kMaxImportBytes);
        if (!csv.ok()) {
            run.Fail(csv.error());
            return;
        }
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_ASSIGN_OR_RETURN(
                auto result, s.prisoners.Import(CliActor(), ToUpper(import_est), *csv, partial));
            out << web::api::ImportResultJson(result) << "\n";
            return Ok();
        });
    });

    auto* assess = app.add_subcommand(
        "assess", "Run the TMPP risk algorithm over establishments and store the recommendations");
    std::string assess_est;
    bool assess_all = false;
    auto* assess_one = assess->add_option("--establishment", assess_est,
                                          "Agency code, or several separated by commas");
    auto* assess_every =
        assess->add_flag("--all", assess_all, "Every establishment (the whole estate)");
    assess_one->excludes(assess_every);
    assess->callback([&] {
        if (!assess_all && Trim(assess_est).empty()) {
            run.Fail(Error::Invalid("give --establishment CODE or --all"));
            return;
        }
        run.WithServices([&](CliServices& s) -> Status {
            const auto started = std::chrono::steady_clock::now();
            WARDEN_ASSIGN_OR_RETURN(
                auto summary,
                assess_all ? s.access.AssessAll(CliActor())
                           : s.access.AssessEstablishments(CliActor(), ParseCodes(assess_est)));
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count();
            out << "{\"rules_version\":" << JsonString(summary.rules_version)
                << ",\"establishments\":[";
            for (size_t i = 0; i < summary.establishments.size(); ++i) {
                out << (i ? "," : "") << JsonString(summary.establishments[i]);
            }
            out << "],\"assessed\":" << summary.assessed
                << ",\"counts\":{\"GREEN\":" << summary.green << ",\"AMBER\":" << summary.amber
                << ",\"RED\":" << summary.red << "},\"elapsed_ms\":" << ms << "}\n";
            return Ok();
        });
    });

    auto* audit = app.add_subcommand("audit", "The audit log")->require_subcommand(1);
    auto* verify = audit->add_subcommand("verify", "Check the audit log's hash chain");
    const auto need_key = [&]() -> bool {
        if (wiring.AuditKeyAvailable()) return true;
        run.Fail(
            Error::Invalid("the audit log is sealed with a key kept outside the database: set "
                           "WARDEN_AUDIT_KEY or WARDEN_AUDIT_KEY_FILE (docs/operations.md)"));
        return false;
    };
    verify->callback([&] {
        if (!need_key()) return;
        run.WithServices([&](CliServices& s) -> Status {
            domain::AuditVerification v;
            WARDEN_TRY(s.store.Read([&](domain::Repositories& r) -> Status {
                WARDEN_ASSIGN_OR_RETURN(v, r.audit.Verify());
                return Ok();
            }));
            if (v.first_bad_seq) {
                return Error::Conflict("audit log fails verification at entry " +
                                       std::to_string(*v.first_bad_seq) + ": " + v.problem);
            }
            out << "audit log verified: " << v.entries << " entries, chain intact";
            if (v.legacy_entries > 0) {
                out << " (" << v.legacy_entries
                    << " written before the chain was keyed, sealed by a rekey entry)";
            }
            out << "\n";
            return Ok();
        });
    });
    auto* rekey = audit->add_subcommand(
        "rekey", "Seal the entries written before the audit chain was keyed (once, after upgrade)");
    rekey->callback([&] {
        if (!need_key()) return;
        run.WithServices([&](CliServices& s) -> Status {
            Id through = 0;
            WARDEN_TRY(s.store.Write([&](domain::Repositories& r) -> Status {
                domain::AuditEntry anchor;
                anchor.at = s.clock.Now();
                anchor.actor = "system";
                anchor.source = "cli";
                WARDEN_ASSIGN_OR_RETURN(through, r.audit.Rekey(std::move(anchor)));
                return Ok();
            }));
            if (through == 0) {
                out << "nothing to seal: every entry is on the keyed chain\n";
            } else {
                out << "sealed entries 1 to " << through
                    << " (written before the chain was keyed) under the audit key\n";
            }
            return Ok();
        });
    });

    auto* outbox = app.add_subcommand("outbox", "The email outbox")->require_subcommand(1);
    auto* send_test = outbox->add_subcommand(
        "send-test", "Queue a test email to ADDRESS (sent by `warden serve` over WARDEN_SMTP_URL)");
    std::string test_address;
    int test_count = 1;
    send_test->add_option("address", test_address, "Email address")->required();
    send_test->add_option("--count", test_count, "How many test emails (1 to 10000)")
        ->check(CLI::Range(1, 10'000));
    send_test->callback([&] {
        run.WithServices([&](CliServices& s) -> Status {
            WARDEN_ASSIGN_OR_RETURN(auto queued,
                                    s.outbox.SendTest(CliActor(), test_address, test_count));
            out << queued.size() << (queued.size() == 1 ? " test email" : " test emails")
                << " queued for " << test_address << ", first Message-ID "
                << queued.front().message_id << "\n";
            return Ok();
        });
    });

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        out << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp& e) {
        out << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::CallForVersion& e) {
        out << "warden\n";
        return 0;
    } catch (const CLI::ParseError& e) {
        err << "warden: " << e.what() << " (see warden --help)\n";
        return 2;
    }
    return run.code;
}

}  // namespace warden::cli
