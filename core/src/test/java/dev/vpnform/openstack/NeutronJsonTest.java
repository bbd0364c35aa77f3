package dev.vpnform.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NeutronJsonTest {
  private static final String CANARY = "CANARYpsk7f3e9";

  static String resource(String name) throws IOException {
    try (InputStream in = NeutronJsonTest.class.getResourceAsStream("/openstack/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ResponseFormatException parseError(String json) {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> NeutronJson.parseConnections(json, "body.json"));
    assertThat(t).isInstanceOf(ResponseFormatException.class);
    return (ResponseFormatException) t;
  }

  @Test
  void huaweicloudExampleResponse() throws Exception {
    List<ActualConnection> cs =
        NeutronJson.parseConnections(resource("huaweicloud-update-response.json"), "hw.json");

    assertThat(cs).hasSize(1);
    ActualConnection c = cs.get(0);
    assertThat(c.id()).isEqualTo("851f280f-5639-4ea3-81aa-e298525ab74b");
    assertThat(c.name()).isEqualTo("vpnconnection1");
    assertThat(c.description()).isEqualTo("New description");
    assertThat(c.psk()).isEqualTo(Secret.of("secret"));
    assertThat(c.initiator()).isEqualTo("bi-directional");
    assertThat(c.adminStateUp()).isTrue();
    assertThat(c.peerAddress()).isEqualTo("172.24.4.233");
    assertThat(c.peerId()).isEqualTo("172.24.4.233");
    assertThat(c.localId()).isNull();
    assertThat(c.peerCidrs()).isEmpty();
    assertThat(c.localEpGroupId()).isEqualTo("3e1815dd-e212-43d0-8f13-b494fa553e68");
    assertThat(c.peerEpGroupId()).isEqualTo("9ad5a7e0-6dac-41b4-b20d-a7b8645fddf1");
    assertThat(c.endpointGroupMode()).isTrue();
    assertThat(c.mtu()).isEqualTo(1200);
    assertThat(c.dpd()).isEqualTo(new Dpd("hold", 30, 120));
    assertThat(c.status()).isEqualTo("DOWN");
    assertThat(c.vpnserviceId()).isEqualTo("5c561d9d-eaea-45f6-ae3e-08d1a7080828");
    assertThat(c.values().get("ikepolicy_id")).isEqualTo("9b00d6b0-6c93-4ca5-9747-b8ade7bb514f");
    assertThat(c.values().get("ipsecpolicy_id")).isEqualTo("e6e23d0c-9519-4d52-8ea4-5b1f96d857b1");
    assertThat(c.projectId()).isEqualTo("10039663455a446d8ba2cbb058b0f578");
    assertThat(c.values().get("route_mode")).isEqualTo("static");
    assertThat(c.values().get("auth_mode")).isEqualTo("psk");
    assertThat(c.values().get("availability_zone")).isNull();
  }

  @Test
  void fujitsuK5ExampleResponse() throws Exception {
    ActualConnection c =
        NeutronJson.parseConnections(resource("fujitsu-k5-update-response.json"), "k5.json").get(0);

    assertThat(c.id()).isEqualTo("f7cf7305-f491-45f4-ad9c-8e7240fe3d72");
    assertThat(c.description()).isEqualTo(" to datacenter2");
    assertThat(c.peerCidrs()).containsExactly("10.2.0.0/24");
    assertThat(c.endpointGroupMode()).isFalse();
    assertThat(c.mtu()).isEqualTo(1500);
    assertThat(c.projectId()).as("tenant_id only").isEqualTo("26de9cd6cae94c8cb9f79d660d628e1f");
    assertThat(c.values().get("availability_zone")).isEqualTo("AZ1");
    assertThat(c.psk().reveal()).isEqualTo("secret");
  }

  @Test
  void listNormalisesLikeTheServer() throws Exception {
    String json =
        """
        {"ipsec_site_connections": [
          {"id": "a", "mtu": "1300", "peer_cidrs": "10.0.0.0/24", "admin_state_up": "false",
           "dpd": {"action": "restart", "interval": 20, "timeout": 100, "extra": [1]},
           "unknown": {"nested": [1, 2, {"x": null}]}},
          {"id": "b", "mtu": 1400.5, "peer_cidrs": null, "admin_state_up": 1, "dpd": null,
           "project_id": "p", "tenant_id": "t", "local_ep_group_id": null},
          {"id": "c", "name": "", "psk": "", "peer_cidrs": ["10.1.0.0/24", "10.2.0.0/24"]}
        ], "ipsec_site_connections_links": [{"rel": "previous", "href": "http://x/?marker=a"}]}
        """;

    List<ActualConnection> cs = NeutronJson.parseConnections(json, "list.json");

    assertThat(cs).extracting(ActualConnection::id).containsExactly("a", "b", "c");
    ActualConnection a = cs.get(0);
    assertThat(a.mtu()).isEqualTo(1300);
    assertThat(a.peerCidrs()).containsExactly("10.0.0.0/24");
    assertThat(a.adminStateUp()).isFalse();
    assertThat(a.dpd()).isEqualTo(new Dpd("restart", 20, 100));
    assertThat(a.psk()).isNull();
    ActualConnection b = cs.get(1);
    assertThat(b.mtu()).isEqualTo(1400);
    assertThat(b.peerCidrs()).isEmpty();
    assertThat(b.adminStateUp()).isTrue();
    assertThat(b.dpd()).isNull();
    assertThat(b.projectId()).isEqualTo("p");
    ActualConnection c = cs.get(2);
    assertThat(c.label()).isEqualTo("c");
    assertThat(c.psk()).isEqualTo(Secret.of(""));
    assertThat(c.peerCidrs()).containsExactly("10.1.0.0/24", "10.2.0.0/24");
  }

  @Test
  void pageKeepsTheNextLink() throws Exception {
    String json =
        """
        {"ipsec_site_connections": [{"id": "a"}],
         "ipsec_site_connections_links": [
           {"rel": "next", "href": "http://h/v2.0/vpn/ipsec-site-connections?limit=1&marker=a"},
           {"rel": "previous", "href": "http://h/p"}]}
        """;

    NeutronJson.Page page = NeutronJson.parsePage(json, "page.json");

    assertThat(page.nextHref())
        .contains("http://h/v2.0/vpn/ipsec-site-connections?limit=1&marker=a");
    assertThat(NeutronJson.parsePage("{\"ipsec_site_connections\": []}", "p").nextHref()).isEmpty();
  }

  @Test
  void missingIdIsLocatedAtTheObject() {
    ResponseFormatException e =
        parseError("{\"ipsec_site_connections\": [\n  {\"id\": \"a\"},\n  {\"name\": \"b\"}]}");

    assertThat(e)
        .hasMessage("body.json:3:3: ipsec_site_connections[1]: the connection has no 'id'");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.sourceName()).isEqualTo("body.json");
  }

  @Test
  void wrongTypeIsLocatedAtTheValue() {
    assertThat(parseError("{\"ipsec_site_connection\": {\"id\": \"a\",\n \"mtu\": true}}"))
        .hasMessage("body.json:2:9: ipsec_site_connection.mtu: expected an integer, got a boolean");
    assertThat(parseError("{\"ipsec_site_connection\": {\"id\": 5}}"))
        .hasMessage("body.json:1:34: ipsec_site_connection.id: expected a string, got an integer");
    assertThat(parseError("{\"ipsec_site_connection\": {\"id\": \"a\", \"mtu\": \"abc\"}}"))
        .hasMessageEndingWith("mtu: expected an integer, got a string that is not an integer");
    assertThat(parseError("{\"ipsec_site_connection\": {\"id\": \"a\", \"mtu\": 99999999999}}"))
        .hasMessageEndingWith("mtu: the integer is out of range");
    assertThat(parseError("{\"ipsec_site_connection\": {\"id\": \"a\", \"dpd\": \"hold\"}}"))
        .hasMessageEndingWith("ipsec_site_connection.dpd: expected an object, got a string");
    assertThat(parseError("{\"ipsec_site_connections\": [{\"id\": \"a\", \"peer_cidrs\": [1]}]}"))
        .hasMessageEndingWith(
            "ipsec_site_connections[0].peer_cidrs[0]: expected a string, got an integer");
    assertThat(parseError("{\"ipsec_site_connections\": {}}"))
        .hasMessageEndingWith("ipsec_site_connections: expected an array, got an object");
    assertThat(parseError("[]")).hasMessage("body.json:1:1: expected a JSON object, got an array");
    assertThat(parseError("{\"networks\": []}"))
        .hasMessage(
            "body.json:1:1: expected 'ipsec_site_connection' or 'ipsec_site_connections' in the"
                + " object");
  }

  @Test
  void syntaxErrorsAreLocated() {
    ResponseFormatException e =
        parseError("{\"ipsec_site_connection\": {\"id\": \"a\"\n  \"mtu\": 1}}");
    assertThat(e.getMessage()).startsWith("body.json:2:3: malformed JSON");
    assertThat(e.getMessage()).contains("was expecting comma to separate Object entries");

    assertThat(parseError("{\"ipsec_site_connection\": {\"id\": \"a\""))
        .hasMessage("body.json:1:37: malformed JSON: unexpected end of input");
    assertThat(parseError("{\"ipsec_site_connection\": {\"id\": \"a\"}} trailing"))
        .hasMessageStartingWith("body.json:1:40: ");
    assertThat(parseError("")).hasMessageStartingWith("body.json:");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": " + CANARY + "}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": '" + CANARY + "'}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"" + CANARY + "\n\"}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"" + CANARY + "\\q\"}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"" + CANARY + "\"\"}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"" + CANARY + "\" " + CANARY + "}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"" + CANARY + "}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"x\"}} " + CANARY,
        "{\"ipsec_site_connection\": {\"id\": \"a\", \""
            + CANARY
            + "\": 1, \""
            + CANARY
            + "\": 2}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"x\", \"psk\": \"" + CANARY + "\"}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": " + CANARY + "1}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": [\"" + CANARY + "\"]}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": -" + CANARY + "}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": 0" + CANARY + "}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": tru" + CANARY + "}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"\\u" + CANARY + "\"}}",
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \"" + CANARY + "\"]}",
        "{\"ipsec_site_connection\": {\"id\": \"a\" " + CANARY + " \"psk\": 1}}",
      })
  void canaryPskNeverAppearsInAParseError(String json) {
    ResponseFormatException e = parseError(json);

    assertThat(e.getMessage())
        .startsWith("body.json:")
        .doesNotContain(CANARY)
        .doesNotContain("CANARY");
    assertThat(e.problem()).doesNotContain("CANARY");
    assertThat(e.toString()).doesNotContain("CANARY");
  }

  @Test
  void hostileInputIsBounded() {
    String deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
    assertThat(parseError(deep)).hasMessageContaining("exceeds a size limit");

    String longString =
        "{\"ipsec_site_connection\": {\"id\": \"a\", \"psk\": \""
            + CANARY.repeat(NeutronJson.MAX_STRING_LENGTH / CANARY.length() + 1)
            + "\"}}";
    assertThat(parseError(longString))
        .hasMessageContaining("exceeds a size limit")
        .hasMessageNotContaining("CANARY");
  }

  @Test
  void parseObjectReadsPlainMaps() throws Exception {
    assertThat(
            NeutronJson.parseObject("{\"vpnservice\": {\"id\": \"v\", \"subnet_id\": null}}", "s"))
        .containsKey("vpnservice");
    assertThatThrownBy(() -> NeutronJson.parseObject("{\"a\": " + CANARY + "}", "s"))
        .isInstanceOf(ResponseFormatException.class)
        .hasMessageStartingWith("s:1:7: malformed JSON")
        .hasMessageNotContaining("CANARY");
  }
}
