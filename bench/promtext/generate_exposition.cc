// Writes a deterministic Prometheus text 0.0.4 exposition with about SERIES series, shaped
// like a busy service's /metrics: labelled request counters, gauges and latency histograms.
//
// usage: promtext_generate_exposition SERIES OUTPUT_FILE
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

constexpr const char* kMethods[] = {"GET", "POST", "PUT", "DELETE"};
constexpr const char* kStatuses[] = {"200", "201", "204", "400", "404", "429", "500", "503"};
constexpr double kBounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

// Series are written in blocks of this many per family, like a real registry's families.
constexpr long kSeriesPerFamily = 1000;

void WriteCounterFamily(std::ofstream& out, int family, long series) {
  const std::string name = "app_http_requests_" + std::to_string(family) + "_total";
  out << "# HELP " << name << " Requests handled, by method, path and status.\n";
  out << "# TYPE " << name << " counter\n";
  for (long i = 0; i < series; ++i) {
    out << name << "{service=\"gateway\",method=\"" << kMethods[i % 4]
        << "\",path=\"/v1/session/message/" << i / 32 << "\",status=\"" << kStatuses[(i / 4) % 8]
        << "\",instance=\"gw-" << i % 4 << "\"} " << (i * 7919) % 1000003 << '\n';
  }
}

void WriteGaugeFamily(std::ofstream& out, int family, long series) {
  const std::string name = "app_replication_lag_seconds_" + std::to_string(family);
  out << "# HELP " << name << " Seconds the replica is behind the WAL.\n";
  out << "# TYPE " << name << " gauge\n";
  for (long i = 0; i < series; ++i) {
    out << name << "{service=\"replicator\",shard=\"shard-" << i << "\",replica=\"replica-" << i % 3
        << "\",zone=\"eu-west-1" << static_cast<char>('a' + i % 3) << "\"} "
        << static_cast<double>((i * 31) % 997) / 8.0 << '\n';
  }
}

// One histogram series is 10 finite buckets, +Inf, _sum and _count: 13 series.
void WriteHistogramFamily(std::ofstream& out, int family, long series) {
  const std::string name = "app_request_duration_seconds_" + std::to_string(family);
  out << "# HELP " << name << " Request latency.\n";
  out << "# TYPE " << name << " histogram\n";
  for (long h = 0; h * 13 < series; ++h) {
    const std::string labels = "service=\"gateway\",method=\"" + std::string(kMethods[h % 4]) +
                               "\",route=\"/v1/route/" + std::to_string(h) + "\"";
    long cumulative = 0;
    for (int b = 0; b < 10; ++b) {
      cumulative += (h * 13 + b * 17) % 50;
      out << name << "_bucket{" << labels << ",le=\"" << kBounds[b] << "\"} " << cumulative << '\n';
    }
    cumulative += h % 5;
    out << name << "_bucket{" << labels << ",le=\"+Inf\"} " << cumulative << '\n';
    out << name << "_sum{" << labels << "} " << static_cast<double>(cumulative) * 0.173 << '\n';
    out << name << "_count{" << labels << "} " << cumulative << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SERIES OUTPUT_FILE\n", argv[0]);
    return 2;
  }
  const long total = std::strtol(argv[1], nullptr, 10);
  std::ofstream out(argv[2], std::ios::binary);
  if (total <= 0 || !out) {
    std::fprintf(stderr, "%s: need a positive SERIES and a writable OUTPUT_FILE\n", argv[0]);
    return 2;
  }
  long written = 0;
  for (int family = 0; written < total; ++family) {
    const long series = std::min(kSeriesPerFamily, total - written);
    switch (family % 3) {
      case 0:
        WriteCounterFamily(out, family, series);
        break;
      case 1:
        WriteGaugeFamily(out, family, series);
        break;
      default:
        WriteHistogramFamily(out, family, series);
        break;
    }
    written += series;
  }
  return out.good() ? 0 : 1;
}
