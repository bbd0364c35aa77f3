package dev.vpnform.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.it.Fixture.Run;
import dev.vpnform.sandbox.testing.RealNeutron;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every server refusal of neutron-vpnaas-api.md is caught by vpnform BEFORE it sends a PUT, and
 * each client rule matches a REAL refusal: for each case, {@code apply --auto-approve} with the bad
 * YAML exits 1 naming the rule and sends no PUT (its --debug wire log has none), the connection is
 * unchanged; then the equivalent raw PUT body goes to the real server, which must refuse it with
 * the status and NeutronError type measured in the findings, and the connection is still unchanged.
 */
class ValidationParityIT {
  static RealNeutron neutron;

  @TempDir Path dir;
  Fixture fx;

  @BeforeAll
  static void realNeutron() {
    neutron = RealNeutron.findWithKeystone();
  }

  @BeforeEach
  void setUp() {
    RealNeutron.assume(neutron);
    fx = new Fixture(neutron, false, "vpnform-noauth", dir);
  }

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  /**
   * One refusal.
   *
   * @param epg whether the connection is an endpoint-group one (else legacy, dpd hold/30/120)
   * @param yaml the connection's keys after {@code id:}, one per line; ${local_a} etc. are seed ids
   * @param put the raw {@code ipsec_site_connection} object of the equivalent PUT
   */
  record Case(
      String name, boolean epg, String yaml, String put, String rule, int status, String type) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String LONG = "a".repeat(256);

  static Stream<Case> cases() {
    String dpdError = "IPsecSiteConnectionDpdIntervalValueError";
    return Stream.of(
        new Case(
            "mtu 67", false, "mtu: 67", "{\"mtu\": 67}", "O9", 400, "IPsecSiteConnectionMtuError"),
        new Case("mtu -1", false, "mtu: -1", "{\"mtu\": -1}", "O9", 400, "HTTPBadRequest"),
        new Case(
            "initiator bogus",
            false,
            "initiator: bogus",
            "{\"initiator\": \"bogus\"}",
            "O5",
            400,
            "HTTPBadRequest"),
        new Case(
            "dpd action bogus",
            false,
            "dpd: {action: bogus}",
            "{\"dpd\": {\"action\": \"bogus\"}}",
            "O6",
            400,
            "HTTPBadRequest"),
        new Case(
            "dpd interval -5",
            false,
            "dpd: {interval: -5}",
            "{\"dpd\": {\"interval\": -5}}",
            "O7",
            400,
            "HTTPBadRequest"),
        new Case(
            "dpd timeout -5",
            false,
            "dpd: {timeout: -5}",
            "{\"dpd\": {\"timeout\": -5}}",
            "O7",
            400,
            "HTTPBadRequest"),
        new Case(
            "dpd timeout < interval, both given",
            false,
            "dpd: {interval: 50, timeout: 40}",
            "{\"dpd\": {\"interval\": 50, \"timeout\": 40}}",
            "O8",
            400,
            dpdError),
        new Case(
            "dpd timeout = interval, both given",
            false,
            "dpd: {interval: 60, timeout: 60}",
            "{\"dpd\": {\"interval\": 60, \"timeout\": 60}}",
            "O8",
            400,
            dpdError),
        new Case(
            "dpd interval >= stored timeout 120",
            false,
            "dpd: {interval: 120}",
            "{\"dpd\": {\"interval\": 120}}",
            "O8",
            400,
            dpdError),
        new Case(
            "dpd timeout <= stored interval 30",
            false,
            "dpd: {timeout: 30}",
            "{\"dpd\": {\"timeout\": 30}}",
            "O8",
            400,
            dpdError),
        new Case(
            "peer_cidrs invalid prefix",
            false,
            "peer_cidrs: [10.0.0.0/33]",
            "{\"peer_cidrs\": [\"10.0.0.0/33\"]}",
            "O10",
            400,
            "HTTPBadRequest"),
        new Case(
            "peer_cidrs without prefix",
            false,
            "peer_cidrs: [10.0.0.0]",
            "{\"peer_cidrs\": [\"10.0.0.0\"]}",
            "O10",
            400,
            "HTTPBadRequest"),
        new Case(
            "peer_cidrs duplicate",
            false,
            "peer_cidrs: [192.168.50.0/24, 192.168.50.0/24]",
            "{\"peer_cidrs\": [\"192.168.50.0/24\", \"192.168.50.0/24\"]}",
            "O12",
            400,
            "HTTPBadRequest"),
        new Case(
            "peer_cidrs mixed versions",
            false,
            "peer_cidrs: [\"192.168.50.0/24\", \"2001:db8::/64\"]",
            "{\"peer_cidrs\": [\"192.168.50.0/24\", \"2001:db8::/64\"]}",
            "O11",
            400,
            "MixedIPVersionsForPeerCidrs"),
        new Case(
            "peer_cidrs on an EPG connection",
            true,
            "peer_cidrs: [192.168.50.0/24]",
            "{\"peer_cidrs\": [\"192.168.50.0/24\"]}",
            "O14",
            400,
            "PeerCidrsInvalid"),
        new Case(
            "local_ep_group_id on a legacy connection",
            false,
            "local_ep_group_id: ${local_a}",
            "{\"local_ep_group_id\": \"${local_a}\"}",
            "O14",
            400,
            "InvalidEndpointGroup"),
        new Case(
            "peer_ep_group_id on a legacy connection",
            false,
            "peer_ep_group_id: ${peer_a}",
            "{\"peer_ep_group_id\": \"${peer_a}\"}",
            "O14",
            400,
            "InvalidEndpointGroup"),
        new Case(
            "empty peer_cidrs on a legacy connection",
            false,
            "peer_cidrs: []",
            "{\"peer_cidrs\": []}",
            "O14",
            400,
            "MissingPeerCidrs"),
        new Case(
            "peer_ep_group_id not a UUID",
            true,
            "peer_ep_group_id: xyz",
            "{\"peer_ep_group_id\": \"xyz\"}",
            "O13",
            400,
            "HTTPBadRequest"),
        new Case(
            "local_ep_group_id not a UUID",
            true,
            "local_ep_group_id: xyz",
            "{\"local_ep_group_id\": \"xyz\"}",
            "O13",
            400,
            "HTTPBadRequest"),
        new Case(
            "name > 255",
            false,
            "name: " + LONG,
            "{\"name\": \"" + LONG + "\"}",
            "O4",
            400,
            "HTTPBadRequest"),
        new Case(
            "description > 255",
            false,
            "description: " + LONG,
            "{\"description\": \"" + LONG + "\"}",
            "O4",
            400,
            "HTTPBadRequest"),
        new Case(
            "read-only route_mode",
            false,
            "route_mode: static",
            "{\"route_mode\": \"static\"}",
            "O2",
            400,
            "HTTPBadRequest"),
        new Case(
            "unknown key", false, "foo: bar", "{\"foo\": \"bar\"}", "O1", 400, "HTTPBadRequest"));
  }

