package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan, apply, show and export end to end through the CLI, against the sandbox over real loopback
 * HTTP. The same flows run against real Neutron in the *IT tests.
 */
class SandboxCliTest {
  static final String DC2 = "70000000-0000-4000-8000-000000000001";
  static final String DC3 = "70000000-0000-4000-8000-000000000002";
  static final String EPG = "70000000-0000-4000-8000-000000000003";

  @TempDir Path dir;
  Sandbox sandbox;
  Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.builder().build().start();
    env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("OS_AUTH_TYPE", "none");
    env.put("OS_ENDPOINT", sandbox.networkEndpoint().toString());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  CliRun cli(String... args) {
    return CliRun.of(env, args);
  }

  @Test
  void planApplyThenPlanAgainShowsNoChanges() throws IOException {
    env.put("DC2_PSK", "rotated-psk-0002");
    Path config =
        file(
            "vpn.yaml",
            """
            connections:
              - id: %s
                name: dc1-to-dc2-renamed
                mtu: 1450
                psk: {env: DC2_PSK}
                dpd: {interval: 40}
                peer_cidrs: [192.168.2.0/24, 192.168.5.0/24]
              - name: branch-epg
                peer_ep_group_id: 40000000-0000-4000-8000-000000000004
              - name: dc1-to-dc3
                peer_cidrs: [192.168.4.0/24, 192.168.3.0/24]
            """
                .formatted(DC2));
    CliRun plan = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out())
        .contains("~ name: \"dc1-to-dc2\" -> \"dc1-to-dc2-renamed\"")
        .contains("~ mtu: 1400 -> 1450")
        .contains("~ psk: (sensitive value)")
        .contains("~ dpd.interval: 30 -> 40")
        .contains("~ peer_ep_group_id:")
        .contains("Plan: 0 to add, 2 to change, 0 to destroy. 1 unchanged.");

