// The bundled SLO conformance cases: one TEST_P per SLO, parameterized over the selected
// (profile, endpoint) runs. Each asserts on one slo::Finding; the judgement itself lives in
// src/slo. Filter with --gtest_filter=*LatencyP95* etc.
#include "bundled_cases.h"

#include "slogate/suite/slo_case.h"

namespace slogate::suite {
namespace {

class SloConformance : public SloCase {};

TEST_P(SloConformance, ErrorRate) { ExpectSloHeld("ErrorRate"); }
TEST_P(SloConformance, LatencyP95) { ExpectSloHeld("LatencyP95"); }
TEST_P(SloConformance, WriteThroughAttempts) { ExpectSloHeld("WriteThroughAttempts"); }
TEST_P(SloConformance, WriteThroughResultsOk) { ExpectSloHeld("WriteThroughResultsOk"); }
TEST_P(SloConformance, WalResultsOk) { ExpectSloHeld("WalResultsOk"); }
TEST_P(SloConformance, ReplicationLag) { ExpectSloHeld("ReplicationLag"); }
TEST_P(SloConformance, DlqDepth) { ExpectSloHeld("DlqDepth"); }
TEST_P(SloConformance, ZeroLoss) { ExpectSloHeld("ZeroLoss"); }
TEST_P(SloConformance, Reconciliation) { ExpectSloHeld("Reconciliation"); }

// The runs come from the session, configured in main() before gtest registers these tests.
SLOGATE_INSTANTIATE_SLO_CASES(SloConformance);

}  // namespace

void LinkBundledCases() {}

}  // namespace slogate::suite
