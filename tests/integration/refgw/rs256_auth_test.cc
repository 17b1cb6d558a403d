// RS256 bearer tokens against slogate_refgw started with GATEWAY_JWT_PUBLIC_KEY, and start-up
// refusing a key it cannot use. Keys are generated for the run; nothing secret is stored.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "jwt_rs256.h"
#include "refgw_fixture.h"
#include "rsa_test_keys.h"

namespace slogate::testing {
namespace {

using nlohmann::json;
using refgw::EncodeBase64Url;
using refgw::SignHs256;
using refgw::SignRs256;
using ::slogate::testing::GenerateEcKeyPair;
using ::slogate::testing::GenerateRsaKeyPair;
using ::slogate::testing::TestKeyPair;

// A file under the temp directory for one test suite, removed with it.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& contents)
      : path_(std::filesystem::temp_directory_path() /
              ("slogate-" + name + "-" + std::to_string(getpid()))) {
    std::ofstream(path_) << contents;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

class Rs256AuthTest : public RefgwSuite {
 protected:
  static void SetUpTestSuite() {
    keys_ = new TestKeyPair(GenerateRsaKeyPair());
    key_file_ = new TempFile("jwt-public.pem", keys_->public_pem);
    StartGateway({}, {{"GATEWAY_JWT_PUBLIC_KEY", key_file_->path()}});
  }
  static void TearDownTestSuite() {
    RefgwSuite::TearDownTestSuite();
    delete key_file_;
    delete keys_;
  }

  static std::string Bearer(const json& claims) {
    return "Authorization: Bearer " + *SignRs256(claims, keys_->private_pem);
  }
  static std::string Detail(const HttpResult& result) { return json::parse(result.body)["detail"]; }

  static inline TestKeyPair* keys_ = nullptr;
  static inline TempFile* key_file_ = nullptr;
};

TEST_F(Rs256AuthTest, ValidTokenIsAcceptedAndItsTenantUsed) {
  const std::string header = Bearer(json{{"sub", "u"}, {"customer", "c-9"}, {"exp", NowPlus(300)}});
  HttpResult posted = Post(R"({"message":"m"})", {kJsonHeader, header});
  ASSERT_EQ(posted.status, 200) << posted.body;
  std::string event_id = json::parse(posted.body)["event_id"];
  HttpResult found;
  ASSERT_TRUE(Eventually([&] {
    return (found = Fetch("GET", Url("/v1/admin/memory/" + event_id), {header})).status == 200;
  }));
  EXPECT_EQ(json::parse(found.body)["tenant"], "c-9");
}

TEST_F(Rs256AuthTest, MissingHeaderIs401WithTheUpstreamMessage) {
  HttpResult result = Post(R"({"message":"m"})");
  ASSERT_EQ(result.status, 401);
  EXPECT_EQ(Detail(result), "Missing Authorization header");
}

std::string Unsigned(const json& header, const json& claims) {
  return EncodeBase64Url(header.dump()) + "." + EncodeBase64Url(claims.dump()) + ".";
}

struct BadRs256Case {
  std::string name;
  std::function<std::string(const TestKeyPair& keys)> token;
};

// gtest prints the case by its name in test names and logs.
void PrintTo(const BadRs256Case& c, std::ostream* os) { *os << c.name; }

class Rs256BadTokenTest : public Rs256AuthTest,
                          public ::testing::WithParamInterface<BadRs256Case> {};

TEST_P(Rs256BadTokenTest, Is401InvalidToken) {
  HttpResult result = Post(R"({"message":"m"})",
                           {kJsonHeader, "Authorization: Bearer " + GetParam().token(*keys_)});
  ASSERT_EQ(result.status, 401) << result.body;
  EXPECT_EQ(Detail(result), "Invalid token");
}

INSTANTIATE_TEST_SUITE_P(
    Tokens, Rs256BadTokenTest,
    ::testing::Values(
        BadRs256Case{"AlgNone",
                     [](const TestKeyPair&) {
                       return Unsigned(json{{"alg", "none"}, {"typ", "JWT"}}, json{{"sub", "u"}});
                     }},
        BadRs256Case{"Hs256SignedWithThePublicKey",
                     [](const TestKeyPair& keys) {
                       return SignHs256(json{{"sub", "u"}}, keys.public_pem);
                     }},
        BadRs256Case{"OtherKeyPair",
                     [](const TestKeyPair&) {
                       return *SignRs256(json{{"sub", "u"}}, GenerateRsaKeyPair().private_pem);
                     }},
        BadRs256Case{"ExpiredBeyondLeeway",
                     [](const TestKeyPair& keys) {
                       return *SignRs256(json{{"exp", NowPlus(-30)}}, keys.private_pem);
                     }},
        BadRs256Case{"PaddedSignature",
                     [](const TestKeyPair& keys) {
                       return *SignRs256(json{{"sub", "u"}}, keys.private_pem) + "==";
                     }}),
    [](const ::testing::TestParamInfo<BadRs256Case>& param_info) { return param_info.param.name; });

TEST_F(Rs256AuthTest, ExportAndDlqRoutesNeedTheToken) {
  EXPECT_EQ(Fetch("GET", Url("/v1/memory/export")).status, 401);
  EXPECT_EQ(Fetch("GET", Url("/v1/admin/dlq/memory.wal.dlq")).status, 401);
  const std::string header = Bearer(json{{"sub", "u"}});
  EXPECT_EQ(Fetch("GET", Url("/v1/admin/dlq/memory.wal.dlq"), {header}).status, 200);
}

// Runs the gateway with `public_key` (a path without quotes) and returns its exit status
// and stderr. Bounded by `timeout`: a gateway that wrongly starts is killed (status 124).
std::pair<int, std::string> RunWithPublicKey(const std::string& public_key) {
  TempFile err("refgw-stderr", "");
  const std::filesystem::path data_dir =
      std::filesystem::temp_directory_path() / ("slogate-refgw-unused-" + std::to_string(getpid()));
  std::string command =
      "GATEWAY_JWT_PUBLIC_KEY='" + public_key + "' timeout 20 " + RefgwBinary() +
      " --port=0 --metrics-port=0 --replicator-metrics-port=0 --data-dir=" + data_dir.string() +
      " > /dev/null 2> " + err.path();
  int status = std::system(command.c_str());
  std::filesystem::remove_all(data_dir);
  std::ostringstream text;
  text << std::ifstream(err.path()).rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

TEST(Rs256StartupTest, MissingKeyFileStopsStartUpNamingTheVariable) {
  auto [status, err] = RunWithPublicKey("/nonexistent/jwt.pem");
  EXPECT_EQ(status, 2);
  EXPECT_NE(err.find("GATEWAY_JWT_PUBLIC_KEY (--jwt-public-key): cannot open the file "
                     "'/nonexistent/jwt.pem'"),
            std::string::npos)
      << err;
}

TEST(Rs256StartupTest, NonRsaKeyStopsStartUp) {
  TempFile ec_key("ec-public.pem", GenerateEcKeyPair().public_pem);
  auto [status, err] = RunWithPublicKey(ec_key.path());
  EXPECT_EQ(status, 2);
  EXPECT_NE(err.find("GATEWAY_JWT_PUBLIC_KEY (--jwt-public-key): the public key is not an RSA key"),
            std::string::npos)
      << err;
}

TEST(Rs256StartupTest, InlinePemIsAccepted) {
  TestKeyPair keys = GenerateRsaKeyPair();
  RefgwOptions options;
  options.env = {{"GATEWAY_JWT_PUBLIC_KEY", keys.public_pem}};
  auto started = RefgwProcess::Start(std::move(options));
  ASSERT_TRUE(started.ok()) << started.error().message;
  HttpResult result = Fetch(
      "POST", (*started)->ApiUrl("/v1/session/message"),
      {kJsonHeader, "Authorization: Bearer " + *SignRs256(json{{"sub", "u"}}, keys.private_pem)},
      R"({"message":"m"})");
  EXPECT_EQ(result.status, 200) << result.body;
}

}  // namespace
}  // namespace slogate::testing
