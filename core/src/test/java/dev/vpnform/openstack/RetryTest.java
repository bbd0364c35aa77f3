package dev.vpnform.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.openstack.LoopbackServer.Reply;
import java.net.ServerSocket;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryTest {
  @TempDir Path tmp;
  LoopbackServer server;
  FakeNeutron neutron;
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    neutron = new FakeNeutron().add("c1", "conn-1", "p");
    server = new LoopbackServer().route("/", neutron);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  NetworkingClient client(String endpoint, ClientOptions opts) throws Exception {
    CloudConfig cfg =
        CloudConfig.resolve(
            CloudOptions.builder().authType("none").endpoint(endpoint).build(), Map.of(), tmp, tmp);
    return NetworkingClient.connect(cfg, opts, sleeps::add, () -> 0.5);
  }

  NetworkingClient client() throws Exception {
    return client(server.url(), ClientOptions.defaults());
  }

  /** Answers with {@code failures} in turn, then lets FakeNeutron answer. */
  void failFirst(Reply... failures) {
    AtomicInteger n = new AtomicInteger();
    server.route(
        "/",
        r -> {
          int i = n.getAndIncrement();
          return i < failures.length ? failures[i] : neutron.handle(r);
        });
  }

  static Reply error(int status) throws Exception {
    return FakeNeutron.neutronError(status, "HTTPInternalServerError", "boom");
  }

  @Test
  void retries5xxWithExponentialBackoffAndFullJitter() throws Exception {
    failFirst(error(500), error(502), error(500));

    try (NetworkingClient c = client()) {
      assertThat(c.listConnections()).extracting(ActualConnection::id).containsExactly("c1");
      assertThat(c.requestCount()).isEqualTo(4);
    }
    // random 0.5 of 200, 400, 800 ms
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void honoursRetryAfterOn429And503() throws Exception {
    failFirst(
        Reply.json(429, "{}").with("Retry-After", "2"),
        error(503).with("Retry-After", "1"),
        error(503).with("Retry-After", "3600"),
        error(503));

    try (NetworkingClient c = client()) {
      assertThat(c.listConnections()).hasSize(1);
    }
    assertThat(sleeps)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Transport.MAX_RETRY_AFTER,
            Duration.ofMillis(800));
  }

  @Test
  void givesUpAfterMaxRetries() throws Exception {
    server.route("/", r -> error(500).with("X-Openstack-Request-Id", "req-last"));

    try (NetworkingClient c = client()) {
      ApiException e = catchThrowableOfType(ApiException.class, c::listConnections);
      assertThat(e)
          .hasMessage(
              "Failed to list IPsec site connections: 500 Internal Server Error:"
                  + " HTTPInternalServerError: boom (after 5 attempts) (request req-last)");
      assertThat(e.httpStatus()).hasValue(500);
      assertThat(c.requestCount()).isEqualTo(5);
    }
    assertThat(sleeps).hasSize(4);
  }

  @Test
  void clientErrorsAreNotRetried() throws Exception {
    try (NetworkingClient c = client()) {
      catchThrowableOfType(ApiException.class, () -> c.getConnection("missing"));
      assertThat(c.requestCount()).isEqualTo(1);
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void retriesAResetConnectionAndRepeatsThePutBody() throws Exception {
    failFirst(Reply.RESET);

    try (NetworkingClient c = client()) {
      ActualConnection after = c.updateConnection("c1", "conn-1", Map.of("mtu", 1400));
      assertThat(after.mtu()).isEqualTo(1400);
      assertThat(c.requestCount()).isEqualTo(2);
    }
    assertThat(server.requests).hasSize(2);
    assertThat(server.requests.get(0).body())
        .isEqualTo(server.requests.get(1).body())
        .isEqualTo("{\"ipsec_site_connection\":{\"mtu\":1400}}");
    assertThat(sleeps).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void timesOutAndRetries() throws Exception {
    server.route(
        "/",
        r -> {
          Thread.sleep(5_000);
          return neutron.handle(r);
        });

    long start = System.nanoTime();
    try (NetworkingClient c =
        client(
            server.url(),
            ClientOptions.defaults()
                .withRequestTimeout(Duration.ofMillis(300))
                .withMaxRetries(1))) {
      ApiException e = catchThrowableOfType(ApiException.class, c::listConnections);
      assertThat(e)
          .hasMessage(
              "Failed to list IPsec site connections: request timed out (after 2 attempts)");
      assertThat(e.httpStatus()).isEmpty();
      assertThat(c.requestCount()).isEqualTo(2);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void connectionRefusedIsRetriedThenReported() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    try (NetworkingClient c = client("http://127.0.0.1:" + port, ClientOptions.defaults())) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> c.getConnection("c1"));
      assertThat(e.getMessage())
          .startsWith(
              "Failed to get IPsec site connection c1: cannot connect to http://127.0.0.1:" + port)
          .endsWith("(after 5 attempts)");
      assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    }
    assertThat(sleeps).hasSize(4);
  }

  @Test
  void anUnreachableKeystoneIsNamedWithoutTheCredentialsOfItsUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CloudConfig cfg =
        CloudConfig.resolve(
            CloudOptions.builder()
                .authUrl("http://admin:url-pw-123@127.0.0.1:" + port + "/v3")
                .username("admin")
                .password(dev.vpnform.model.Secret.of("pw-456"))
                .projectName("p")
                .build(),
            Map.of(),
            tmp,
            tmp);
    List<String> wire = new ArrayList<>();
    ClientOptions opts = ClientOptions.defaults().withWireLog(wire::add);

    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> NetworkingClient.connect(cfg, opts, sleeps::add, () -> 0.5));

    assertThat(e.getMessage())
        .startsWith(
            "Failed to authenticate to Keystone at http://127.0.0.1:"
                + port
                + "/v3: cannot connect to http://127.0.0.1:"
                + port)
        .doesNotContain("url-pw-123")
        .doesNotContain("admin:");
    assertThat(wire).isNotEmpty().noneMatch(l -> l.contains("url-pw-123") || l.contains("pw-456"));
  }

  @Test
  void backoffIsCappedAndJittered() {
    Transport t = new Transport(null, ClientOptions.defaults(), d -> {}, () -> 0.999);
    assertThat(t.delay(1, null)).isEqualTo(Duration.ofMillis(199));
    assertThat(t.delay(3, null)).isEqualTo(Duration.ofMillis(799));
    assertThat(t.delay(10, null)).isEqualTo(Duration.ofMillis(4995));
    assertThat(t.delay(60, null)).isEqualTo(Duration.ofMillis(4995));
    Transport zero = new Transport(null, ClientOptions.defaults(), d -> {}, () -> 0.0);
    assertThat(zero.delay(4, null)).isZero();
  }

  @Test
  void retryAfterMustBeSeconds() {
    assertThat(Transport.retryAfter(headers("Retry-After", " 7 "))).contains(Duration.ofSeconds(7));
    assertThat(Transport.retryAfter(headers("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")))
        .isEmpty();
    assertThat(Transport.retryAfter(headers("Retry-After", "-1"))).isEmpty();
  }

  private static HttpHeaders headers(String k, String v) {
    return HttpHeaders.of(Map.of(k, List.of(v)), (a, b) -> true);
  }
}
