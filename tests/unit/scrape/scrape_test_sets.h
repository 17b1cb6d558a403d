// Hand-built scrape sets for the scrape unit tests: no parser, no network.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "slogate/promtext/snapshot.h"
#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape::testing {

inline constexpr const char* kGatewayUrl = "http://127.0.0.1:9400/metrics";
inline constexpr const char* kReplicatorUrl = "http://127.0.0.1:9412/metrics";

inline promtext::Sample MakeSample(std::string name, promtext::Labels labels, double value) {
  promtext::Sample sample;
  sample.name = std::move(name);
  sample.labels = std::move(labels);
  sample.value = value;
  return sample;
}

// One endpoint whose snapshot holds `samples` in a single family.
inline EndpointScrape MakeEndpoint(std::string url, std::vector<promtext::Sample> samples) {
  promtext::Family family;
  family.name = samples.empty() ? "empty" : samples.front().name;
  family.samples = std::move(samples);
  promtext::Snapshot snapshot;
  snapshot.families.push_back(std::move(family));
  EndpointScrape endpoint;
  endpoint.url = std::move(url);
  endpoint.snapshot = std::move(snapshot);
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
inline ScrapeSet MakeSet(std::vector<promtext::Sample> samples) {
  std::vector<EndpointScrape> endpoints;
  endpoints.push_back(MakeEndpoint(kGatewayUrl, std::move(samples)));
  return MakeSet(std::move(endpoints));
}

}  // namespace slogate::scrape::testing
