#include "domain/audit/audit_service.hpp"

#include "domain/policy/policy.hpp"

namespace warden::domain {

AuditService::AuditService(Store& store) : store_(store) {}

Result<std::vector<AuditEntry>> AuditService::List(const Actor& by, const std::string& subject,
                                                   int limit, Id before_seq) {
    WARDEN_TRY(Require(by, Action::kAuditRead));
    if (limit < 1 || limit > kMaxLimit) {
        return Error::Invalid(
            "Limit must be between 1 and " + std::to_string(kMaxLimit),
            {{"limit", "Limit must be between 1 and " + std::to_string(kMaxLimit)}});
    }
    if (before_seq < 0) {
        return Error::Invalid("Cursor is not valid", {{"cursor", "Cursor is not valid"}});
    }
    AuditQuery query;
    query.subject = subject;
    query.limit = limit;
    query.before_seq = before_seq;
    query.any_of = !by.system && !Allowed(by, Action::kAuditReadEstate);
    if (query.any_of) {
        if (Allowed(by, Action::kAuditReadAdministration)) {
            query.action_prefixes = AdministrationAuditActions();
        }
        if (Allowed(by, Action::kAuditReadCaseload)) {
            query.establishments = Scope::Of(by.caseload);
        } else {
            query.establishments = Scope::Of({});
        }
    }
    std::vector<AuditEntry> entries;
    Status status = store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(entries, repos.audit.Find(query));
        return Ok();
    });
    if (!status) return std::move(status).error();
    for (auto& e : entries) e.detail = AuditDetailCodes(e.detail);
    return entries;
}

}  // namespace warden::domain
