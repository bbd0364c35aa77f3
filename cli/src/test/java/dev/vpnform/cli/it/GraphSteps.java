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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole VPNaaS graph against a REAL neutron-server, each step confirmed with the real {@code
 * openstack} CLI: create policies, endpoint groups, a VPN service and a connection from empty;
 * converge once the connection's status settles; refuse a change to the policy in use at plan time;
 * rotate the IKE policy by replacing the connection; change the peer group's CIDRs (a new group,
 * the connection repointed, the old group deleted); prune an undeclared connection with {@code
 * exclusive}; delete everything with {@code state: absent} in one apply, without a 409. {@link
 * CliFlows} runs it with each way of authenticating.
 */
final class GraphSteps implements AutoCloseable {
  private final RealNeutron neutron;
  private final Fixture fx;
  private final Map<String, String> env;
  private final Path dir;
  private final boolean admin;
  private final String run = Fixture.unique("g");

  GraphSteps(RealNeutron neutron, Fixture fx, Map<String, String> env, Path dir, boolean admin) {
    this.neutron = neutron;
    this.fx = fx;
    this.env = new HashMap<>(env);
    this.env.put("GRAPH_PSK", "graph-psk-" + Fixture.unique("k"));
    this.dir = dir;
    this.admin = admin;
  }

  String name(String what) {
    return run + "-" + what;
  }

  /** Deletes what the steps created, whatever happened: connections first, then the rest. */
  @Override
  public void close() throws IOException {
    String[][] kinds = {
      {"/v2.0/vpn/ipsec-site-connections", "ipsec_site_connections"},
      {"/v2.0/vpn/vpnservices", "vpnservices"},
      {"/v2.0/vpn/endpoint-groups", "endpoint_groups"},
      {"/v2.0/vpn/ikepolicies", "ikepolicies"},
      {"/v2.0/vpn/ipsecpolicies", "ipsecpolicies"},
    };
    for (String[] k : kinds) {
      HttpResponse<String> list = neutron.send("GET", k[0] + "?fields=id&fields=name", null);
      for (JsonNode n : RealNeutron.json(list.body()).get(k[1])) {
        if (n.path("name").asText().startsWith(run)) {
          HttpResponse<String> r = neutron.send("DELETE", k[0] + "/" + n.get("id").asText(), null);
          if (r.statusCode() != 204 && r.statusCode() != 404) {
            System.err.println("[it] could not delete " + n + ": " + r.statusCode());
          }
        }
      }
    }
  }

  Run cli(String... args) {
    return Fixture.vpnform(env, args);
  }

  String prefix() {
    return admin ? "admin-" : "";
  }

  /** Without Keystone the server needs each new resource's project. */
  String tenant() {
    return admin ? "" : "\n    tenant_id: " + fx.section.tenantId();
  }

