// Worker's libcurl side: handle setup, the socket/timer callbacks that bridge libcurl to epoll,
// and the response body sink.
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <span>
#include <string>

#include "slogate/common/log.h"
#include "worker.h"

namespace slogate::load {
namespace {

// Response bytes kept per request: enough for the gateway's {"session_id", "event_id"} and
// error details; a larger body is read to the end but not kept.
constexpr size_t kKeptResponseBytes = 16 * 1024;

Error CurlSetupError(std::string_view what, CURLcode code) {
  return MakeError("curl_setup", std::string(what) + ": " + curl_easy_strerror(code));
}

long Milliseconds(std::chrono::nanoseconds value) {
  return static_cast<long>(
      std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(value).count()));
}

}  // namespace

Worker::Worker(const WorkerConfig& config)
    : config_(config),
      cursor_(config.schedule->Cursor(config.first_arrival, config.stride)),
      ok_statuses_(config.options->ok_statuses),
      uuids_(config.seed),
      windows_({}, config.options->latency_mark) {}

Worker::~Worker() {
  for (Slot& slot : slots_) {
    if (slot.easy == nullptr) continue;
    if (multi_ != nullptr) curl_multi_remove_handle(multi_, slot.easy);
    curl_easy_cleanup(slot.easy);
  }
  if (multi_ != nullptr) curl_multi_cleanup(multi_);
  if (headers_ != nullptr) curl_slist_free_all(headers_);
}

Status Worker::Setup() {
  if (Status status = epoll_.Open(); !status) return status;
  multi_ = curl_multi_init();
  if (multi_ == nullptr) return MakeError("curl_setup", "curl_multi_init failed");
  const long slots = config_.max_in_flight;
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Worker::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Worker::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  // Keep one connection per slot open between requests (keep-alive), never more.
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, slots);
  const bool http2 = config_.options->http_version == HttpVersion::kHttp2;
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, http2 ? CURLPIPE_MULTIPLEX : CURLPIPE_NOTHING);
  if (!http2) curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, slots);

  for (const std::string& header : config_.request->headers) {
    curl_slist* appended = curl_slist_append(headers_, header.c_str());
    if (appended == nullptr) return MakeError("curl_setup", "curl_slist_append failed");
    headers_ = appended;
  }
  slot_limit_ = static_cast<size_t>(slots);
  // The first slot now, so a URL libcurl refuses is a set-up error rather than a failed send.
  slots_.emplace_back();
  if (Status status = SetupEasy(slots_.back()); !status) return status;
  free_slots_.push_back(&slots_.back());
  return Status::Ok();
}

