#include "app/wiring.hpp"

#include <iostream>

#include "app/background_jobs.hpp"
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

Result<cli::CliServices*> AppWiring::Open() {
    if (services_) return &*services_;
    WARDEN_ASSIGN_OR_RETURN(
        store_, storage::OpenStore(config_.database_url, config_.MigrationsDir(), true));
    auth_.emplace(*store_, hasher_, secrets_, clock_);
    users_.emplace(*store_, hasher_, clock_);
    organisation_.emplace(*store_, clock_);
    prisoners_.emplace(*store_, clock_);
    risk_rules_.emplace(*store_, clock_);
    access_.emplace(*store_, clock_, *risk_rules_, config_.tmpp_decision_days);
    services_.emplace(cli::CliServices{*store_, clock_, *auth_, *users_, *organisation_,
                                       *prisoners_, *access_, secrets_});
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

    domain::QueueService queue(*store_, clock_);
    domain::AuditService audit(*store_);
    domain::HandsetService handsets(*store_, clock_);
    web::Services services{*store_,  clock_,       *auth_, *users_, *organisation_, *prisoners_,
                           *access_, *risk_rules_, queue,  audit,   handsets};
    web::StaticAssets assets(config_.StaticDir());
    web::Metrics metrics;
    web::WebApp app(services, web_config, assets, metrics);

    web::ServerOptions options;
    options.host = config_.listen_host;
    options.port = config_.listen_port;
    options.threads = config_.threads;
    web::HttpServer server(
        options, [&app](web::Request& request) { return app.Handle(request); },
        [&metrics](const web::AccessRecord& record) {
            metrics.Observe(record.request->method, record.request->route, record.status,
                            record.duration);
            web::LogAccess(record);
        });
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
              << ":" << server.port() << "/ (" << store_->Backend() << ")" << std::endl;
    jobs.Start();
    server.Run(true);
    jobs.Stop();
    std::cout << "Warden stopped" << std::endl;
    return 0;
}

}  // namespace warden::app
