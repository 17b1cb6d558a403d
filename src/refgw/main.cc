// slogate_refgw: the reference session gateway (see docs/refgw.md).
//
// Start-up order: store (recovers and starts replaying), then the HTTP servers (API, gateway
// metrics, one metrics port per replicator), then one JSON line with the bound ports on stdout.
// Shutdown (SIGTERM/SIGINT) stops the servers first, then the store, whose pending completions
// still find the gateway and its metrics alive.
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gateway.h"
#include "gateway_metrics.h"
#include "http_server.h"
#include "metrics_endpoint.h"
#include "options.h"
#include "refgw/store/store.h"
#include "slogate/common/log.h"
#include "token_verifier.h"

namespace slogate::refgw {
namespace {

Result<std::unique_ptr<http::Server>> StartMetricsServer(const char* name, const std::string& host,
                                                         uint16_t port, http::Handler handler) {
  http::ServerOptions options;
  options.name = name;
  options.host = host;
  options.port = port;
  options.threads = 1;
  return http::Server::Start(std::move(options), std::move(handler));
}

// One metrics registry per replicator, each served on its own port.
using ReplicatorRegistries = std::vector<std::unique_ptr<prometheus::Registry>>;

// The listening servers. Destroying one stops it and joins its threads.
struct Servers {
  std::unique_ptr<http::Server> api;
  std::unique_ptr<http::Server> metrics;
  std::vector<std::unique_ptr<http::Server>> replicator_metrics;  // replicator i at [i]
};

Result<Servers> StartServers(const GatewayOptions& options, Gateway& gateway,
                             GatewayMetrics& metrics, const ReplicatorRegistries& registries) {
  http::ServerOptions api_options;
  api_options.name = "api";
  api_options.host = options.host;
  api_options.port = options.api_port;
  api_options.threads = options.http_threads;
  api_options.idle_timeout = options.idle_timeout;
  api_options.header_timeout = options.header_timeout;
  api_options.body_timeout = options.body_timeout;
  api_options.limits.max_body_bytes = options.max_body_bytes;
  api_options.response_headers = Gateway::ResponseHeaders();
  Servers servers;
  auto api = http::Server::Start(api_options,
                                 [&gateway](http::Request request, http::Responder responder) {
                                   gateway.Handle(std::move(request), std::move(responder));
                                 });
  if (!api.ok()) return api.error();
  servers.api = std::move(*api);
  auto gateway_metrics =
      StartMetricsServer("metrics", options.host, options.metrics_port,
                         MetricsHandler([&metrics] { return metrics.Exposition(); },
                                        [&gateway] { return gateway.MetricsDown(); }));
  if (!gateway_metrics.ok()) return gateway_metrics.error();
  servers.metrics = std::move(*gateway_metrics);
  for (size_t i = 0; i < registries.size(); ++i) {
    prometheus::Registry& registry = *registries[i];
    // Port P+i, or ephemeral for every replicator when P is 0.
    const uint16_t port = options.replicator_metrics_port == 0
                              ? uint16_t{0}
                              : static_cast<uint16_t>(options.replicator_metrics_port + i);
    auto replicator_metrics = StartMetricsServer(
        "replicator-metrics", options.host, port,
        MetricsHandler(
            [&registry] { return prometheus::TextSerializer().Serialize(registry.Collect()); },
            [&gateway] { return gateway.ReplicatorMetricsDown(); }));
    if (!replicator_metrics.ok()) return replicator_metrics.error();
    servers.replicator_metrics.push_back(std::move(*replicator_metrics));
  }
  return servers;
}

// `auth` names the accepted token algorithms; empty when auth is off.
void PrintReadyLine(const Servers& servers, const GatewayOptions& options,
                    const std::string& auth) {
  nlohmann::json replicator_ports = nlohmann::json::array();
  for (const auto& server : servers.replicator_metrics) replicator_ports.push_back(server->port());
  nlohmann::json ready = {{"api_port", servers.api->port()},
                          {"metrics_port", servers.metrics->port()},
                          {"replicator_metrics_port", replicator_ports.front()},
                          {"replicator_metrics_ports", std::move(replicator_ports)},
                          {"data_dir", options.data_dir.string()}};
  std::printf("%s\n", ready.dump().c_str());
  std::fflush(stdout);
  log::Info("refgw: serving on " + options.host + ":" + std::to_string(servers.api->port()) +
            (auth.empty() ? std::string() : " (JWT required: " + auth + ")"));
}

int Run(const GatewayOptions& options, std::optional<TokenVerifier> verifier) {
  // Signals are taken synchronously by sigwait below; every thread started later inherits the
  // block, so no thread is ever interrupted by them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  ReplicatorRegistries replicator_registries;
  std::vector<prometheus::Registry*> registry_pointers;
  for (size_t i = 0; i < options.replicators; ++i) {
    replicator_registries.push_back(std::make_unique<prometheus::Registry>());
    registry_pointers.push_back(replicator_registries.back().get());
  }
  store::StoreOptions store_options;
  store_options.data_dir = options.data_dir;
  store_options.group_commit_window = options.group_commit_window;
  store_options.fsync = options.fsync;
  store_options.replicators = options.replicators;
  Result<std::unique_ptr<store::Store>> store =
      store::Store::Open(store_options, registry_pointers);
  if (!store.ok()) {
    log::Error("refgw: cannot open the store in " + options.data_dir.string() + ": " +
               store.error().ToString());
    return 1;
  }
  GatewayMetrics metrics;
  const std::string auth = verifier ? verifier->Describe() : std::string();
  Gateway gateway(options, **store, metrics, std::move(verifier));
  gateway.ApplyFaults(options.faults);

  int status = 0;
  {
    Result<Servers> servers = StartServers(options, gateway, metrics, replicator_registries);
    if (servers.ok()) {
      PrintReadyLine(*servers, options, auth);
      int received = 0;
      sigwait(&signals, &received);
      log::Info(std::string("refgw: ") + (received == SIGINT ? "SIGINT" : "SIGTERM") +
                ", shutting down");
    } else {
      log::Error("refgw: " + servers.error().ToString());
      status = 1;
    }
  }  // the servers stop here: no new requests, no new appends
  gateway.StopBackgroundWork();
  store->reset();  // completes queued appends while the gateway and its metrics still exist
  return status;
}

}  // namespace
}  // namespace slogate::refgw

int main(int argc, char** argv) {
  using namespace slogate::refgw;
  std::vector<std::string> args(argv + 1, argv + argc);
  slogate::Result<GatewayOptions> options =
      ParseOptions(args, slogate::options::ProcessEnvironment());
  if (!options.ok()) {
    slogate::log::Error("slogate_refgw: " + options.error().message);
    return 2;
  }
  if (options->outcome == slogate::options::Outcome::kHelp) {
    std::fputs(UsageText().c_str(), stdout);
    return 0;
  }
  if (options->outcome == slogate::options::Outcome::kVersion) {
    std::puts(slogate::options::VersionLine("slogate_refgw").c_str());
    return 0;
  }
  // A bad public key stops start-up like a bad option: before anything is opened.
  slogate::Result<std::optional<TokenVerifier>> verifier = TokenVerifier::FromOptions(*options);
  if (!verifier.ok()) {
    slogate::log::Error("slogate_refgw: " + verifier.error().message);
    return 2;
  }
  try {
    return Run(*options, std::move(*verifier));
  } catch (const std::exception& error) {
    slogate::log::Error(std::string("slogate_refgw: ") + error.what());
    return 1;
  }
}
