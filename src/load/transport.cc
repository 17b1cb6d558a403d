#include "transport.h"

#include "curl_transport.h"
#include "http1_transport.h"

namespace slogate::load {

Result<std::unique_ptr<Transport>> MakeTransport(const LoadOptions& options,
                                                 const PreparedRequest& request, size_t max_slots) {
  if (ResolvedTransport(options) == TransportChoice::kHttp1) {
    auto transport = std::make_unique<Http1Transport>(options, request);
    if (Status status = transport->Open(max_slots); !status) return status.error();
    return std::unique_ptr<Transport>(std::move(transport));
  }
  auto transport = std::make_unique<CurlTransport>(options, request);
  if (Status status = transport->Open(max_slots); !status) return status.error();
  return std::unique_ptr<Transport>(std::move(transport));
}

}  // namespace slogate::load
