// The JSON shapes of replica records, shared by the audit, list, export and DLQ routes.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "refgw/store/store.h"

namespace slogate::refgw {

// UTC ISO 8601 with microseconds: "2026-11-27T14:05:00.123456Z".
std::string IsoTime(std::chrono::system_clock::time_point at);

// event_id, session_id, tenant, persona_id, message, attachments, metadata, accepted_at.
nlohmann::json EventJson(const store::Event& event);
// EventJson plus replicated_at: what GET /v1/admin/memory/{event_id} answers.
nlohmann::json StoredEventJson(const store::StoredEvent& stored);
// id, event_id, reason, failed_at, record_bytes and the decoded event (null when undecodable).
nlohmann::json DeadLetterJson(const store::DeadLetter& letter);

// Compact JSON; invalid UTF-8 in stored strings is replaced rather than thrown on.
std::string DumpJson(const nlohmann::json& value);

}  // namespace slogate::refgw
