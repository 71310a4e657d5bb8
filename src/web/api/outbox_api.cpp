// The email outbox over JSON (ADMIN; API.md: GET /api/v1/outbox?state=, POST
// /api/v1/outbox/{id}/retry): the same OutboxService as the outbox page (ADR 0006). A message's
// body is not listed: it can carry personal data, and the operator needs the envelope only.

#include <algorithm>
#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/strings.hpp"
#include "domain/notify/outbox_service.hpp"
#include "web/api/api.hpp"
#include "web/api/json_support.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;
using domain::Action;
using domain::notify::MessageState;
using domain::notify::OutboxMessage;

json::object MessageJson(const OutboxMessage& m) {
    return json::object{{"id", m.id},
                        {"state", domain::notify::StateName(m.state)},
                        {"kind", m.kind},
                        {"reference", OrNull(m.reference)},
                        {"to", Strings(m.to)},
                        {"cc", Strings(m.cc)},
                        {"subject", m.subject},
                        {"message_id", m.message_id},
                        {"created_at", FormatRfc3339(m.created_at)},
                        {"attempts", m.attempts},
                        {"next_attempt_at", FormatRfc3339(m.next_attempt_at)},
                        {"sent_at", TimeOrNull(m.sent_at)},
                        {"last_error", OrNull(m.last_error)}};
}

}  // namespace

void AddOutboxApiRoutes(Router& router, Services& services) {
    Services* s = &services;

    router.Add(
        {"GET", "/api/v1/outbox", Access::kAction, Action::kOutboxManage,
         Api([s](Request& request, Context& context) -> Result<Response> {
             WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
             std::optional<MessageState> only;
             if (const auto state = query.Get("state"); state && !state->empty()) {
                 only = domain::notify::ParseState(*state);
                 if (!only) return BadField("state", "The state must be PENDING, SENT or DEAD");
             }
             WARDEN_ASSIGN_OR_RETURN(int limit,
                                     Limit(query, domain::notify::OutboxService::kMaxLimit));
             WARDEN_ASSIGN_OR_RETURN(auto view, s->outbox.Overview(ActorOf(context), limit));
             // The newest `limit` messages of the state asked for, or of all three: each list
             // holds its state's newest `limit`, so their union holds the newest overall.
             std::vector<const OutboxMessage*> messages;
             for (const auto* list : {&view.pending, &view.sent, &view.dead}) {
                 for (const auto& m : *list) {
                     if (!only || m.state == *only) messages.push_back(&m);
                 }
             }
             std::sort(
                 messages.begin(), messages.end(),
                 [](const OutboxMessage* a, const OutboxMessage* b) { return a->id > b->id; });
             if (messages.size() > static_cast<std::size_t>(limit)) messages.resize(limit);
             json::array items;
             for (const OutboxMessage* m : messages) items.push_back(MessageJson(*m));
             return JsonOk(json::object{{"counts", json::object{{"PENDING", view.counts.pending},
                                                                {"SENT", view.counts.sent},
                                                                {"DEAD", view.counts.dead}}},
                                        {"sending", view.sending},
                                        {"why_not_sending", OrNull(view.why_not_sending)},
                                        {"items", std::move(items)}});
         })});

    router.Add({"POST", "/api/v1/outbox/{id}/retry", Access::kAction, Action::kOutboxManage,
                Api([s](Request& request, Context& context) -> Result<Response> {
                    const Id id = ParseNonNegativeInt(request.params["id"]);
                    if (id <= 0) return Error::NotFound("There is no such email");
                    WARDEN_TRY(s->outbox.Retry(ActorOf(context), id));
                    return JsonOk(json::object{{"id", id}, {"state", "PENDING"}});
                })});
}

}  // namespace warden::web::api
