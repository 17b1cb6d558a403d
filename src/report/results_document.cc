#include "slogate/report/results_document.h"

#include "slogate/report/redact.h"

namespace slogate::report {

ScrapeSummary SummarizeScrape(std::string phase, const scrape::ScrapeSet& set) {
  ScrapeSummary summary{std::move(phase), set.taken_at, {}};
  for (const scrape::EndpointScrape& endpoint : set.endpoints) {
    EndpointSummary out;
    out.url = endpoint.url;
    out.took = endpoint.took;
    out.ok = endpoint.snapshot.ok();
    if (out.ok) {
      out.families = endpoint.snapshot->families.size();
      for (const promtext::Family& family : endpoint.snapshot->families) {
        out.samples += family.samples.size();
      }
    } else {
      out.error = RedactText(endpoint.snapshot.error().ToString());
    }
    summary.endpoints.push_back(std::move(out));
  }
  return summary;
}

}  // namespace slogate::report
