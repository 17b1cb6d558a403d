#include "metrics_endpoint.h"

namespace slogate::refgw {

http::Handler MetricsHandler(std::function<std::string()> exposition, std::function<bool()> down) {
  return [exposition = std::move(exposition), down = std::move(down)](http::Request request,
                                                                      http::Responder responder) {
    if (request.method != "GET") {
      return responder.Send(http::JsonResponse(405, R"({"detail":"Method Not Allowed"})"));
    }
    if (down()) {
      http::Response response;
      response.status = 503;
      response.content_type = "text/plain; charset=utf-8";
      response.body = "metrics endpoint is down (fault injection)\n";
      return responder.Send(std::move(response));
    }
    http::Response response;
    response.content_type = kTextFormatContentType;
    response.body = exposition();
    responder.Send(std::move(response));
  };
}

}  // namespace slogate::refgw
