// The replica's bulk routes: GET /v1/memory/export (NDJSON, streamed page by page) and
// GET /v1/admin/dlq/{topic} (dead letters of a topic, paged by id).
#include <limits>
#include <memory>

#include "gateway.h"
#include "query_params.h"
#include "slogate/common/log.h"
#include "stored_event_json.h"

namespace slogate::refgw {
namespace {

using nlohmann::json;

constexpr int kExportPageEvents = 256;  // events per streamed piece (~100 KiB of NDJSON)
constexpr int64_t kMaxExportLimit = std::numeric_limits<int64_t>::max();
constexpr int64_t kDefaultDlqLimit = 50;
constexpr int64_t kMaxDlqLimit = 1000;

http::Response ReadFailed() {
  return http::JsonResponse(500, R"({"detail":"the replica could not be read"})");
}

// Streams the replica as NDJSON, one page of events per pull. Pages are read on the gateway's
// worker thread, so a long export interleaves page by page with health and audit reads
// instead of holding them up, and a slow reader holds about one page in memory.
class ExportStream : public http::BodyStream, public std::enable_shared_from_this<ExportStream> {
 public:
  ExportStream(store::Store& store, Worker& worker, std::optional<std::string> tenant,
               int64_t limit)
      : store_(store), worker_(worker), tenant_(std::move(tenant)), remaining_(limit) {}

  void Pull(http::PieceSink sink) override {
    worker_.Post([self = shared_from_this(), sink = std::make_shared<http::PieceSink>(std::move(
                                                 sink))] { self->ReadPage(std::move(*sink)); });
  }

 private:
  void ReadPage(http::PieceSink sink) {
    const int page_size = static_cast<int>(std::min<int64_t>(kExportPageEvents, remaining_));
    std::optional<std::string_view> tenant;
    if (tenant_.has_value()) tenant = *tenant_;
    Result<store::EventPage> page = store_.ReadEvents(after_, tenant, page_size);
    if (!page.ok()) {
      log::Error("refgw: export cut short: " + page.error().message);
      return sink.Abort();
    }
    std::string lines;
    for (const store::StoredEvent& stored : page->events) {
      lines += DumpJson(StoredEventJson(stored));
      lines += '\n';
    }
    after_ = page->last_sequence;
    remaining_ -= static_cast<int64_t>(page->events.size());
    if (static_cast<int>(page->events.size()) < page_size || remaining_ == 0) {
      return sink.Last(std::move(lines));
    }
    sink.More(std::move(lines));
  }

  store::Store& store_;
  Worker& worker_;
  const std::optional<std::string> tenant_;
  int64_t remaining_;  // events still to send
  int64_t after_ = 0;  // the replica sequence the next page starts after
};

}  // namespace

void Gateway::HandleExport(const std::string& query, http::Responder responder) {
  int64_t limit = kMaxExportLimit;
  if (std::optional<http::Response> bad = ReadIntParam(query, "limit", 1, kMaxExportLimit, &limit))
    return responder.Send(std::move(*bad));
  std::optional<std::string> tenant = http::QueryParam(query, "tenant");
  http::Response response;
  response.content_type = "application/x-ndjson";
  response.body_stream = std::make_shared<ExportStream>(store_, *worker_, std::move(tenant), limit);
  responder.Send(std::move(response));
}

void Gateway::HandleDlq(std::string topic, const std::string& query, http::Responder responder) {
  if (topic.empty()) {
    return responder.Send(http::JsonResponse(404, R"({"detail":"Not Found"})"));
  }
  int64_t limit = kDefaultDlqLimit;
  int64_t after = 0;
  std::optional<http::Response> bad = ReadIntParam(query, "limit", 1, kMaxDlqLimit, &limit);
  if (!bad) bad = ReadIntParam(query, "after", 0, std::numeric_limits<int64_t>::max(), &after);
  if (bad) return responder.Send(std::move(*bad));
  worker_->Post([this, topic = std::move(topic), limit, after,
                 responder = std::make_shared<http::Responder>(std::move(responder))] {
    Result<store::DeadLetterPage> page =
        store_.ListDeadLetters(topic, after, static_cast<int>(limit));
    if (!page.ok()) {
      log::Error("refgw: DLQ listing failed: " + page.error().message);
      return responder->Send(ReadFailed());
    }
    const std::vector<store::DeadLetter>& letters = page->letters;
    json items = json::array();
    for (const store::DeadLetter& letter : letters) items.push_back(DeadLetterJson(letter));
    // A full page may have more behind it: where to continue. A short page is the end.
    json next_after =
        letters.size() == static_cast<size_t>(limit) ? json(letters.back().id) : json(nullptr);
    const size_t count = letters.size();
    json body = {{"topic", topic},
                 {"depth", page->depth},
                 {"count", count},
                 {"items", std::move(items)},
                 {"next_after", std::move(next_after)}};
    responder->Send(http::JsonResponse(200, DumpJson(body)));
  });
}

}  // namespace slogate::refgw
