package dev.vpnform.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code export --all}: the whole graph, references by name only where a name is unique. */
class ConfigWriterGraphTest {
  static final String PSK = "graph-psk-canary-41c9";

  static Map<String, Object> of(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  final Map<String, List<Map<String, Object>>> cloud = new LinkedHashMap<>();
  final List<String> listed = new ArrayList<>();

  ConfigWriter.Export export(List<ActualConnection> connections) {
    return ConfigWriter.graph(
        connections,
        (path, key) -> {
          listed.add(path + " " + key);
          return cloud.getOrDefault(path, List.of());
        },
        "openstack",
        List.of("test"));
  }

  @Test
  void writesEveryKindInCreationOrderWithoutProjectStatusOrPsk() {
    cloud.put(
        "/vpn/ikepolicies",
        List.of(
            of(
                "id", "ike-1",
                "name", "ike",
                "auth_algorithm", "sha256",
                "lifetime", of("units", "seconds", "value", 3600),
                "tenant_id", "p1",
                "project_id", "p1")));
    cloud.put(
        "/vpn/ipsecpolicies",
        List.of(of("id", "ipsec-1", "name", "same"), of("id", "ipsec-2", "name", "same")));
    cloud.put(
        "/vpn/endpoint-groups",
        List.of(of("id", "eg-1", "name", "local", "type", "subnet", "endpoints", List.of("s-1"))));
    cloud.put(
        "/vpn/vpnservices",
        List.of(
            of(
                "id", "vpn-1",
                "name", "vpn",
                "router_id", "r-1",
                "subnet_id", null,
                "admin_state_up", true,
                "status", "ACTIVE",
                "external_v4_ip", "203.0.113.1",
                "tenant_id", "p1"),
            of("id", "vpn-2", "name", "vpn2", "router_id", "r-2", "flavor_id", "f-1")));
    cloud.put(
        "/routers",
        List.of(
            of("id", "r-1", "name", "edge"),
            of("id", "r-2", "name", "twin"),
            of("id", "r-3", "name", "twin")));
    ActualConnection c =
        ActualConnection.builder("c-1")
            .set("name", "dc1")
            .set("vpnservice_id", "vpn-1")
            .set("ikepolicy_id", "ike-1")
            .set("ipsecpolicy_id", "ipsec-2")
            .set("local_ep_group_id", "eg-1")
            .set("peer_ep_group_id", "eg-unseen")
            .set("psk", Secret.of(PSK))
            .set("tenant_id", "p1")
            .set("status", "ACTIVE")
            .build();

    ConfigWriter.Export e = export(List.of(c));

    assertThat(listed)
        .containsExactly(
            "/vpn/ikepolicies ikepolicies",
            "/vpn/ipsecpolicies ipsecpolicies",
            "/vpn/endpoint-groups endpoint_groups",
            "/vpn/vpnservices vpnservices",
            "/routers routers");
    assertThat(e.yaml())
        .contains(
            "profile: openstack\n"
                + "ikepolicies:\n"
                + "  - id: ike-1\n"
                + "    name: ike\n"
                + "    auth_algorithm: sha256\n"
                + "    lifetime: {units: seconds, value: 3600}\n"
                + "ipsecpolicies:\n"
                + "  - id: ipsec-1\n"
                + "    name: same\n"
                + "  - id: ipsec-2\n"
                + "    name: same\n"
                + "endpoint_groups:\n"
                + "  - id: eg-1\n"
                + "    name: local\n"
                + "    type: subnet\n"
                + "    endpoints: [s-1]\n"
                + "vpnservices:\n"
                + "  - id: vpn-1\n"
                + "    name: vpn\n"
                + "    router: edge\n"
                + "    admin_state_up: true\n"
                + "  - id: vpn-2\n"
                + "    name: vpn2\n"
                + "    router_id: r-2\n"
                + "    flavor_id: f-1\n"
                + "connections:\n"
                + "  - id: c-1\n"
                + "    name: dc1\n"
                + "    vpnservice: vpn\n"
                + "    ikepolicy: ike\n"
                + "    ipsecpolicy_id: ipsec-2\n"
                + "    psk: {env: VPNFORM_PSK_DC1}\n"
                + "    local_ep_group: local\n"
                + "    peer_ep_group_id: eg-unseen\n")
        .doesNotContain("tenant_id", "project_id", "status", "external_v4_ip", PSK);
    assertThat(e.counts())
        .containsExactly(
            Map.entry("ikepolicies", 1),
            Map.entry("ipsecpolicies", 2),
            Map.entry("endpoint_groups", 1),
            Map.entry("vpnservices", 2),
            Map.entry("connections", 1));
    assertThat(e.pskVariables()).containsExactly(Map.entry("VPNFORM_PSK_DC1", "dc1"));
  }

  @Test
  void anEmptyCloudIsEmptyListsThatLoadAgain() throws Exception {
    ConfigWriter.Export e = export(List.of());
    assertThat(e.yaml())
        .isEqualTo(
            "# test\nprofile: openstack\nikepolicies: []\nipsecpolicies: []\nendpoint_groups:"
                + " []\nvpnservices: []\nconnections: []\n");
    java.nio.file.Path f = java.nio.file.Files.createTempFile("graph", ".yaml");
    try {
      java.nio.file.Files.writeString(f, e.yaml());
      assertThat(ConfigLoader.builder().build().load(List.of(f)).resources()).isEmpty();
    } finally {
      java.nio.file.Files.delete(f);
    }
  }
}