  /** The whole site. */
  Path site(String ike, String peerCidr, String serviceExtra, String each) throws IOException {
    String yaml =
        """
        ikepolicies:
          - name: %1$s%2$s
            auth_algorithm: sha256
            encryption_algorithm: aes-256
            ike_version: v2
            pfs: group14
            lifetime: {units: seconds, value: 3600}%3$s
          - name: %4$s%2$s
            auth_algorithm: sha512
            encryption_algorithm: aes-256
            ike_version: v2
            pfs: group14%3$s
        ipsecpolicies:
          - name: %5$s%2$s
            transform_protocol: esp
            auth_algorithm: sha256
            encryption_algorithm: aes-256
            pfs: group14%3$s
        endpoint_groups:
          - name: %6$s%2$s
            type: subnet
            endpoints: [%7$sprivate-a]%3$s
          - name: %8$s%2$s
            type: cidr
            endpoints: [%9$s]%3$s
        vpnservices:
          - name: %10$s%2$s
            router: %7$srouter%11$s%3$s
        connections:
          - name: %12$s%2$s
            vpnservice: %10$s
            ikepolicy: %13$s
            ipsecpolicy: %5$s
            local_ep_group: %6$s
            peer_ep_group: %8$s
            peer_address: 192.0.2.231
            peer_id: 192.0.2.231
            psk: {env: GRAPH_PSK}
        """
            .formatted(
                name("ike"),
                each,
                tenant(),
                name("ike-rotated"),
                name("ipsec"),
                name("local"),
                prefix(),
                name("peer"),
                peerCidr,
                name("vpn"),
                serviceExtra,
                name("conn"),
                ike);
    Path p = dir.resolve("site.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  /** {@code openstack ... show -f json}, by name or id. */
  Map<String, Object> show(String what, String nameOrId) {
    List<String> args = new java.util.ArrayList<>(List.of(what.split(" ")));
    args.addAll(List.of("show", "-f", "json", nameOrId));
    Fixture.Osc r = fx.osc(args.toArray(String[]::new));
    assertThat(r.exit()).as("openstack %s show %s: %s", what, nameOrId, r.output()).isZero();
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readValue(r.stdout(), LinkedHashMap.class);
      return m;
    } catch (IOException e) {
      throw new AssertionError("openstack show printed no JSON: " + r.output(), e);
    }
  }

  boolean exists(String what, String nameOrId) {
    List<String> args = new java.util.ArrayList<>(List.of(what.split(" ")));
    args.addAll(List.of("show", "-f", "json", nameOrId));
    return fx.osc(args.toArray(String[]::new)).exit() == 0;
  }

  Run plan(Path config) {
    return cli("plan", "--detailed-exitcode", config.toString());
  }

  Run apply(Path config) {
    Run r = cli("apply", "--auto-approve", config.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.OK);
    assertThat(r.all()).doesNotContain(env.get("GRAPH_PSK"));
    return r;
  }

  void run() throws IOException {
    String conn = "vpn ipsec site connection";
    // 1. From empty: two IKE policies, an IPsec policy, two groups, a service, a connection.
    Path v1 = site(name("ike"), "192.168.231.0/24", "", "");
    Run planned = plan(v1);
    assertThat(planned.exit()).as(planned.toString()).isEqualTo(ExitCode.CHANGES);
    assertThat(planned.out()).contains("Plan: 7 to add, 0 to change, 0 to destroy.");
    apply(v1);
    Map<String, Object> ike = show("vpn ike policy", name("ike"));
    assertThat(ike)
        .containsEntry("Authentication Algorithm", "sha256")
        .containsEntry("Encryption Algorithm", "aes-256")
        .containsEntry("IKE Version", "v2")
        .containsEntry("Perfect Forward Secrecy (PFS)", "group14")
        .containsEntry("project_id", fx.section.tenantId());
    Map<String, Object> local = show("vpn endpoint group", name("local"));
    assertThat(local).containsEntry("Type", "subnet");
    Map<String, Object> peer = show("vpn endpoint group", name("peer"));
    assertThat(peer)
        .containsEntry("Type", "cidr")
        .containsEntry("Endpoints", List.of("192.168.231.0/24"));
    Map<String, Object> service = show("vpn service", name("vpn"));
    assertThat(service)
        .containsEntry("Subnet", null)
        .containsEntry("project_id", fx.section.tenantId());
    Map<String, Object> c1 = show(conn, name("conn"));
    assertThat(c1)
        .containsEntry("VPN Service", service.get("ID"))
        .containsEntry("IKE Policy", ike.get("ID"))
        .containsEntry("Local Endpoint Group ID", local.get("ID"))
        .containsEntry("Peer Endpoint Group ID", peer.get("ID"))
        .containsEntry("project_id", fx.section.tenantId());

    // 2. Converged once the status settles (no agent here: the DB stands in for it).
    neutron.setStatus((String) c1.get("ID"), "ACTIVE");
    Run again = plan(v1);
    assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCode.OK);

    // 3. A change to the policy in use, in place: a plan error naming the connection; nothing sent.
    Path inUse = site(name("ike"), "192.168.231.0/24", "", "");
    Files.writeString(inUse, Files.readString(inUse).replace("value: 3600", "value: 7200"));
    Run refused = plan(inUse);
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.ERROR);
    assertThat(refused.all()).contains("IKEPolicyInUse").contains(name("conn"));
    assertThat(show("vpn ike policy", name("ike")).get("Lifetime"))
        .isEqualTo(Map.of("units", "seconds", "value", 3600));

