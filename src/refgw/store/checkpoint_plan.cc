#include "refgw/store/checkpoint_plan.h"

#include "refgw/store/store.h"

namespace slogate::refgw::store {

std::string CheckpointName(std::string_view log_name, size_t index, size_t count) {
  if (count == 1) return std::string(log_name);
  return std::string(log_name) + "." + std::to_string(index) + "/" + std::to_string(count);
}

Result<std::vector<std::optional<LogCursor>>> PlanCheckpoints(ReplicaDb& db,
                                                              std::string_view log_name,
                                                              size_t count) {
  std::vector<std::optional<LogCursor>> own(count);
  std::vector<std::string> foreign;  // rows of another replicator count
  std::optional<LogCursor> oldest;
  // A replicator of an old count that never committed has no row: it starts at the log's
  // first segment, so the plan does too.
  bool from_first_segment = false;
  for (size_t n = 1; n <= kMaxReplicators; ++n) {
    size_t rows = 0;
    for (size_t i = 0; i < n; ++i) {
      const std::string name = CheckpointName(log_name, i, n);
      Result<std::optional<LogCursor>> saved = db.LoadCursor(name);
      if (!saved.ok()) return saved.error();
      if (!saved->has_value()) continue;
      ++rows;
      if (!oldest || **saved < *oldest) oldest = **saved;
      if (n == count) {
        own[i] = **saved;
      } else {
        foreign.push_back(name);
      }
    }
    if (n != count && rows > 0 && rows < n) from_first_segment = true;
  }
  if (foreign.empty()) return own;
  Status begun = db.Begin();
  if (!begun.ok()) return begun.error();
  for (const std::string& name : foreign) {
    if (Status deleted = db.DeleteCursor(name); !deleted.ok()) {
      db.Rollback();
      return deleted.error();
    }
  }
  for (size_t i = 0; i < count; ++i) {
    const std::string name = CheckpointName(log_name, i, count);
    own[i] = from_first_segment ? std::nullopt : oldest;
    Status saved = own[i] ? db.SaveCursor(name, *own[i]) : db.DeleteCursor(name);
    if (!saved.ok()) {
      db.Rollback();
      return saved.error();
    }
  }
  if (Status committed = db.Commit(); !committed.ok()) {
    db.Rollback();
    return committed.error();
  }
  return own;
}

}  // namespace slogate::refgw::store
