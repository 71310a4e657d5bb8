#include "app/wiring.hpp"

#include <filesystem>
#include <iostream>
#include <thread>

#include "app/background_jobs.hpp"
#include "app/outbox_job.hpp"
#include "domain/jobs/jobs.hpp"
#include "storage/store_factory.hpp"
#include "web/access_log.hpp"
#include "web/app.hpp"
#include "web/log.hpp"
#include "web/metrics.hpp"
#include "web/server/http_server.hpp"
#include "web/static_assets.hpp"

#ifndef WARDEN_VERSION
#define WARDEN_VERSION "0.0.0"
#endif
#ifndef WARDEN_COMMIT
#define WARDEN_COMMIT "unknown"
#endif

namespace warden::app {

AppWiring::AppWiring(Config config) : config_(std::move(config)) {}
AppWiring::~AppWiring() = default;

bool AppWiring::AuditKeyAvailable() const {
    std::error_code ec;
    return !config_.audit_key.empty() || std::filesystem::exists(kDevAuditKeyFile, ec);
}

Result<std::shared_ptr<const domain::AuditSeal>> AppWiring::AuditSealToUse() {
    std::string key = config_.audit_key;
    if (key.empty()) {
        if (config_.production) {
            return Error::Invalid(
                "WARDEN_AUDIT_KEY or WARDEN_AUDIT_KEY_FILE must be set when "
                "WARDEN_ENV=production");
        }
        WARDEN_ASSIGN_OR_RETURN(key, LoadOrCreateDevAuditKey(kDevAuditKeyFile, [this] {
                                    return secrets_.RandomToken(32);
                                }));
        std::cerr << "warden: warning: WARDEN_AUDIT_KEY is not set: the audit chain is sealed "
                     "with the development key in "
                  << kDevAuditKeyFile << " (never do this in production)\n";
    }
    return std::shared_ptr<const domain::AuditSeal>(
        std::make_shared<crypto::HmacAuditSeal>(std::move(key)));
}

Result<cli::CliServices*> AppWiring::Open() {
    if (services_) return &*services_;
    WARDEN_ASSIGN_OR_RETURN(auto seal, AuditSealToUse());
    WARDEN_ASSIGN_OR_RETURN(
        store_, storage::OpenStore(config_.database_url, config_.MigrationsDir(), true, seal));
    domain::AuthPolicy policy;
    policy.session_idle = std::chrono::minutes(config_.session_idle_minutes);
    auth_.emplace(*store_, hasher_, secrets_, clock_, policy);
    users_.emplace(*store_, hasher_, clock_);
    organisation_.emplace(*store_, clock_);
    prisoners_.emplace(*store_, clock_);
    risk_rules_.emplace(*store_, clock_);
    access_.emplace(*store_, clock_, *risk_rules_, config_.tmpp_decision_days);
    outbox_.emplace(*store_, clock_, OutboxWaitReason(config_));
    services_.emplace(cli::CliServices{*store_, clock_, *auth_, *users_, *organisation_,
                                       *prisoners_, *access_, secrets_, *outbox_});
    return &*services_;
}

Result<std::vector<std::string>> AppWiring::Migrate() {
    return storage::Migrate(config_.database_url, config_.MigrationsDir());
}

int AppWiring::Serve() {
    web::UseJsonLogs();
    auto opened = Open();
    if (!opened) {
        std::cerr << "warden: " << opened.error().message << "\n";
        return cli::ExitCodeFor(opened.error());
    }
    web::WebConfig web_config;
    web_config.public_url = config_.public_url;
    web_config.secure_cookies = config_.SecureCookies();
    web_config.version = WARDEN_VERSION;
    web_config.commit = WARDEN_COMMIT;
    web_config.static_dir = config_.StaticDir();
    web_config.template_dir = config_.TemplatesDir();
    web_config.trusted_proxies = config_.trusted_proxies;
    web_config.signin_attempts_per_minute = config_.signin_attempts_per_minute;

    domain::QueueService queue(*store_, clock_);
    domain::AuditService audit(*store_);
    domain::ProposalService proposals(*store_, clock_, config_.spend_control_pence);
    domain::HandsetService handsets(*store_, clock_);
    domain::ReviewService reviews(*store_, clock_, proposals,
                                  std::chrono::weekday{config_.review_day}, config_.public_url);
    domain::IncidentService incidents(*store_, clock_, config_.public_url,
                                      config_.monitoring_email);
    domain::CatalogueService catalogue(*store_, clock_);
    domain::StocktakeService stocktakes(*store_, clock_);
    domain::MonitoringService monitoring(*store_, clock_);
    web::Services services{*store_,     clock_,     *auth_,       *users_, *organisation_,
                           *prisoners_, *access_,   *risk_rules_, queue,   audit,
                           *outbox_,    proposals,  handsets,     reviews, incidents,
                           catalogue,   stocktakes, monitoring};
    web::StaticAssets assets(config_.StaticDir());
    web::Metrics metrics;
    web::WebApp app(services, web_config, assets, metrics);

    web::ServerOptions options;
    options.host = config_.listen_host;
    options.port = config_.listen_port;
    options.threads = config_.IoThreads(std::thread::hardware_concurrency());
    options.max_connections = static_cast<std::size_t>(config_.max_connections);
    web::HttpServer server(
        options, [&app](web::Request& request) { return app.Handle(request); },
        [&metrics](const web::AccessRecord& record) {
            metrics.Observe(record.request->method, record.request->route, record.status,
                            record.duration);
            web::LogAccess(record);
        },
        [&app](const web::Request& request) { return web::Admission{app.AdmitsUpload(request)}; });
    // Background jobs (ADR 0004), each added in one line.
    auto claims = storage::OpenJobClaims(config_.database_url);
    if (!claims) {
        std::cerr << "warden: " << claims.error().message << "\n";
        return cli::ExitCodeFor(claims.error());
    }
    BackgroundJobs jobs(std::move(claims).value(), clock_,
                        std::chrono::seconds{config_.job_tick_seconds});
    jobs.Add({domain::kDeleteExpiredSessionsJob, domain::kDeleteExpiredSessionsPeriod,
              [this] { return domain::DeleteExpiredSessions(*store_, clock_); }});
    jobs.Add({domain::kExpireDecisionsJob, domain::kExpireDecisionsPeriod,
              [this] { return domain::ExpireDecisions(*access_); }});
    jobs.Add({domain::kMergeSearchIndexesJob, domain::kMergeSearchIndexesPeriod,
              [this] { return domain::MergeSearchIndexes(*store_); }});
    OutboxJob outbox_job(config_, *store_, clock_, jobs);  // ADR 0006: only with WARDEN_SMTP_URL
    if (auto configured = jobs.Configure(config_.job_periods); !configured.ok()) {
        std::cerr << "warden: " << configured.error().message << "\n";
        return cli::ExitCodeFor(configured.error());
    }

    try {
        server.Listen();
    } catch (const std::exception& e) {
        std::cerr << "warden: cannot listen on " << config_.listen_host << ":"
                  << config_.listen_port << ": " << e.what() << "\n";
        return 1;
    }
    std::cout << "Warden " << WARDEN_VERSION << " listening on http://" << config_.listen_host
              << ":" << server.port() << "/ (" << store_->Backend() << ", " << options.threads
              << " io threads)" << std::endl;
    jobs.Start();
    server.Run(true);
    jobs.Stop();
    std::cout << "Warden stopped" << std::endl;
    return 0;
}

}  // namespace warden::app
