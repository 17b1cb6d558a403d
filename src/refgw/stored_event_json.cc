#include "stored_event_json.h"

#include <cstdio>
#include <ctime>

namespace slogate::refgw {

using nlohmann::json;

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

json EventJson(const store::Event& event) {
  json metadata = json::object();
  for (const auto& [key, value] : event.metadata) metadata[key] = value;
  return json{{"event_id", event.event_id},      {"session_id", event.session_id},
              {"tenant", event.tenant},          {"persona_id", event.persona_id},
              {"message", event.message},        {"attachments", event.attachments},
              {"metadata", std::move(metadata)}, {"accepted_at", IsoTime(event.accepted_at)}};
}

json StoredEventJson(const store::StoredEvent& stored) {
  json record = EventJson(stored.event);
  record["replicated_at"] = IsoTime(stored.replicated_at);
  return record;
}

json DeadLetterJson(const store::DeadLetter& letter) {
  return json{{"id", letter.id},
              {"event_id", letter.event_id},
              {"reason", letter.reason},
              {"failed_at", IsoTime(letter.failed_at)},
              {"record_bytes", letter.record_bytes},
              {"event", letter.event ? EventJson(*letter.event) : json(nullptr)}};
}

std::string DumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace slogate::refgw
