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
  for (size_t n = 1; n <= kMaxReplicators; ++n) {
    for (size_t i = 0; i < n; ++i) {
      const std::string name = CheckpointName(log_name, i, n);
      Result<std::optional<LogCursor>> saved = db.LoadCursor(name);
      if (!saved.ok()) return saved.error();
      if (!saved->has_value()) continue;
      if (!oldest || **saved < *oldest) oldest = **saved;
      if (n == count) {
        own[i] = **saved;
      } else {
        foreign.push_back(name);
      }
    }
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
    own[i] = oldest;
    if (Status saved = db.SaveCursor(CheckpointName(log_name, i, count), *oldest); !saved.ok()) {
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