    CliRun apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.all()).isEqualTo(ExitCode.OK);
    assertThat(apply.out())
        .contains(
            "dc1-to-dc2-renamed (" + DC2 + "): updated name, psk, peer_cidrs, mtu, dpd.interval")
        .contains("Apply complete! Resources: 0 added, 2 changed, 0 destroyed. 1 unchanged.");
    Map<String, Object> stored = sandbox.connection(DC2).orElseThrow();
    assertThat(stored).containsEntry("mtu", 1450).containsEntry("psk", "rotated-psk-0002");
    assertThat(stored.get("dpd"))
        .isEqualTo(Map.of("action", "hold", "interval", 40, "timeout", 120));

    CliRun again = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(again.exit()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains("No changes.");
    assertThat(plan.all() + apply.all() + again.all()).doesNotContain("rotated-psk-0002");
  }

  @Test
  void applyAsksForYesAndOnlyYes() throws IOException {
    Path config = file("vpn.yaml", "connections:\n  - name: dc1-to-dc2\n    mtu: 1500\n");
    assertThat(withStdin("no\n", "apply", config.toString()).exit()).isEqualTo(ExitCode.ERROR);
    assertThat(sandbox.connection(DC2).orElseThrow()).containsEntry("mtu", 1400);
    CliRun yes = withStdin("yes\n", "apply", config.toString());
    assertThat(yes.exit()).as(yes.all()).isEqualTo(ExitCode.OK);
    assertThat(yes.out()).contains("Only 'yes' will be accepted");
    assertThat(sandbox.connection(DC2).orElseThrow()).containsEntry("mtu", 1500);
  }

  CliRun withStdin(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true),
            new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true),
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            env);
    return new CliRun(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aSavedPlanIsPrivateHoldsNoPskShowsAndApplies() throws IOException {
    env.put("DC2_PSK", "CANARY-saved-psk-01");
    Path config =
        file(
            "vpn.yaml",
            "connections:\n  - name: dc1-to-dc2\n    mtu: 1500\n    psk: {env: DC2_PSK}\n");
    Path saved = dir.resolve("plan.json");
    CliRun plan = cli("plan", "-o", saved.toString(), config.toString());
    assertThat(plan.exit()).as(plan.all()).isZero();
    assertThat(Files.getPosixFilePermissions(saved))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String content = Files.readString(saved);
    assertThat(content)
        .doesNotContain("CANARY")
        .contains("\"env\" : \"DC2_PSK\"")
        .contains("actual_fingerprint");

    CliRun show = cli("show", saved.toString());
    assertThat(show.exit()).isZero();
    assertThat(show.out())
        .contains("~ mtu: 1400 -> 1500")
        .contains("~ psk: (sensitive value)")
        .doesNotContain("--rotate-psk");
    assertThat(cli("show", "--format", "json", saved.toString()).out())
        .contains("\"format_version\" : \"1\"");

    CliRun apply = cli("apply", saved.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(sandbox.connection(DC2).orElseThrow())
        .containsEntry("mtu", 1500)
        .containsEntry("psk", "CANARY-saved-psk-01");
    assertThat(plan.all() + show.all() + apply.all()).doesNotContain("CANARY");
  }

  @Test
  void aSavedPlanIsRefusedWhenTheConnectionMovedAndTheOthersStillApply() throws IOException {
    Path config =
        file(
            "vpn.yaml",
            "connections:\n  - name: dc1-to-dc2\n    mtu: 1500\n  - name: branch-epg\n    description: hq\n");
    Path saved = dir.resolve("plan.json");
    assertThat(cli("plan", "-o", saved.toString(), config.toString()).exit()).isZero();
    put(DC2, "{\"ipsec_site_connection\": {\"description\": \"changed by hand\", \"mtu\": 1300}}");

    CliRun apply = cli("apply", saved.toString());
    assertThat(apply.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(apply.out())
        .contains(
            "dc1-to-dc2 ("
                + DC2
                + "): failed: changed since the plan (description ('DC1 to DC2 (legacy mode)' -> 'changed by hand'), mtu (1400 -> 1300)); nothing was sent: plan again")
        .contains("branch-epg (" + EPG + "): updated description")
        .contains(
            "Apply finished with errors: 1 failed. Resources: 0 added, 1 changed, 0 destroyed.");
    assertThat(sandbox.connection(DC2).orElseThrow()).containsEntry("mtu", 1300);

    CliRun rerun = cli("apply", "--auto-approve", config.toString());
    assertThat(rerun.exit()).as(rerun.all()).isZero();
    assertThat(cli("plan", "--detailed-exitcode", config.toString()).exit()).isZero();
  }

  @Test
  void applyWaitsWhileTheConnectionIsPending() throws IOException {
    sandbox.setStatus(DC2, "PENDING_UPDATE");
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    later.schedule(() -> sandbox.setStatus(DC2, "ACTIVE"), 1500, TimeUnit.MILLISECONDS);
    try {
      Path config = file("vpn.yaml", "connections:\n  - name: dc1-to-dc2\n    mtu: 1500\n");
      CliRun apply = cli("apply", "--auto-approve", "--wait-timeout", "30s", config.toString());
      assertThat(apply.exit()).as(apply.all()).isZero();
      assertThat(apply.out())
          .contains("warning: [O15] dc1-to-dc2: status is PENDING_UPDATE")
          .contains("updated mtu");
      assertThat(sandbox.connection(DC2).orElseThrow()).containsEntry("mtu", 1500);
    } finally {
      later.shutdownNow();
    }
  }

  @Test
  void aConnectionStuckInPendingFailsAfterTheWaitTimeout() throws IOException {
    sandbox.setStatus(DC2, "PENDING_UPDATE");
    Path config = file("vpn.yaml", "connections:\n  - name: dc1-to-dc2\n    mtu: 1500\n");
    CliRun apply = cli("apply", "--auto-approve", "--wait-timeout", "2s", config.toString());
    assertThat(apply.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(apply.out())
        .contains("failed: still PENDING_UPDATE after waiting 2 s; nothing was sent");
  }

  @Test
  void exportThenPlanShowsNoChanges() throws IOException {
    CliRun export = cli("export", "--all");
    assertThat(export.exit()).as(export.all()).isZero();
    assertThat(export.out())
        .doesNotContain("sandbox-psk")
        .contains("psk: {env: VPNFORM_PSK_DC1_TO_DC2}")
        // the whole graph: planning it covers every kind
        .contains("\nikepolicies:\n", "\nipsecpolicies:\n", "\nendpoint_groups:\n")
        .contains("\nvpnservices:\n", "    router: sandbox-router\n");
    assertThat(export.err()).contains("export VPNFORM_PSK_DC1_TO_DC2=...");
    Path exported = file("exported.yaml", export.out());
    env.put("VPNFORM_PSK_DC1_TO_DC2", "sandbox-psk-dc2");
    env.put("VPNFORM_PSK_DC1_TO_DC3", "sandbox-psk-dc3");
    env.put("VPNFORM_PSK_BRANCH_EPG", "sandbox-psk-branch");
    CliRun plan = cli("plan", "--detailed-exitcode", exported.toString());
    assertThat(plan.exit()).as(plan.all()).isZero();
    assertThat(plan.out()).contains("No changes.");

    CliRun one = cli("export", "--name", "branch-epg");
    assertThat(one.out())
        .contains("local_ep_group: dc1-local-app") // a unique name: a reference by name
        .doesNotContain("dc1-to-dc2");
    assertThat(cli("export", "--id", "00000000-0000-4000-8000-000000000000").exit())
        .isEqualTo(ExitCode.ERROR);
    assertThat(cli("export").exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void exportAllWritesTheWholeGraph() throws IOException {
    CliRun export = cli("export", "--all");
    assertThat(export.exit()).as(export.all()).isZero();
    assertThat(export.out())
        .contains(
            "ikepolicies:\n  - id: 50000000-0000-4000-8000-000000000001\n    name: ike-default\n")
        .contains("    lifetime: {units: seconds, value: 28800}\n    ike_version: v2\n")
        .contains("ipsecpolicies:\n  - id: 60000000-0000-4000-8000-000000000001\n")
        // a subnet endpoint group keeps its subnet ids
        .contains("    type: subnet\n    endpoints: [20000000-0000-4000-8000-000000000002]\n")
        .contains("    type: cidr\n    endpoints: [192.168.110.0/24, 192.168.111.0/24]\n")
        .contains("vpnservices:\n  - id: 30000000-0000-4000-8000-000000000001\n    name: dc1-vpn\n")
        .contains("    router: sandbox-router\n")
        .contains(
            "    vpnservice: dc1-vpn\n    ikepolicy: ike-default\n    ipsecpolicy: ipsec-default\n")
        .contains("    local_ep_group: dc1-local-app\n    peer_ep_group: branch-peer\n")
        .doesNotContain("tenant_id", "project_id", "status", "external_v4_ip", "sandbox-psk");
    assertThat(export.out().indexOf("ikepolicies:"))
        .isLessThan(export.out().indexOf("ipsecpolicies:"));
    assertThat(export.out().indexOf("vpnservices:"))
        .isLessThan(export.out().indexOf("connections:"));
    assertThat(export.err())
        .startsWith(
            "Exported 2 IKE policies, 2 IPsec policies, 4 endpoint groups, 2 VPN services, 3 IPsec"
                + " site connections. Before planning, set each psk variable:\n");
  }

  @Test
  void schemaPrintsTheJsonSchemaAndExportCanPointEditorsAtIt() throws IOException {
    CliRun schema = cli("schema");
    assertThat(schema.exit()).as(schema.all()).isZero();
    com.fasterxml.jackson.databind.JsonNode tree =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(schema.out());
    assertThat(tree.get("$id").asText()).isEqualTo("https://vpnform.dev/schema/config-1.json");
    assertThat(tree.at("/properties/connections/items/properties/mtu/type").asText())
        .isEqualTo("integer");

    CliRun export = cli("export", "--all", "--schema", "vpnform.schema.json");
    assertThat(export.exit()).as(export.all()).isZero();
    assertThat(export.out()).startsWith("# yaml-language-server: $schema=vpnform.schema.json\n");
    CliRun missing = cli("export", "--name", "nothing-is-named-so", "--name", "dc1-to-dc2");
    assertThat(missing.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(missing.err())
        .startsWith("vpnform: no IPsec site connection with name 'nothing-is-named-so' at http://")
        .doesNotContain("dc1-to-dc2");
  }

  @Test
  void keystonePasswordAuthThroughCloudsYaml() throws IOException {
    sandbox.close();
    sandbox = Sandbox.builder().keystone(true).build().start();
    Path clouds =
        file(
            "clouds.yaml",
            """
            clouds:
              sandbox:
                auth:
                  auth_url: %s
                  username: admin
                  password: admin
                  project_name: admin
                  user_domain_name: Default
                  project_domain_name: Default
                region_name: RegionOne
            """
                .formatted(sandbox.identityEndpoint()));
    env.clear();
    env.put("HOME", dir.toString());
    env.put("OS_CLIENT_CONFIG_FILE", clouds.toString());
    env.put("OS_CLOUD", "sandbox");
    Path config =
        file("vpn.yaml", "connections:\n  - name: dc1-to-dc2\n    description: via keystone\n");
    CliRun apply = cli("apply", "--auto-approve", "--debug", config.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(sandbox.connection(DC2).orElseThrow()).containsEntry("description", "via keystone");
    assertThat(apply.all()).doesNotContain("sandbox-psk").doesNotContain("password: admin");
  }

  @Test
  void aWrongEndpointIsAnErrorWithoutStackTrace() throws IOException {
    env.put("OS_ENDPOINT", "http://127.0.0.1:9");
    Path config = file("vpn.yaml", "connections:\n  - name: dc1-to-dc2\n    mtu: 1500\n");
    CliRun plan = cli("plan", "--timeout", "2", config.toString());
    assertThat(plan.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(plan.err()).startsWith("vpnform: ").doesNotContain("\tat ");
  }

  void put(String id, String body) throws IOException {
    var client = java.net.http.HttpClient.newHttpClient();
    var req =
        java.net.http.HttpRequest.newBuilder(
                sandbox.networkEndpoint().resolve("/v2.0/vpn/ipsec-site-connections/" + id))
            .header("Content-Type", "application/json")
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      var resp = client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
