// The gateway's non-message routes: health, the replica audit routes and fault control.
#include <cstdio>

#include "gateway.h"
#include "query_params.h"
#include "slogate/common/log.h"
#include "stored_event_json.h"

namespace slogate::refgw {
namespace {

using http::JsonResponse;
using nlohmann::json;

constexpr int64_t kDefaultListLimit = 50;
constexpr int64_t kMaxListLimit = 1000;
constexpr double kDegradedLagSeconds = 10.0;

}  // namespace

int64_t Gateway::RefreshDlqGauge() {
  int64_t depth = store_.DlqDepth(options_.dlq_topic);
  metrics_.SetDlqDepth(options_.dlq_topic, static_cast<double>(depth));
  return depth;
}

void Gateway::HandleHealth(http::Responder responder) {
  worker_->Post([this, responder = std::make_shared<http::Responder>(std::move(responder))] {
    int64_t depth = RefreshDlqGauge();
    double lag = store_.ReplicatorLagSeconds().value_or(0.0);
    char lag_text[48];
    std::snprintf(lag_text, sizeof(lag_text), "lag_seconds=%.3f", lag);
    bool lag_ok = lag <= kDegradedLagSeconds;
    json components = {
        {"memory_replicator", {{"status", lag_ok ? "ok" : "degraded"}, {"detail", lag_text}}},
        {"memory_dlq",
         {{"status", depth == 0 ? "ok" : "degraded"},
          {"detail", "depth=" + std::to_string(depth)}}},
    };
    json body = {{"status", lag_ok && depth == 0 ? "ok" : "degraded"},
                 {"components", std::move(components)}};
    responder->Send(JsonResponse(200, DumpJson(body)));
  });
}

void Gateway::HandleMemoryGet(std::string event_id, http::Responder responder) {
  worker_->Post([this, event_id = std::move(event_id),
                 responder = std::make_shared<http::Responder>(std::move(responder))] {
    std::optional<store::StoredEvent> stored = store_.Find(event_id);
    if (!stored.has_value()) return responder->Send(JsonResponse(404, R"({"detail":"Not Found"})"));
    responder->Send(JsonResponse(200, DumpJson(StoredEventJson(*stored))));
  });
}

void Gateway::HandleMemoryList(const std::string& query, http::Responder responder) {
  std::optional<std::string> session_id = http::QueryParam(query, "session_id");
  if (!session_id.has_value()) {
    return responder.Send(QueryIssue("session_id", "missing", "Field required", nullptr));
  }
  int64_t limit = kDefaultListLimit;
  if (std::optional<http::Response> bad = ReadIntParam(query, "limit", 1, kMaxListLimit, &limit))
    return responder.Send(std::move(*bad));
  worker_->Post([this, session_id = std::move(*session_id), limit,
                 responder = std::make_shared<http::Responder>(std::move(responder))] {
    json items = json::array();
    for (const store::StoredEvent& stored :
         store_.ListBySession(session_id, static_cast<int>(limit))) {
      items.push_back(StoredEventJson(stored));
    }
    json body = {{"session_id", session_id}, {"count", items.size()}, {"items", std::move(items)}};
    responder->Send(JsonResponse(200, DumpJson(body)));
  });
}

void Gateway::HandleFaults(const http::Request& request, http::Responder responder) {
  if (request.method == "POST") {
    Result<FaultSet> faults = ParseFaultSet(request.body);
    Status fits = faults.ok() ? CheckFaultsFit(*faults, store_.replicator_count()) : Status::Ok();
    if (!faults.ok() || !fits.ok()) {
      // 400, not the message routes' FastAPI 422: this is the gateway's own control document,
      // and the reason names the key, its range and the value given. The set stays as it was.
      const std::string& reason = faults.ok() ? fits.error().message : faults.error().message;
      return responder.Send(JsonResponse(400, DumpJson(json{{"detail", reason}})));
    }
    ApplyFaults(*faults);
  }
  responder.Send(JsonResponse(200, DumpJson(FaultSetToJson(CurrentFaults()))));
}

void Gateway::ApplyFaults(const FaultSet& faults) {
  request_faults_.store(std::make_shared<RequestFaults>(faults));
  store::StoreFaults& store_faults = store_.faults();
  store_faults.wal_fail_every_k.store(faults.wal_fail_every);
  store_faults.outbox_fail_every_k.store(faults.outbox_fail_every);
  store_faults.poison_every_k.store(faults.dlq_poison_every);
  store_faults.drop_every_k.store(faults.replica_drop_every);
  // The store-wide replicator fields are for direct store users; the gateway sets each
  // replicator's own, so that "only" can pick one.
  store_faults.replicator_delay_us.store(0);
  store_faults.replicator_stall_until_ns.store(0);
  int64_t stall_until_ns = 0;
  if (faults.replicator_stall.count() > 0) {
    auto until = std::chrono::system_clock::now() + faults.replicator_stall;
    stall_until_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(until.time_since_epoch()).count();
  }
  for (size_t i = 0; i < store_.replicator_count(); ++i) {
    const bool hit = ReplicatorFaultsApply(faults, i);
    store::ReplicatorFaults& replicator = store_faults.replicators[i];
    replicator.delay_us.store(hit ? faults.replicator_delay.count() : 0);
    replicator.stall_until_ns.store(hit ? stall_until_ns : 0);
    replicator.hold_us.store(
        hit ? std::chrono::duration_cast<std::chrono::microseconds>(faults.replicator_hold).count()
            : 0);
    replicator.stopped.store(hit && faults.replicator_stop);
    store_.SetLagGauge(i, hit ? faults.lag_gauge.value_or(store::LagGaugeFault{})
                              : store::LagGaugeFault{});
  }
  metrics_down_.store(faults.metrics_down);
  replicator_metrics_down_.store(faults.replicator_metrics_down);
  log::Info("refgw: fault set applied: " + DumpJson(FaultSetToJson(faults)));
}

FaultSet Gateway::CurrentFaults() const { return request_faults_.load()->faults(); }

}  // namespace slogate::refgw
