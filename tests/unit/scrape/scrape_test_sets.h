// Hand-built scrape sets for the scrape unit tests: no parser, no network.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "selectors.h"
#include "slogate/promtext/snapshot.h"
#include "slogate/scrape/scrape_types.h"

namespace slogate::testing {

using scrape::EndpointScrape;
using scrape::ScrapeSet;

inline constexpr const char* kGatewayUrl = "http://127.0.0.1:9400/metrics";
inline constexpr const char* kReplicatorUrl = "http://127.0.0.1:9412/metrics";

// Label names and values of a test sample; owned, unlike promtext::Labels.
using TestLabels = std::vector<std::pair<std::string, std::string>>;

// A sample to put into a hand-built snapshot (MakeEndpoint copies it there).
struct TestSample {
  std::string name;
  TestLabels labels;
  double value = 0;
};

inline TestSample MakeSample(std::string name, TestLabels labels, double value) {
  return TestSample{std::move(name), std::move(labels), value};
}

// One endpoint whose snapshot holds `samples` in a single family.
inline EndpointScrape MakeEndpoint(std::string url, const std::vector<TestSample>& samples) {
  promtext::SnapshotBuilder builder;
  builder.AddFamily(samples.empty() ? "empty" : samples.front().name);
  for (const TestSample& sample : samples) {
    promtext::LabelList labels;
    for (const auto& [name, value] : sample.labels) labels.push_back({name, value});
    builder.AddSample(sample.name, labels, sample.value);
  }
  EndpointScrape endpoint;
  endpoint.url = std::move(url);
  endpoint.snapshot = std::move(builder).Build();
  return endpoint;
}

inline EndpointScrape MakeFailedEndpoint(std::string url, std::string message) {
  EndpointScrape endpoint;
  endpoint.url = std::move(url);
  endpoint.snapshot = MakeError("unreachable", std::move(message));
  return endpoint;
}

inline ScrapeSet MakeSet(std::vector<EndpointScrape> endpoints) {
  ScrapeSet set;
  set.endpoints = std::move(endpoints);
  return set;
}

// The common case: one gateway endpoint.
inline ScrapeSet MakeSet(const std::vector<TestSample>& samples) {
  std::vector<EndpointScrape> endpoints;
  endpoints.push_back(MakeEndpoint(kGatewayUrl, samples));
  return MakeSet(std::move(endpoints));
}

}  // namespace slogate::testing