  String subst(String s) {
    RealNeutron.Section sec = fx.section;
    return s.replace("${local_a}", sec.localA())
        .replace("${peer_a}", sec.peerA())
        .replace("${vpnservice_epg}", sec.vpnserviceEpg());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void caughtBeforeAnyPutAndRefusedByTheRealServer(Case c) throws IOException {
    String name = Fixture.unique("it-refuse");
    String id =
        c.epg()
            ? fx.createEpg(name, "it-psk-refuse", Map.of())
            : fx.createLegacy(name, "it-psk-refuse", List.of("192.168.150.0/24"), Map.of());
    JsonNode before = fx.get(id);
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "connections:\n  - id: " + id + "\n    " + subst(c.yaml()) + "\n");

    String endpoint = neutron.url().toString();
    Map<String, String> env =
        Map.of("HOME", dir.toString(), "OS_AUTH_TYPE", "none", "OS_ENDPOINT", endpoint);
    Run apply = Fixture.vpnform(env, "apply", "--auto-approve", "--debug", config.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.ERROR);
    assertThat(apply.all()).as(apply.toString()).contains("[" + c.rule() + "]");
    assertThat(apply.all()).as("vpnform sent a PUT:\n" + apply).doesNotContain("> PUT ");
    assertThat(fx.get(id)).as("the connection after vpnform").isEqualTo(before);

    HttpResponse<String> r = fx.put(id, "{\"ipsec_site_connection\": " + subst(c.put()) + "}");
    assertThat(r.statusCode())
        .as("the real server's answer to the raw PUT: %s", r.body())
        .isEqualTo(c.status());
    JsonNode error = RealNeutron.json(r.body()).path("NeutronError");
    assertThat(error.path("type").asText()).as(r.body()).isEqualTo(c.type());
    assertThat(fx.get(id)).as("the connection after the refused PUT").isEqualTo(before);
  }
}
