package dev.vpnform.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Secret;
import dev.vpnform.openstack.LoopbackServer.Recorded;
import dev.vpnform.openstack.LoopbackServer.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkingClientTest {
  static final String CANARY = "CANARYpsk-4b1d'\\x";

  @TempDir Path tmp;
  LoopbackServer server;
  FakeNeutron neutron;
  final List<String> wire = Collections.synchronizedList(new ArrayList<>());
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    neutron = new FakeNeutron();
    server = new LoopbackServer().route("/", neutron);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  NetworkingClient client(ClientOptions opts) throws Exception {
    CloudConfig cfg =
        CloudConfig.resolve(
            CloudOptions.builder().authType("none").endpoint(server.url()).build(),
            Map.of(),
            tmp,
            tmp);
    return NetworkingClient.connect(cfg, opts.withWireLog(wire::add), sleeps::add, () -> 0.5);
  }

  NetworkingClient client() throws Exception {
    return client(ClientOptions.defaults());
  }

  static String id(int i) {
    return String.format("%08d-0000-4000-8000-000000000000", i);
  }

  @Test
  void listFollowsNextLinksUntilAnEmptyPage() throws Exception {
    IntStream.range(0, 6).forEach(i -> neutron.add(id(i), "conn-" + i, "psk-" + i));

    try (NetworkingClient c = client(ClientOptions.defaults().withPageSize(3))) {
      List<ActualConnection> all = c.listConnections();

      assertThat(all)
          .extracting(ActualConnection::name)
          .containsExactly("conn-0", "conn-1", "conn-2", "conn-3", "conn-4", "conn-5");
      // 3 + 3 + an empty page: the server sends a next link on the full last page too.
      assertThat(c.requestCount()).isEqualTo(3);
    }
    List<Recorded> gets = server.requestsTo(FakeNeutron.PREFIX);
    assertThat(gets).extracting(r -> r.param("marker")).containsExactly(null, id(2), id(5));
    assertThat(gets).allSatisfy(r -> assertThat(r.param("limit")).isEqualTo("3"));
    // The link's host (an internal name) is never used: every request reached this server.
    assertThat(gets).allSatisfy(r -> assertThat(r.header("Host")).startsWith("127.0.0.1:"));
  }

  @Test
  void listStopsWhenAPageHasNoNextLink() throws Exception {
    IntStream.range(0, 5).forEach(i -> neutron.add(id(i), "conn-" + i, "p"));

    try (NetworkingClient c = client(ClientOptions.defaults().withPageSize(3))) {
      assertThat(c.listConnections()).hasSize(5);
      assertThat(c.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void listWithDefaultPageSizeAndWithoutLimit() throws Exception {
    IntStream.range(0, 7).forEach(i -> neutron.add(id(i), "conn-" + i, "p"));

    try (NetworkingClient c = client()) {
      assertThat(c.listConnections()).hasSize(7);
      assertThat(c.requestCount()).isEqualTo(1);
    }
    try (NetworkingClient c = client(ClientOptions.defaults().withPageSize(0))) {
      assertThat(c.listConnections()).hasSize(7);
    }
    assertThat(server.requests).extracting(r -> r.param("limit")).containsExactly("2000", null);
  }

  @Test
  void findBatchesRepeatedFiltersUnderTheUrlLimit() throws Exception {
    IntStream.range(0, 1000).forEach(i -> neutron.add(id(i), "conn-" + i, "p"));
    List<String> ids = IntStream.range(0, 400).mapToObj(NetworkingClientTest::id).toList();
    List<String> names = List.of("conn-900", "conn-901", "conn-0", "no-such-name");

    List<ActualConnection> found;
    try (NetworkingClient c = client()) {
      found = c.findConnections(ids, names);
      // 400 ids at ~44 bytes each need 3 URLs; the names fit in one.
      assertThat(c.requestCount()).isEqualTo(4);
    }

    assertThat(found).hasSize(402);
    assertThat(found.subList(0, 400))
        .extracting(ActualConnection::id)
        .containsExactlyElementsOf(ids);
    assertThat(found.subList(400, 402))
        .extracting(ActualConnection::name)
        .containsExactly("conn-900", "conn-901");
    for (Recorded r : server.requests) {
      assertThat((server.url() + r.uri().toString()).length()).isLessThan(6 * 1024);
      assertThat(r.params("id").isEmpty() || r.params("name").isEmpty())
          .as("id and name filters are ANDed, so never mixed")
          .isTrue();
    }
  }

  @Test
  void findPaginatesEachBatch() throws Exception {
    IntStream.range(0, 10).forEach(i -> neutron.add(id(i), "same-name", "p"));

    try (NetworkingClient c = client(ClientOptions.defaults().withPageSize(4))) {
      assertThat(c.findConnections(List.of(), List.of("same-name"))).hasSize(10);
      assertThat(c.requestCount()).isEqualTo(3); // 4 + 4 + 2
      assertThat(c.findConnections(List.of(), List.of())).isEmpty();
      assertThat(c.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void getAndUpdate() throws Exception {
    neutron.add(id(1), "dc1-to-dc2", "old-psk");

    try (NetworkingClient c = client()) {
      ActualConnection before = c.getConnection(id(1));
      assertThat(before.psk()).isEqualTo(Secret.of("old-psk"));

      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("psk", Secret.of(CANARY));
      fields.put("mtu", 1400);
      fields.put("dpd", new Dpd(null, 60, null).toMap());
      fields.put("peer_cidrs", List.of("10.0.0.0/24", "10.1.0.0/24"));
      fields.put("description", null);
      ActualConnection after = c.updateConnection(id(1), "dc1-to-dc2", fields);

      assertThat(after.mtu()).isEqualTo(1400);
      assertThat(after.dpd()).isEqualTo(new Dpd("hold", 60, 120));
      assertThat(after.psk()).isEqualTo(Secret.of(CANARY));
      assertThat(after.peerCidrs()).containsExactly("10.0.0.0/24", "10.1.0.0/24");
    }
    Recorded put = server.requests.get(1);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.uri().getPath()).isEqualTo(FakeNeutron.PREFIX + "/" + id(1));
    assertThat(put.header("Content-Type")).isEqualTo("application/json");
    assertThat(put.header("User-Agent")).startsWith("vpnform/");
    Map<?, ?> sent = FakeNeutron.JSON.readValue(put.body(), Map.class);
    assertThat(sent.get("ipsec_site_connection"))
        .isEqualTo(
            FakeNeutron.JSON.readValue(
                "{\"psk\": "
                    + FakeNeutron.JSON.writeValueAsString(CANARY)
                    + ", \"mtu\": 1400,"
                    + " \"dpd\": {\"interval\": 60}, \"peer_cidrs\": [\"10.0.0.0/24\","
                    + " \"10.1.0.0/24\"], \"description\": null}",
                Map.class));
    assertThat(String.join("\n", wire)).doesNotContain("CANARY").contains(Secret.MASK);
  }

  @Test
  void errorNamesOperationConnectionTypeAndRequestId() throws Exception {
    neutron.add(id(1), "dc1-to-dc2", "p");

    ApiException e;
    try (NetworkingClient c = client()) {
      e =
          catchThrowableOfType(
              ApiException.class, () -> c.updateConnection(id(1), "dc1-to-dc2", Map.of("mtu", 67)));
    }

    assertThat(e)
        .hasMessage(
            "Failed to update IPsec site connection 'dc1-to-dc2' (id "
                + id(1)
                + "): 400 Bad"
                + " Request: IPsecSiteConnectionMtuError: ipsec_site_connection MTU 67 is too"
                + " small for ipv4 (request req-00000000-0000-0000-0000-000000000001)");
    assertThat(e.operation()).isEqualTo("update IPsec site connection");
    assertThat(e.connectionLabel()).contains("dc1-to-dc2");
    assertThat(e.connectionId()).contains(id(1));
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.errorType()).contains("IPsecSiteConnectionMtuError");
    assertThat(e.errorMessage()).contains("ipsec_site_connection MTU 67 is too small for ipv4");
    assertThat(e.requestId()).contains("req-00000000-0000-0000-0000-000000000001");
    assertThat(e.isType("IPsecSiteConnectionMtuError")).isTrue();
    assertThat(e.isType("VPNStateInvalidToUpdate")).isFalse();
  }

  @Test
  void notFound() throws Exception {
    try (NetworkingClient c = client()) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> c.getConnection("nope"));
      assertThat(e.isType("IPsecSiteConnectionNotFound")).isTrue();
      assertThat(e)
          .hasMessageStartingWith(
              "Failed to get IPsec site connection nope: 404 Not Found:"
                  + " IPsecSiteConnectionNotFound: ipsec_site_connection nope not found (request"
                  + " req-");
      assertThat(c.getVpnService("nope")).isEmpty();
      assertThat(c.getEndpointGroup("nope")).isEmpty();
    }
  }

  @Test
  void vpnServiceAndEndpointGroupArePlainMaps() throws Exception {
    Map<String, Object> svc = new LinkedHashMap<>();
    svc.put("id", "vpn-1");
    svc.put("subnet_id", null);
    svc.put("router_id", "r-1");
    neutron.vpnservices.put("vpn-1", svc);
    neutron.endpointGroups.put(
        "eg-1", Map.of("id", "eg-1", "type", "cidr", "endpoints", List.of("10.0.0.0/24")));

    try (NetworkingClient c = client()) {
      assertThat(c.getVpnService("vpn-1"))
          .hasValueSatisfying(
              m -> {
                assertThat(m).containsEntry("router_id", "r-1").containsEntry("subnet_id", null);
              });
      assertThat(c.getEndpointGroup("eg-1"))
          .hasValueSatisfying(
              m -> {
                assertThat(m).containsEntry("type", "cidr");
                assertThat(m.get("endpoints")).isEqualTo(List.of("10.0.0.0/24"));
              });
    }
  }

  @Test
  void canaryPskEchoedByTheServerNeverReachesTheMessage() throws Exception {
    String json = FakeNeutron.JSON.writeValueAsString(CANARY);
    String repr = CANARY.replace("\\", "\\\\").replace("'", "\\'");
    server.route(
        FakeNeutron.PREFIX + "/",
        r ->
            FakeNeutron.neutronError(
                400,
                "HTTPBadRequest",
                "Invalid input for psk. Reason: '"
                    + CANARY
                    + "' / "
                    + json
                    + " / '"
                    + repr
                    + "' is bad."));

    ApiException e;
    try (NetworkingClient c = client()) {
      e =
          catchThrowableOfType(
              ApiException.class,
              () -> c.updateConnection(id(1), "dc1", Map.of("psk", Secret.of(CANARY))));
    }

    assertThat(e.getMessage())
        .doesNotContain("CANARY")
        .contains(
            "Invalid input for psk. Reason: '"
                + Secret.MASK
                + "' / \""
                + Secret.MASK
                + "\" / '"
                + Secret.MASK
                + "' is bad.");
    assertThat(e.errorMessage().orElseThrow()).doesNotContain("CANARY");
    assertThat(e.toString()).doesNotContain("CANARY");
    assertThat(String.join("\n", wire)).doesNotContain("CANARY");
  }

  @Test
  void wireLogMasksPskInRequestAndResponseBodies() throws Exception {
    neutron.add(id(1), "a", CANARY);
    neutron.add(id(2), "b", "CANARY-other-psk");

    try (NetworkingClient c = client()) {
      c.listConnections();
      c.updateConnection(id(1), "a", Map.of("psk", Secret.of(CANARY)));
    }

    String log = String.join("\n", wire);
    assertThat(log)
        .doesNotContain("CANARY")
        .contains("> GET " + server.url() + FakeNeutron.PREFIX + "?limit=2000")
        .contains("< 200 OK")
        .contains("\"psk\":\"" + Secret.MASK + "\"")
        .contains("x-openstack-request-id: req-");
  }

  @Test
  void unreadableSuccessBodyIsAResponseFormatException() throws Exception {
    server.route(
        FakeNeutron.PREFIX,
        r ->
            Reply.json(
                    200, "{\"ipsec_site_connections\": [{\"name\": \"x\", \"psk\": \"CANARY\"}]}")
                .with("X-Openstack-Request-Id", "req-1"));

    try (NetworkingClient c = client()) {
      assertThatThrownBy(c::listConnections)
          .isInstanceOf(ResponseFormatException.class)
          .hasMessage(
              "Failed to list IPsec site connections: unreadable response (HTTP 200): GET"
                  + " /v2.0/vpn/ipsec-site-connections:1:29: ipsec_site_connections[0]: the"
                  + " connection has no 'id' (request req-1)");
    }
  }

  @Test
  void nonJsonErrorBodyIsDescribedNotQuoted() throws Exception {
    server.route(
        "/",
        r -> new Reply(403, "<html>Forbidden CANARY</html>", Map.of("Content-Type", "text/html")));

    try (NetworkingClient c = client()) {
      assertThatThrownBy(c::listConnections)
          .isInstanceOf(ApiException.class)
          .hasMessage(
              "Failed to list IPsec site connections: 403 Forbidden: unrecognised error"
                  + " body (text/html, 29 characters)");
    }
  }

  @Test
  void keystonemiddlewareErrorFormat() throws Exception {
    server.route(
        "/",
        r ->
            Reply.json(
                    401,
                    "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\","
                        + " \"message\": \"The request you have made requires authentication.\"}}")
                .with("X-Openstack-Request-Id", "req-k"));

    try (NetworkingClient c = client()) {
      ApiException e = catchThrowableOfType(ApiException.class, c::listConnections);
      assertThat(e)
          .hasMessage(
              "Failed to list IPsec site connections: 401 Unauthorized: The request"
                  + " you have made requires authentication. (request req-k)");
      assertThat(e.errorType()).isEmpty();
      assertThat(c.requestCount()).as("auth type none cannot authenticate again").isEqualTo(1);
    }
  }

  @Test
  void unsupportedFieldValueIsAProgrammingError() throws Exception {
    try (NetworkingClient c = client()) {
      assertThatThrownBy(() -> c.updateConnection(id(1), "a", Map.of("mtu", new Object())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("field 'mtu' has a value of unsupported type");
      assertThat(c.requestCount()).isZero();
    }
  }

  @Test
  void closedClientRefusesCalls() throws Exception {
    NetworkingClient c = client();
    c.close();
    assertThatThrownBy(c::listConnections).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aServerThatRepeatsAMarkerCannotLoopForever() throws Exception {
    server.route(
        FakeNeutron.PREFIX,
        r ->
            Reply.json(
                200,
                "{\"ipsec_site_connections\": [{\"id\":"
                    + " \"a\"}], \"ipsec_site_connections_links\": [{\"rel\": \"next\", \"href\":"
                    + " \"http://x/v2.0/vpn/ipsec-site-connections?limit=1&marker=a\"}]}"));

    try (NetworkingClient c = client(ClientOptions.defaults().withPageSize(1))) {
      assertThatThrownBy(c::listConnections)
          .isInstanceOf(ResponseFormatException.class)
          .hasMessage(
              "Failed to list IPsec site connections: unreadable response (HTTP 200): GET"
                  + " /v2.0/vpn/ipsec-site-connections: the next link repeats a marker");
      assertThat(c.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void queryParamReadsTheMarker() {
    assertThat(NetworkingClient.queryParam("http://h/p?limit=1&marker=a%2Fb&x", "marker"))
        .isEqualTo("a/b");
    assertThat(NetworkingClient.queryParam("http://h/p", "marker")).isNull();
  }
}
