// The gateway's non-message routes: health, the replica audit routes and fault control.
#include <cstdio>
#include <ctime>

#include "gateway.h"
#include "slogate/common/log.h"

namespace slogate::refgw {
namespace {

using http::JsonResponse;
using nlohmann::json;

constexpr int kDefaultListLimit = 50;
constexpr int kMaxListLimit = 1000;
constexpr double kDegradedLagSeconds = 10.0;

std::string IsoTime(std::chrono::system_clock::time_point at) {
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(micros % 1000000));
  return text;
}

json StoredEventJson(const store::StoredEvent& stored) {
  const store::Event& event = stored.event;
  json metadata = json::object();
  for (const auto& [key, value] : event.metadata) metadata[key] = value;
  return json{{"event_id", event.event_id},
              {"session_id", event.session_id},
              {"tenant", event.tenant},
              {"persona_id", event.persona_id},
              {"message", event.message},
              {"attachments", event.attachments},
              {"metadata", std::move(metadata)},
              {"accepted_at", IsoTime(event.accepted_at)},
              {"replicated_at", IsoTime(stored.replicated_at)}};
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string QueryIssue(const char* field, const char* type, const char* msg, const json& input) {
  json issue = {
      {"type", type}, {"loc", json::array({"query", field})}, {"msg", msg}, {"input", input}};
  return Dump(json{{"detail", json::array({issue})}});
}

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
    responder->Send(JsonResponse(200, Dump(body)));
  });
}

void Gateway::HandleMemoryGet(std::string event_id, http::Responder responder) {
  worker_->Post([this, event_id = std::move(event_id),
                 responder = std::make_shared<http::Responder>(std::move(responder))] {
    std::optional<store::StoredEvent> stored = store_.Find(event_id);
    if (!stored.has_value()) return responder->Send(JsonResponse(404, R"({"detail":"Not Found"})"));
    responder->Send(JsonResponse(200, Dump(StoredEventJson(*stored))));
  });
}

void Gateway::HandleMemoryList(const std::string& query, http::Responder responder) {
  std::optional<std::string> session_id = http::QueryParam(query, "session_id");
  if (!session_id.has_value()) {
    return responder.Send(
        JsonResponse(422, QueryIssue("session_id", "missing", "Field required", nullptr)));
  }
  int limit = kDefaultListLimit;
  if (std::optional<std::string> text = http::QueryParam(query, "limit")) {
    char* end = nullptr;
    long value = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0') {
      return responder.Send(JsonResponse(
          422, QueryIssue("limit", "int_parsing",
                          "Input should be a valid integer, unable to parse string as an integer",
                          *text)));
    }
    if (value < 1 || value > kMaxListLimit) {
      return responder.Send(JsonResponse(
          422, QueryIssue("limit", "value_error", "limit must be between 1 and 1000", *text)));
    }
    limit = static_cast<int>(value);
  }
  worker_->Post([this, session_id = std::move(*session_id), limit,
                 responder = std::make_shared<http::Responder>(std::move(responder))] {
    json items = json::array();
    for (const store::StoredEvent& stored : store_.ListBySession(session_id, limit)) {
      items.push_back(StoredEventJson(stored));
    }
    json body = {{"session_id", session_id}, {"count", items.size()}, {"items", std::move(items)}};
    responder->Send(JsonResponse(200, Dump(body)));
  });
}

void Gateway::HandleFaults(const http::Request& request, http::Responder responder) {
  if (request.method == "POST") {
    Result<FaultSet> faults = ParseFaultSet(request.body);
    if (!faults.ok())
      return responder.Send(JsonResponse(422, Dump(json{{"detail", faults.error().message}})));
    ApplyFaults(*faults);
  }
  responder.Send(JsonResponse(200, Dump(FaultSetToJson(CurrentFaults()))));
}

void Gateway::ApplyFaults(const FaultSet& faults) {
  request_faults_.store(std::make_shared<RequestFaults>(faults));
  store::StoreFaults& store_faults = store_.faults();
  store_faults.wal_fail_every_k.store(faults.wal_fail_every);
  store_faults.outbox_fail_every_k.store(faults.outbox_fail_every);
  store_faults.poison_every_k.store(faults.dlq_poison_every);
  store_faults.drop_every_k.store(faults.replica_drop_every);
  store_faults.replicator_delay_us.store(faults.replicator_delay.count());
  int64_t stall_until_ns = 0;
  if (faults.replicator_stall.count() > 0) {
    auto until = std::chrono::system_clock::now() + faults.replicator_stall;
    stall_until_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(until.time_since_epoch()).count();
  }
  store_faults.replicator_stall_until_ns.store(stall_until_ns);
  metrics_down_.store(faults.metrics_down);
  replicator_metrics_down_.store(faults.replicator_metrics_down);
  log::Info("refgw: fault set applied: " + Dump(FaultSetToJson(faults)));
}

FaultSet Gateway::CurrentFaults() const { return request_faults_.load()->faults(); }

}  // namespace slogate::refgw
