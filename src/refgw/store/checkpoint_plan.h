// Where each replicator starts in a log when the store opens, from the checkpoints in the
// replica. Replicator i of n saves its checkpoint of log "wal" under "wal" when n is 1 (the
// name a single replicator always used) and "wal.<i>/<n>" otherwise.
//
// When the checkpoints on disk were written with another replicator count, the partitions
// changed: a record behind one old replicator's checkpoint may belong to a new partition whose
// replicator never saw it. Then every replicator starts at the oldest checkpoint of any count
// (re-applying is idempotent; at the first segment when a replicator of an old count has no
// row, i.e. never committed), saved under the new names in one transaction that also removes
// the old rows, so a crash half-way through re-plans from the same rows.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "refgw/store/log_files.h"
#include "refgw/store/replica_db.h"
#include "slogate/common/result.h"

namespace slogate::refgw::store {

// The checkpoint row name of replicator `index` of `count` for log `log_name`. Pure.
std::string CheckpointName(std::string_view log_name, size_t index, size_t count);

// The start of each of `count` replicators in log `log_name` (nullopt: no checkpoint, start at
// the first segment). Rewrites the rows as described above when the count changed.
Result<std::vector<std::optional<LogCursor>>> PlanCheckpoints(ReplicaDb& db,
                                                              std::string_view log_name,
                                                              size_t count);

}  // namespace slogate::refgw::store
