// A case of the team's own: no request of the run may be answered with a 5xx, judged on the
// run the bundled cases share and reported with them.
#include <cstdint>
#include <string>

#include "slogate/suite/slo_case.h"

namespace {

class ServerErrorCases : public slogate::suite::SloCase {};

TEST_P(ServerErrorCases, NoServerErrors) {
  ExpectHeld("NoServerErrors", [](slogate::slo::Judge& judge) {
    const slogate::load::RunResult& run = judge.observations().run;
    uint64_t server_errors = 0;
    for (const auto& [status, count] : run.status_counts) {
      if (status >= 500 && status <= 599) server_errors += count;
    }
    judge.Measured(static_cast<double>(server_errors), "count").Threshold(0);
    if (run.completed == 0) return judge.Inconclusive("no request completed");
    const std::string counted = std::to_string(server_errors) + " of " +
                                std::to_string(run.completed) + " responses were 5xx";
    return server_errors == 0 ? judge.Pass(counted) : judge.Fail(counted);
  });
}

SLOGATE_INSTANTIATE_SLO_CASES(ServerErrorCases);

}  // namespace
