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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole lifecycle of site connections against a REAL neutron-server, each step confirmed with
 * the real {@code openstack} CLI: create a legacy and an endpoint-group connection from references
 * by name, converge once their status settles, leave alone an entry removed from the files, replace
 * one by a policy change, delete both with {@code state: absent}. {@link CliFlows} runs it with
 * each way of authenticating.
 */
final class LifecycleSteps implements AutoCloseable {
  private final RealNeutron neutron;
  private final Fixture fx;
  private final Map<String, String> env;
  private final Path dir;
  private final boolean admin;
  private final List<String> cleanup = new ArrayList<>();

  LifecycleSteps(
      RealNeutron neutron, Fixture fx, Map<String, String> env, Path dir, boolean admin) {
    this.neutron = neutron;
    this.fx = fx;
    this.env = new HashMap<>(env);
    this.env.put("LC_PSK", "lc-psk-" + Fixture.unique("k"));
    this.dir = dir;
    this.admin = admin;
  }

  /** Deletes what the steps created, whatever happened. */
  @Override
  public void close() throws IOException {
    for (String path : cleanup) {
      HttpResponse<String> r = neutron.send("DELETE", path, null);
      if (r.statusCode() != 204 && r.statusCode() != 404) {
        System.err.println("[it] could not delete " + path + ": " + r.statusCode());
      }
    }
  }

  String prefix() {
    return admin ? "admin-" : "";
  }

  Run cli(String... args) {
    return Fixture.vpnform(env, args);
  }

  Path write(String text) throws IOException {
    Path p = dir.resolve("vpn.yaml");
    Files.writeString(p, text);
    return p;
  }

  String legacy(String name, String ike, String extra) {
    return """
          - name: %s
            vpnservice: %svpn-legacy
            ikepolicy: %s
            ipsecpolicy: %sipsec-1
            peer_address: 192.0.2.201
            peer_id: 192.0.2.201
            peer_cidrs: [192.168.201.0/24]
            psk: {env: LC_PSK}
        %s"""
        .formatted(name, prefix(), ike, prefix(), extra);
  }

  String epg(String name, String extra) {
    return """
          - name: %s
            vpnservice: %svpn-epg
            ikepolicy: %sike-1
            ipsecpolicy: %sipsec-1
            local_ep_group: %slocal-a
            peer_ep_group: %speer-a
            peer_address: 192.0.2.202
            peer_id: 192.0.2.202
            psk: {env: LC_PSK}
        %s"""
        .formatted(name, prefix(), prefix(), prefix(), prefix(), prefix(), extra);
  }

  /** The actions of {@code plan --format json}, by connection name. */
  Map<String, String> actions(Path config) throws IOException {
    Run r = cli("plan", "--format", "json", config.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.OK);
    Map<String, String> out = new HashMap<>();
    for (JsonNode c : RealNeutron.json(r.out()).get("changes")) {
      out.put(c.get("name").asText(), c.get("action").asText());
    }
    return out;
  }

  Map<String, Object> show(String nameOrId) {
    return fx.oscShow(nameOrId);
  }

  boolean exists(String nameOrId) {
    return fx.osc("vpn", "ipsec", "site", "connection", "show", "-f", "json", nameOrId).exit() == 0;
  }

  void run() throws IOException {
    String l = Fixture.unique("lc-legacy");
    String e = Fixture.unique("lc-epg");
    String ike2 = Fixture.unique("lc-ike");
    cleanup.add("/v2.0/vpn/ikepolicies/" + policy(ike2));

    // create both from references by name
    Path v1 = write("connections:\n" + legacy(l, prefix() + "ike-1", "") + epg(e, ""));
    assertThat(actions(v1)).containsEntry(l, "create").containsEntry(e, "create");
    Run created = cli("apply", "--auto-approve", v1.toString());
    assertThat(created.exit()).as(created.toString()).isEqualTo(ExitCode.OK);
    Map<String, Object> ls = show(l);
    Map<String, Object> es = show(e);
    String lid = (String) ls.get("ID");
    String eid = (String) es.get("ID");
    cleanup.add("/v2.0/vpn/ipsec-site-connections/" + lid);
    cleanup.add("/v2.0/vpn/ipsec-site-connections/" + eid);
    assertThat(ls)
        .containsEntry("VPN Service", fx.section.vpnserviceLegacy())
        .containsEntry("IKE Policy", fx.section.ikepolicy())
        .containsEntry("Peer Address", "192.0.2.201")
        .containsEntry("Status", "PENDING_CREATE")
        .containsEntry("project_id", fx.section.tenantId());
    assertThat(es)
        .containsEntry("VPN Service", fx.section.vpnserviceEpg())
        .containsEntry("Local Endpoint Group ID", fx.section.localA())
        .containsEntry("Peer Endpoint Group ID", fx.section.peerA());
    assertThat(created.all()).doesNotContain(env.get("LC_PSK"));

    // converged once the status settles (no agent here: the DB stands in for it)
    neutron.setStatus(lid, "ACTIVE");
    neutron.setStatus(eid, "ACTIVE");
    Run again = cli("plan", "--detailed-exitcode", v1.toString());
    assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCode.OK);

    // a policy change replaces the legacy one; the entry removed from the files stays
    Path v2 = write("connections:\n" + legacy(l, ike2, ""));
    assertThat(actions(v2)).containsEntry(l, "replace").doesNotContainKey(e);
    Run replaced = cli("apply", "--auto-approve", v2.toString());
    assertThat(replaced.exit()).as(replaced.toString()).isEqualTo(ExitCode.OK);
    Map<String, Object> now = show(l);
    assertThat(now.get("ID")).isNotEqualTo(lid);
    assertThat(now).containsEntry("IKE Policy", policy(ike2));
    cleanup.add("/v2.0/vpn/ipsec-site-connections/" + now.get("ID"));
    assertThat(exists(lid)).as("the replaced connection is gone").isFalse();
    assertThat(exists(eid)).as("removed from the files is not deleted").isTrue();

    // state: absent deletes both, and a re-run has nothing left to do
    Path v3 =
        write(
            "connections:\n"
                + legacy(l, ike2, "    state: absent\n")
                + epg(e, "    state: absent\n"));
    assertThat(actions(v3)).containsEntry(l, "delete").containsEntry(e, "delete");
    Run deleted = cli("apply", "--auto-approve", v3.toString());
    assertThat(deleted.exit()).as(deleted.toString()).isEqualTo(ExitCode.OK);
    assertThat(exists(l)).isFalse();
    assertThat(exists(eid)).isFalse();
    Run done = cli("plan", "--detailed-exitcode", v3.toString());
    assertThat(done.exit()).as(done.toString()).isEqualTo(ExitCode.OK);
  }

  private final Map<String, String> policies = new HashMap<>();

  /** An IKE policy named {@code name} in the section's project, created on first use. */
  String policy(String name) throws IOException {
    String id = policies.get(name);
    if (id == null) {
      HttpResponse<String> r =
          neutron.send(
              "POST",
              "/v2.0/vpn/ikepolicies",
              RealNeutron.write(
                  Map.of(
                      "ikepolicy",
                      Map.of(
                          "name",
                          name,
                          "tenant_id",
                          fx.section.tenantId(),
                          "auth_algorithm",
                          "sha256"))));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      id = RealNeutron.json(r.body()).get("ikepolicy").get("id").asText();
      policies.put(name, id);
    }
    return id;
  }
}
