package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole VPNaaS graph through the command line, against the sandbox over loopback HTTP: what
 * plan, show and apply say of IKE policies, IPsec policies, endpoint groups and VPN services, a
 * saved plan applied as shown, and export --all planned back with no changes.
 */
class GraphCliTest {
  static final String PROJECT = "0123456789abcdef0123456789abcdef";
  static final String PSK = "graph-cli-psk-0001";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Sandbox sandbox;
  Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.builder().pendingToActiveAfter(Duration.ZERO).build().start();
    env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("OS_AUTH_TYPE", "none");
    env.put("OS_ENDPOINT", sandbox.networkEndpoint().toString());
    env.put("PSK", PSK);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  CliRun cli(String... args) {
    return CliRun.of(env, args);
  }

  Path site(String peerCidr) throws IOException {
    Path f = dir.resolve("site.yaml");
    Files.writeString(
        f,
        """
        ikepolicies:
          - name: ike-aes256
            tenant_id: %1$s
            auth_algorithm: sha256
            encryption_algorithm: aes-256
            ike_version: v2
            pfs: group14
            lifetime: {units: seconds, value: 3600}
        ipsecpolicies:
          - name: ipsec-aes256
            tenant_id: %1$s
            transform_protocol: esp
            auth_algorithm: sha256
            encryption_algorithm: aes-256
            pfs: group14
        endpoint_groups:
          - name: dc1-local
            tenant_id: %1$s
            type: subnet
            endpoints: [dc1-app]
          - name: branch9-peer
            tenant_id: %1$s
            type: cidr
            endpoints: [%2$s]
        vpnservices:
          - name: vpn-dc1
            tenant_id: %1$s
            router: sandbox-router
        connections:
          - name: dc1-to-branch9
            vpnservice: vpn-dc1
            ikepolicy: ike-aes256
            ipsecpolicy: ipsec-aes256
            local_ep_group: dc1-local
            peer_ep_group: branch9-peer
            peer_address: 198.51.100.9
            peer_id: 198.51.100.9
            psk: {env: PSK}
        """
            .formatted(PROJECT, peerCidr));
    return f;
  }

  @Test
  void planShowApplyASavedPlanOfTheWholeGraph() throws Exception {
    Path site = site("192.168.90.0/24");
    Path saved = dir.resolve("create.plan");
    CliRun plan = cli("plan", "-o", saved.toString(), site.toString());
    assertThat(plan.exit()).as(plan.all()).isZero();
    assertThat(plan.out())
        .startsWith(
            "vpnform will create 6 resources (profile openstack):\n\n"
                + "  # ikepolicy \"ike-aes256\" will be created\n"
                + "  + ikepolicy \"ike-aes256\"  ")
        .contains("  # ipsecpolicy \"ipsec-aes256\" will be created\n")
        .contains("  # endpoint_group \"dc1-local\" will be created\n")
        .contains("  # endpoint_group \"branch9-peer\" will be created\n")
        .contains("  # vpnservice \"vpn-dc1\" will be created\n")
        .contains("      + vpnservice_id: (known after apply)\n")
        .contains("Plan: 6 to add, 0 to change, 0 to destroy.")
        .doesNotContain(PSK, "known after apply:");

    CliRun show = cli("show", "--format", "json", saved.toString());
    assertThat(show.exit()).as(show.all()).isZero();
    JsonNode shown = JSON.readTree(show.out());
    assertThat(shown.get("resource_changes").findValuesAsText("kind"))
        .containsExactly(
            "ikepolicy", "ipsecpolicy", "endpoint_group", "endpoint_group", "vpnservice");
    assertThat(shown.get("changes").get(0).get("request").toString())
        .contains("(known after apply: vpnservice vpn-dc1)")
        .doesNotContain(PSK);
    assertThat(cli("show", saved.toString()).out())
        .contains("  # vpnservice \"vpn-dc1\" will be created\n");

    CliRun apply = cli("apply", saved.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out())
        .containsPattern(
            "\\[[1-5]/6\\] ikepolicy\\.ike-aes256: Creation complete \\(id [0-9a-f-]{36}\\)")
        .contains("vpnservice.vpn-dc1: Creation complete (id ")
        .contains("Apply complete! Resources: 6 added, 0 changed, 0 destroyed.")
        .doesNotContain(PSK);

    CliRun again = cli("plan", "--detailed-exitcode", site.toString());
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out())
        .contains("No changes. The VPN resources match the configuration (6 resources checked).");

    // The peer group's CIDRs: a new group made first, the connection repointed, the old deleted.
    Path peers = dir.resolve("peers.plan");
    CliRun replace = cli("plan", "-o", peers.toString(), site("192.168.91.0/24").toString());
    assertThat(replace.exit()).as(replace.all()).isZero();
    assertThat(replace.out())
        .contains("  # endpoint_group \"branch9-peer\" must be replaced\n")
        .contains("# forces replacement")
        .contains("the new group is made first, the connections 'dc1-to-branch9' are repointed");
    CliRun md = cli("show", "--format", "markdown", peers.toString());
    assertThat(md.out())
        .contains("| | resource | id | source | changes |", "`endpoint_group \"branch9-peer\"`");
    CliRun applied = cli("apply", peers.toString());
    assertThat(applied.exit()).as(applied.all()).isZero();
    assertThat(applied.out())
        .contains("endpoint_group.branch9-peer: Replacement complete (id ")
        .contains("Apply complete! Resources: 1 added, 1 changed, 1 destroyed.");
    assertThat(cli("plan", "--detailed-exitcode", site("192.168.91.0/24").toString()).exit())
        .isZero();

    // What it made, exported with everything else the credentials see, plans with no changes.
    CliRun export = cli("export", "--all");
    assertThat(export.exit()).as(export.all()).isZero();
    assertThat(export.out())
        .contains("    name: branch9-peer\n    description: \"\"\n    type: cidr\n")
        .contains("    endpoints: [192.168.91.0/24]\n")
        .contains("    name: vpn-dc1\n    description: \"\"\n    router: sandbox-router\n")
        .contains("    vpnservice: vpn-dc1\n    ikepolicy: ike-aes256\n")
        .contains("    peer_ep_group: branch9-peer\n")
        .doesNotContain(PSK, PROJECT);
    Path exported = dir.resolve("exported.yaml");
    Files.writeString(exported, export.out());
    env.put("VPNFORM_PSK_DC1_TO_BRANCH9", PSK);
    env.put("VPNFORM_PSK_DC1_TO_DC2", "sandbox-psk-dc2");
    env.put("VPNFORM_PSK_DC1_TO_DC3", "sandbox-psk-dc3");
    env.put("VPNFORM_PSK_BRANCH_EPG", "sandbox-psk-branch");
    CliRun replanned = cli("plan", "--detailed-exitcode", exported.toString());
    assertThat(replanned.exit()).as(replanned.all()).isZero();
    assertThat(replanned.out()).contains("No changes. The VPN resources match the configuration");
  }
}
