#include "gateway.h"

#include <stdexcept>
#include <utility>

#include "message_request.h"
#include "slogate/common/log.h"
#include "uuid.h"

namespace slogate::refgw {
namespace {

using http::JsonResponse;
using http::Response;

Response Detail(int status, std::string_view detail) {
  nlohmann::json body = {{"detail", detail}};
  return JsonResponse(status, body.dump());
}

std::string_view InjectedErrorDetail(int status) {
  switch (status) {
    case 401:
      return "Invalid token";
    case 403:
      return "Forbidden";
    case 429:
      return "Too Many Requests";
    case 502:
      return "Unable to enqueue message";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

// The stored form of an accepted message, with the upstream's defaults: a fresh event id, the
// session kept only when it is a UUID, persona from X-Persona-Id when the body has none, and
// the tenant from the body, else the token, else "public".
store::Event BuildEvent(MessageRequest message, const http::Request& request,
                        const std::optional<std::string>& claim_tenant) {
  store::Event event;
  event.event_id = NewUuid4();
  std::optional<std::string> session =
      message.session_id ? NormalizeUuid(*message.session_id) : std::nullopt;
  event.session_id = session.value_or(NewUuid4());
  const std::string* persona_header = request.FindHeader("x-persona-id");
  event.persona_id = message.persona_id.value_or(persona_header ? *persona_header : "");
  event.tenant = message.MetadataTenant().value_or(claim_tenant.value_or("public"));
  event.message = std::move(message.message);
  event.attachments = std::move(message.attachments);
  event.metadata = std::move(message.metadata);
  event.accepted_at = std::chrono::system_clock::now();
  return event;
}

std::string_view WalResult(store::WriteOutcome outcome) {
  return outcome == store::WriteOutcome::kWal ? "ok" : "error";
}

constexpr std::string_view kMemoryPath = "/v1/admin/memory";
constexpr std::string_view kMemoryPrefix = "/v1/admin/memory/";
constexpr std::string_view kExportPath = "/v1/memory/export";
constexpr std::string_view kDlqPrefix = "/v1/admin/dlq/";

}  // namespace

Gateway::Gateway(const GatewayOptions& options, store::Store& store, GatewayMetrics& metrics,
                 std::optional<TokenVerifier> verifier)
    : options_(options),
      store_(store),
      metrics_(metrics),
      verifier_(std::move(verifier)),
      admin_limit_(options.admin_rps),
      request_faults_(std::make_shared<RequestFaults>(FaultSet{})),
      worker_(std::make_unique<Worker>(
          std::chrono::duration_cast<std::chrono::milliseconds>(options.dlq_poll),
          [this] { RefreshDlqGauge(); })) {
  if (options.AuthRequired() && !verifier_.has_value()) {
    throw std::invalid_argument("authentication is required but no token verifier was given");
  }
  if (options.write_through && options.write_through_async) {
    // A queue and a thread, nothing periodic: the tick is empty.
    write_through_recorder_ = std::make_unique<Worker>(std::chrono::hours(24), nullptr);
  }
}

std::vector<http::Header> Gateway::ResponseHeaders() {
  return {{"X-API-Version", "v1"},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"}};
}

void Gateway::Handle(http::Request request, http::Responder responder) {
  const std::string& path = request.path;
  const bool get = request.method == "GET";
  const bool post = request.method == "POST";
  if (path == "/v1/session/message" || path == "/v1/sessions/message") {
    if (!post) return responder.Send(Detail(405, "Method Not Allowed"));
    return HandleMessage(std::move(request), std::move(responder));
  }
  if (path == "/v1/health" || path == "/health" || path == "/healthz") {
    if (!get) return responder.Send(Detail(405, "Method Not Allowed"));
    return HandleHealth(std::move(responder));
  }
  if (path == kMemoryPath || path.rfind(kMemoryPrefix, 0) == 0 || path == kExportPath ||
      path.rfind(kDlqPrefix, 0) == 0) {
    if (!get) return responder.Send(Detail(405, "Method Not Allowed"));
    return HandleReplicaRoute(request, std::move(responder));
  }
  if (path == "/v1/admin/faults") {
    if (!get && !post) return responder.Send(Detail(405, "Method Not Allowed"));
    return HandleFaults(request, std::move(responder));
  }
  if (path == "/v1/admin/metrics/reset") {
    if (!post) return responder.Send(Detail(405, "Method Not Allowed"));
    metrics_.Reset();
    log::Info("refgw: gateway metrics reset (counter-reset fault)");
    return responder.Send(JsonResponse(200, R"({"reset":true})"));
  }
  responder.Send(Detail(404, "Not Found"));
}

std::optional<Response> Gateway::Authenticate(const http::Request& request,
                                              std::optional<std::string>* tenant) const {
  if (!options_.AuthRequired()) return std::nullopt;
  // Authorization is a singleton field (RFC 9110 section 11.6.2): of two, a proxy in front and
  // this gateway might each read a different one, so two are refused, not first-one-wins.
  size_t authorizations = 0;
  for (const http::Header& header : request.headers) {
    if (http::EqualsNoCase(header.name, "authorization")) ++authorizations;
  }
  if (authorizations > 1) return Detail(401, "Invalid Authorization header");
  Result<BearerToken> bearer = ParseAuthorization(request.FindHeader("authorization"));
  if (!bearer.ok()) return Detail(401, bearer.error().message);
  Result<nlohmann::json> claims =
      verifier_->Verify(bearer->token, std::chrono::system_clock::now());
  if (!claims.ok()) {
    // The reason, never the token: the verifier's messages never quote it.
    log::Debug("refgw: rejected a token (" + claims.error().code + "): " + claims.error().message);
    return Detail(401, "Invalid token");
  }
  *tenant = TenantFromClaims(*claims);
  return std::nullopt;
}

void Gateway::HandleReplicaRoute(const http::Request& request, http::Responder responder) {
  std::optional<std::string> tenant;
  if (std::optional<Response> denied = Authenticate(request, &tenant))
    return responder.Send(std::move(*denied));
  const std::string& path = request.path;
  // The per-event audit route is exempt: the suite's zero-loss audit calls it back to back
  // from several connections, and a 429 there would read as a lost write.
  if (path.rfind(kMemoryPrefix, 0) == 0)
    return HandleMemoryGet(path.substr(kMemoryPrefix.size()), std::move(responder));
  if (std::optional<std::chrono::seconds> wait =
          admin_limit_.TryAcquire(std::chrono::steady_clock::now())) {
    Response limited = Detail(429, "Too Many Requests");
    limited.headers.push_back({"Retry-After", std::to_string(wait->count())});
    return responder.Send(std::move(limited));
  }
  if (path == kMemoryPath) return HandleMemoryList(request.query, std::move(responder));
  if (path == kExportPath) return HandleExport(request.query, std::move(responder));
  HandleDlq(http::DecodePathSegment(std::string_view(path).substr(kDlqPrefix.size())),
            request.query, std::move(responder));
}

void Gateway::HandleMessage(http::Request request, http::Responder responder) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<std::string> claim_tenant;
  if (std::optional<Response> denied = Authenticate(request, &claim_tenant)) {
    return responder.Send(std::move(*denied));
  }
  const std::string* content_type = request.FindHeader("content-type");
  auto parsed = ParseMessageRequest(
      content_type ? std::optional<std::string_view>(*content_type) : std::nullopt, request.body);
  if (auto* issues = std::get_if<std::vector<ValidationIssue>>(&parsed)) {
    return responder.Send(JsonResponse(422, ValidationErrorBody(*issues)));
  }
  MessageRequest& message = std::get<MessageRequest>(parsed);

  std::shared_ptr<RequestFaults> faults = request_faults_.load();
  std::chrono::microseconds added_latency =
      faults->NextLatency().value_or(std::chrono::microseconds(0));
  if (std::optional<int> status = faults->NextErrorStatus()) {
    metrics_.ObserveRequest(request.path, *status,
                            std::chrono::steady_clock::now() - started + added_latency);
    return responder.SendAfter(added_latency, Detail(*status, InjectedErrorDetail(*status)));
  }

  store::Event event = BuildEvent(std::move(message), request, claim_tenant);
  const bool write_through = options_.write_through;
  auto answer = std::make_shared<PendingAnswer>(PendingAnswer{
      .responder = std::move(responder),
      .started = started,
      .added_latency = added_latency,
      .path = request.path,
      .record_now = write_through && write_through_recorder_ == nullptr,
      // With GATEWAY_WRITE_THROUGH_ASYNC the attempt is counted with its results, after the
      // answer.
      .record_later = write_through && write_through_recorder_ != nullptr,
      .result_override = write_through ? faults->NextWriteThroughResult() : std::nullopt,
      .session_id = event.session_id,
      .event_id = event.event_id,
      .id_fault = std::nullopt,
      .track_ids = faults->faults().event_id.has_value()});
  const EventIdFault* id_fault = faults->NextEventIdFault();
  if (id_fault != nullptr) answer->id_fault = id_fault->mode;
  if (answer->record_now) metrics_.RecordAttempt();
  if (id_fault != nullptr && !id_fault->store) {
    // The gateway claims a durable write it never made: an acknowledged write that is lost.
    return Answer(*answer, store::WriteOutcome::kWal);
  }
  store_.AppendAsync(std::move(event),
                     [this, answer](store::WriteOutcome outcome) { Answer(*answer, outcome); });
}

std::string Gateway::AcknowledgedBody(const PendingAnswer& answer) {
  std::string_view answered = answer.event_id;
  std::unique_lock<std::mutex> lock;
  if (answer.track_ids) {
    lock = std::unique_lock(answered_mutex_);
    if (answer.id_fault == EventIdFault::Mode::kOmit) {
      return R"({"session_id":")" + answer.session_id + "\"}";
    }
    if (answer.id_fault == EventIdFault::Mode::kRepeat && !last_answered_event_id_.empty()) {
      answered = last_answered_event_id_;
    } else {
      last_answered_event_id_ = answer.event_id;
    }
  }
  // Both ids are UUIDs the gateway made: nothing to escape.
  return R"({"session_id":")" + answer.session_id + R"(","event_id":")" + std::string(answered) +
         "\"}";
}

void Gateway::Answer(PendingAnswer& answer, store::WriteOutcome outcome) {
  if (answer.record_now) RecordWriteThrough(outcome, answer.result_override);
  Response response = outcome != store::WriteOutcome::kFailed
                          ? JsonResponse(200, AcknowledgedBody(answer))
                          : Detail(502, "Unable to enqueue message");
  metrics_.ObserveRequest(answer.path, response.status,
                          std::chrono::steady_clock::now() - answer.started + answer.added_latency);
  answer.responder.SendAfter(answer.added_latency, std::move(response));
  if (answer.record_later) {
    // Like the upstream's background task: the counters move once the answer is on its way,
    // on another thread, so a scrape can see them lag the 200s.
    write_through_recorder_->Post(
        [this, outcome, result_override = std::move(answer.result_override)] {
          metrics_.RecordAttempt();
          RecordWriteThrough(outcome, result_override);
        });
  }
}

void Gateway::RecordWriteThrough(store::WriteOutcome outcome,
                                 const std::optional<std::string>& result_override) {
  const bool stored = outcome != store::WriteOutcome::kFailed;
  metrics_.RecordResult(stored ? result_override.value_or("ok") : "server_error");
  metrics_.RecordWalResult(WalResult(outcome));
}

}  // namespace slogate::refgw