Worker::Slot* Worker::TakeSlot() {
  if (!free_slots_.empty()) {
    Slot* slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  if (slots_.size() >= slot_limit_) return nullptr;
  slots_.emplace_back();
  if (Status status = SetupEasy(slots_.back()); !status) {
    // Out of memory or handles mid-run: keep going with the slots there are.
    log::Warn("load: no more than " + std::to_string(slots_.size() - 1) +
              " requests in flight on this thread: " + status.error().message);
    if (slots_.back().easy != nullptr) curl_easy_cleanup(slots_.back().easy);
    slots_.pop_back();
    slot_limit_ = slots_.size();
    return nullptr;
  }
  return &slots_.back();
}

Status Worker::SetupEasy(Slot& slot) {
  slot.easy = curl_easy_init();
  if (slot.easy == nullptr) return MakeError("curl_setup", "curl_easy_init failed");
  slot.request = config_.request;
  const LoadOptions& options = *config_.options;
  const PreparedRequest& request = *config_.request;
  CURL* easy = slot.easy;
  CURLcode code = curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  if (code != CURLE_OK) return CurlSetupError("target URL", code);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &slot);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, slot.error_detail.data());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
  // A load test measures the target, not a proxy from the environment; this also spares
  // libcurl its per-request proxy variable lookups.
  curl_easy_setopt(easy, CURLOPT_PROXY, "");
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &Worker::OnCloseSocket);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Worker::OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &slot);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers_);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, Milliseconds(options.request_timeout));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, Milliseconds(options.request_timeout));
  if (request.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (request.method != "POST") {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (request.has_body || request.method == "POST") SetupBody(slot);
  if (options.http_version == HttpVersion::kHttp2) {
    const bool tls = request.url.rfind("https://", 0) == 0;
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                     tls ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  }
  const TlsOptions& tls = options.tls;
  if (!tls.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, tls.ca_file.c_str());
  if (!tls.cert_file.empty()) curl_easy_setopt(easy, CURLOPT_SSLCERT, tls.cert_file.c_str());
  if (!tls.key_file.empty()) curl_easy_setopt(easy, CURLOPT_SSLKEY, tls.key_file.c_str());
  if (tls.insecure) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  return Status::Ok();
}

void Worker::SetupBody(Slot& slot) {
  const PreparedRequest& request = *config_.request;
  CURL* easy = slot.easy;
  const auto size = static_cast<curl_off_t>(request.body.size());
  if (StreamsBody(request)) {
    // One template for every slot: libcurl pulls the bytes through OnUpload, and rewinds
    // through OnUploadSeek when it resends on a fresh connection.
    slot.fresh_ids.resize(request.uuid_offsets.size() * static_cast<size_t>(kUuidTextLength));
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, size);
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, &Worker::OnUpload);
    curl_easy_setopt(easy, CURLOPT_READDATA, &slot);
    curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, &Worker::OnUploadSeek);
    curl_easy_setopt(easy, CURLOPT_SEEKDATA, &slot);
    return;
  }
  // libcurl keeps the pointer: the slot's body is rewritten in place before each send.
  slot.body = request.body;
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, slot.body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, size);
}

// libcurl tells us which sockets to watch; EpollSet mirrors that into epoll lazily.
int Worker::OnSocket(CURL* /*easy*/, curl_socket_t socket, int what, void* self,
                     void* /*socket_data*/) {
  auto* worker = static_cast<Worker*>(self);
  if (what == CURL_POLL_REMOVE) {
    worker->epoll_.Unwatch(socket);
    return 0;
  }
  uint32_t events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= EPOLLOUT;
  worker->epoll_.Watch(socket, events);
  return 0;
}

int Worker::OnCloseSocket(void* self, curl_socket_t socket) {
  static_cast<Worker*>(self)->epoll_.Forget(socket);
  return close(socket);
}

int Worker::OnTimer(CURLM* /*multi*/, long timeout_ms, void* self) {
  auto* worker = static_cast<Worker*>(self);
  worker->curl_deadline_ = timeout_ms < 0 ? Clock::time_point::max()
                                          : Clock::now() + std::chrono::milliseconds(timeout_ms);
  return 0;
}

size_t Worker::OnBody(char* data, size_t size, size_t count, void* slot_pointer) {
  auto* slot = static_cast<Slot*>(slot_pointer);
  const size_t bytes = size * count;
  const size_t room = kKeptResponseBytes - std::min(kKeptResponseBytes, slot->response.size());
  slot->response.append(data, std::min(bytes, room));
  return bytes;
}

size_t Worker::OnUpload(char* buffer, size_t size, size_t count, void* slot_pointer) {
  auto* slot = static_cast<Slot*>(slot_pointer);
  const size_t copied = CopyBodyPart(*slot->request, slot->fresh_ids, slot->upload_position,
                                     std::span<char>(buffer, size * count));
  slot->upload_position += copied;
  return copied;
}

int Worker::OnUploadSeek(void* slot_pointer, curl_off_t offset, int origin) {
  auto* slot = static_cast<Slot*>(slot_pointer);
  if (origin != SEEK_SET || offset < 0) return CURL_SEEKFUNC_CANTSEEK;
  slot->upload_position = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

}  // namespace slogate::load
