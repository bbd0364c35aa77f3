package dev.vpnform.openstack;

import java.util.Collection;
import java.util.Map;

/**
 * Turns an error response into an {@link ApiException}: a NeutronError ({@code {"NeutronError":
 * {"type", "message", "detail"}}}) or a keystonemiddleware/Keystone error ({@code {"error":
 * {"code", "title", "message"}}}). Server text is masked with the request's secrets, since servers
 * echo input.
 */
final class ErrorBody {
  private ErrorBody() {}

  static ApiException toException(
      Transport.Op op, Transport.Response r, Collection<String> secrets) {
    String type = null;
    String message = null;
    String problem = null;
    Map<String, Object> body = null;
    try {
      if (r.body() != null && !r.body().isBlank()) {
        body = NeutronJson.parseObject(r.body(), "error body");
      }
    } catch (ResponseFormatException e) {
      body = null;
    }
    if (body != null && body.get("NeutronError") instanceof Map<?, ?> ne) {
      type = text(ne.get("type"));
      message = text(ne.get("message"));
      String detail = text(ne.get("detail"));
      if (detail != null && !detail.isEmpty()) {
        message = (message == null ? "" : message + ": ") + detail;
      }
    } else if (body != null && body.get("error") instanceof Map<?, ?> ke) {
      // keystonemiddleware's 401 and Keystone's own errors; the title repeats the reason phrase.
      message = text(ke.get("message"));
    } else if (body != null && body.get("message") != null) {
      message = text(body.get("message"));
    } else if (r.body() == null || r.body().isBlank()) {
      problem = "empty error body";
    } else {
      // Not a known error format (a proxy's HTML page, say): describe it, do not quote it.
      problem =
          "unrecognised error body ("
              + r.headers().firstValue("content-type").orElse("no content type")
              + ", "
              + r.body().length()
              + " characters)";
    }
    return new ApiException(
        op.operation(),
        op.label(),
        op.id(),
        r.status(),
        SafeText.redact(type, secrets),
        SafeText.redact(message, secrets),
        r.requestId().orElse(null),
        (problem == null ? "" : problem) + Transport.attempts(r.attempts()),
        null);
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }
}
