package dev.vpnform.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The exact request a plan will send. The body's values are JDK types, except a psk, which is a
 * {@link dev.vpnform.model.Secret} so that only the HTTP layer ever reveals it.
 */
public record ApiRequest(String method, String path, Map<String, Object> body) {
  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
  }

  /** A DELETE of {@code path}, which has no body. */
  public static ApiRequest delete(String path) {
    return new ApiRequest("DELETE", path, Map.of());
  }

  /**
   * The fields inside the body's one wrapper ({@code ipsec_site_connection}, {@code ikepolicy}...).
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> fields() {
    if (body.size() != 1) {
      return Map.of();
    }
    Object inner = body.values().iterator().next();
    return inner instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
