package dev.vpnform.openstack;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How {@link NetworkingClient} talks HTTP.
 *
 * @param connectTimeout for opening a connection (default 10 s)
 * @param requestTimeout for each request, from sending it to the end of the response headers
 *     (default 30 s)
 * @param maxRetries how many times a request is repeated after a connection error, a timeout, a 5xx
 *     or a 429 (default 4); GET and PUT are idempotent, so repeating them is safe
 * @param pageSize the {@code limit} of each list request (default 2,000; 0 asks for everything at
 *     once)
 * @param userAgent the {@code User-Agent} header (default {@code vpnform/<version>})
 * @param wireLog receives one line per request/response line, header and body, with every token,
 *     password and psk masked; for {@code --debug}
 */
public record ClientOptions(
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    int pageSize,
    String userAgent,
    Optional<Consumer<String>> wireLog) {

  public ClientOptions {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, not " + maxRetries);
    }
    if (pageSize < 0) {
      throw new IllegalArgumentException("pageSize must be >= 0, not " + pageSize);
    }
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(wireLog, "wireLog");
  }

  public static ClientOptions defaults() {
    return new ClientOptions(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        4,
        // One request for a typical project's whole list: a page of 2,000 connections is about
        // 1.5 MB, far below the 64 MiB body limit. Measured against the real Neutron, 1,008
        // connections took 3 requests of 500 in series, about 2x one unpaginated GET.
        2000,
        defaultUserAgent(),
        Optional.empty());
  }

  public ClientOptions withConnectTimeout(Duration d) {
    return new ClientOptions(d, requestTimeout, maxRetries, pageSize, userAgent, wireLog);
  }

  public ClientOptions withRequestTimeout(Duration d) {
    return new ClientOptions(connectTimeout, d, maxRetries, pageSize, userAgent, wireLog);
  }

  public ClientOptions withMaxRetries(int n) {
    return new ClientOptions(connectTimeout, requestTimeout, n, pageSize, userAgent, wireLog);
  }

  public ClientOptions withPageSize(int n) {
    return new ClientOptions(connectTimeout, requestTimeout, maxRetries, n, userAgent, wireLog);
  }

  public ClientOptions withUserAgent(String ua) {
    return new ClientOptions(connectTimeout, requestTimeout, maxRetries, pageSize, ua, wireLog);
  }

  public ClientOptions withWireLog(Consumer<String> log) {
    return new ClientOptions(
        connectTimeout, requestTimeout, maxRetries, pageSize, userAgent, Optional.of(log));
  }

  /** {@code vpnform/<Implementation-Version of the jar>}, or {@code vpnform/dev} outside a jar. */
  static String defaultUserAgent() {
    String v = ClientOptions.class.getPackage().getImplementationVersion();
    return "vpnform/" + (v != null ? v : "dev");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