    // 4. Rotation: the connection moves to the other IKE policy, which replaces it.
    Path v2 = site(name("ike-rotated"), "192.168.231.0/24", "", "");
    apply(v2);
    Map<String, Object> c2 = show(conn, name("conn"));
    assertThat(c2.get("ID")).isNotEqualTo(c1.get("ID"));
    assertThat(c2)
        .containsEntry("IKE Policy", show("vpn ike policy", name("ike-rotated")).get("ID"));
    assertThat(exists(conn, (String) c1.get("ID"))).isFalse();
    neutron.setStatus((String) c2.get("ID"), "ACTIVE");
    assertThat(plan(v2).exit()).isEqualTo(ExitCode.OK);

    // 5. The peer group's CIDRs: a new group, the connection repointed in place, the old one gone.
    Path v3 = site(name("ike-rotated"), "192.168.232.0/24", "", "");
    apply(v3);
    Map<String, Object> c3 = show(conn, name("conn"));
    assertThat(c3.get("ID")).isEqualTo(c2.get("ID"));
    Map<String, Object> peer2 = show("vpn endpoint group", name("peer"));
    assertThat(peer2.get("ID")).isNotEqualTo(peer.get("ID"));
    assertThat(peer2).containsEntry("Endpoints", List.of("192.168.232.0/24"));
    assertThat(c3).containsEntry("Peer Endpoint Group ID", peer2.get("ID"));
    assertThat(exists("vpn endpoint group", (String) peer.get("ID"))).isFalse();
    assertThat(plan(v3).exit()).isEqualTo(ExitCode.OK);

    // 6. Exclusive: a connection on the service that no file declares is deleted.
    Map<String, Object> stray = new LinkedHashMap<>();
    stray.put("name", name("stray"));
    stray.put("tenant_id", fx.section.tenantId());
    stray.put("vpnservice_id", service.get("ID"));
    stray.put("ikepolicy_id", c3.get("IKE Policy"));
    stray.put("ipsecpolicy_id", c3.get("IPSec Policy"));
    stray.put("local_ep_group_id", c3.get("Local Endpoint Group ID"));
    stray.put("peer_ep_group_id", c3.get("Peer Endpoint Group ID"));
    stray.put("peer_address", "192.0.2.232");
    stray.put("peer_id", "192.0.2.232");
    stray.put("psk", "stray-psk-0001");
    HttpResponse<String> made =
        neutron.send(
            "POST",
            "/v2.0/vpn/ipsec-site-connections",
            RealNeutron.write(Map.of("ipsec_site_connection", stray)));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    Path v4 = site(name("ike-rotated"), "192.168.232.0/24", "\n    exclusive: true", "");
    Run pruning = plan(v4);
    assertThat(pruning.out())
        .contains(name("stray"))
        .contains("Plan: 0 to add, 0 to change, 1 to destroy.");
    apply(v4);
    assertThat(exists(conn, name("stray"))).isFalse();
    assertThat(exists(conn, name("conn"))).isTrue();

    // 7. Everything absent, in one apply: no 409, nothing left, nothing more to do.
    Path v5 = site(name("ike-rotated"), "192.168.232.0/24", "", "\n    state: absent");
    Run gone = plan(v5);
    assertThat(gone.out()).contains("Plan: 0 to add, 0 to change, 7 to destroy.");
    apply(v5);
    assertThat(exists(conn, name("conn"))).isFalse();
    assertThat(exists("vpn service", name("vpn"))).isFalse();
    assertThat(exists("vpn endpoint group", name("local"))).isFalse();
    assertThat(exists("vpn endpoint group", name("peer"))).isFalse();
    assertThat(exists("vpn ike policy", name("ike"))).isFalse();
    assertThat(exists("vpn ike policy", name("ike-rotated"))).isFalse();
    assertThat(exists("vpn ipsec policy", name("ipsec"))).isFalse();
    assertThat(plan(v5).exit()).isEqualTo(ExitCode.OK);
  }
}
