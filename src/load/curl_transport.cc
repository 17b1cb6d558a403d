#include "curl_transport.h"

#include <algorithm>
#include <cstdio>
#include <span>
#include <string>

#include "http1_response.h"

namespace slogate::load {

CurlTransport::CurlTransport(const LoadOptions& options, const PreparedRequest& request)
    : options_(options), request_(request) {}

CurlTransport::~CurlTransport() {
  for (Slot& slot : slots_) {
    if (slot.easy == nullptr) continue;
    if (loop_.multi() != nullptr) curl_multi_remove_handle(loop_.multi(), slot.easy);
    curl_easy_cleanup(slot.easy);
  }
  if (headers_ != nullptr) curl_slist_free_all(headers_);
}

Status CurlTransport::Open(size_t max_slots) {
  const bool http2 = options_.http_version == HttpVersion::kHttp2;
  if (Status status = loop_.Open(static_cast<long>(max_slots), http2); !status) return status;
  for (const std::string& header : request_.headers) {
    curl_slist* appended = curl_slist_append(headers_, header.c_str());
    if (appended == nullptr) return MakeError("curl_setup", "curl_slist_append failed");
    headers_ = appended;
  }
  return Status::Ok();
}

Status CurlTransport::AddSlot(size_t slot) {
  slots_.emplace_back();
  slots_.back().number = slot;
  if (Status status = SetupEasy(slots_.back()); !status) {
    if (slots_.back().easy != nullptr) curl_easy_cleanup(slots_.back().easy);
    slots_.pop_back();
    return status;
  }
  return Status::Ok();
}

void CurlTransport::Send(size_t number, UuidGenerator& uuids) {
  Slot& slot = slots_[number];
  if (StreamsBody(request_)) {
    for (size_t at = 0; at < slot.fresh_ids.size(); at += static_cast<size_t>(kUuidTextLength)) {
      uuids.Write(slot.fresh_ids.data() + at);
    }
    slot.upload_position = 0;
  } else {
    for (size_t offset : request_.uuid_offsets) uuids.Write(slot.body.data() + offset);
  }
  slot.response.clear();
  // libcurl only schedules the transfer here (its timer fires at once); the request goes out
  // on the next socket action, a few microseconds later.
  curl_multi_add_handle(loop_.multi(), slot.easy);
}

void CurlTransport::Wait(Clock::time_point wakeup, std::vector<Completion>& finished) {
  loop_.Wait(wakeup, [](uint32_t, uint32_t) {});
  Reap(finished);
}

void CurlTransport::Reap(std::vector<Completion>& finished) {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(loop_.multi(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;
    Slot* slot = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &slot);
    Completion completion;
    completion.slot = slot->number;
    completion.done = Clock::now();
    // Read the status before removing the handle; the message is invalid after removal.
    if (code == CURLE_OK) {
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &completion.status);
      completion.body = slot->response;
    } else {
      completion.failure = CategoryOfCurlCode(code);
      slot->detail = std::string(curl_easy_strerror(code)) + " (" + slot->error_detail.data() + ")";
      completion.detail = slot->detail;
    }
    curl_multi_remove_handle(loop_.multi(), easy);
    finished.push_back(completion);
  }
}

void CurlTransport::Abandon(size_t slot) {
  curl_multi_remove_handle(loop_.multi(), slots_[slot].easy);
}

Status CurlTransport::SetupEasy(Slot& slot) {
  slot.easy = curl_easy_init();
  if (slot.easy == nullptr) return MakeError("curl_setup", "curl_easy_init failed");
  slot.request = &request_;
  const LoadOptions& options = options_;
  const PreparedRequest& request = request_;
  CURL* easy = slot.easy;
  if (Status status = loop_.SetUp(easy, options, request.url, slot.error_detail.data()); !status) {
    return status;
  }
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &slot);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlTransport::OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &slot);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers_);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, CurlMilliseconds(options.request_timeout));
  if (request.has_body || request.method == "POST") SetupBody(slot);
  if (request.method == "HEAD") {
    // A HEAD response has no body whatever its headers say; libcurl only knows with NOBODY.
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET" && !request.has_body) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
  // A body makes libcurl's request a POST: any other method, GET with a body included, is
  // named, so that both transports send the method asked for.
  if (request.method != "POST" && (request.has_body || request.method != "GET")) {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (options.http_version == HttpVersion::kHttp2) {
    const bool tls = request.url.rfind("https://", 0) == 0;
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                     tls ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  }
  return Status::Ok();
}

void CurlTransport::SetupBody(Slot& slot) {
  const PreparedRequest& request = request_;
  CURL* easy = slot.easy;
  const auto size = static_cast<curl_off_t>(request.body.size());
  if (StreamsBody(request)) {
    // One template for every slot: libcurl pulls the bytes through OnUpload, and rewinds
    // through OnUploadSeek when it resends on a fresh connection.
    slot.fresh_ids.resize(request.uuid_offsets.size() * static_cast<size_t>(kUuidTextLength));
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, size);
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, &CurlTransport::OnUpload);
    curl_easy_setopt(easy, CURLOPT_READDATA, &slot);
    curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, &CurlTransport::OnUploadSeek);
    curl_easy_setopt(easy, CURLOPT_SEEKDATA, &slot);
    return;
  }
  // libcurl keeps the pointer: the slot's body is rewritten in place before each send.
  slot.body = request.body;
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, slot.body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, size);
}

size_t CurlTransport::OnBody(char* data, size_t size, size_t count, void* slot_pointer) {
  auto* slot = static_cast<Slot*>(slot_pointer);
  const size_t bytes = size * count;
  const size_t room = kKeptResponseBytes - std::min(kKeptResponseBytes, slot->response.size());
  slot->response.append(data, std::min(bytes, room));
  return bytes;
}

size_t CurlTransport::OnUpload(char* buffer, size_t size, size_t count, void* slot_pointer) {
  auto* slot = static_cast<Slot*>(slot_pointer);
  const size_t copied = CopyBodyPart(*slot->request, slot->fresh_ids, slot->upload_position,
                                     std::span<char>(buffer, size * count));
  slot->upload_position += copied;
  return copied;
}

int CurlTransport::OnUploadSeek(void* slot_pointer, curl_off_t offset, int origin) {
  auto* slot = static_cast<Slot*>(slot_pointer);
  if (origin != SEEK_SET || offset < 0) return CURL_SEEKFUNC_CANTSEEK;
  slot->upload_position = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

}  // namespace slogate::load
