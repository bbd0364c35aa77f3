package dev.vpnform.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.it.Fixture.Run;
import dev.vpnform.sandbox.testing.RealNeutron;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI flows of SandboxCliTest against a REAL neutron-server: plan, apply, confirm with the real
 * {@code openstack ... show -f json} that exactly the intended fields changed, and plan again with
 * no changes. Each test creates its own connections (POST to the noauth server, set ACTIVE in the
 * DB) and deletes them afterwards. The subclasses choose how vpnform and openstack authenticate.
 */
abstract class CliFlows {
  static RealNeutron neutron;

  @TempDir Path dir;
  Fixture fx;
  Map<String, String> env;

  /** Whether the connections belong to keystone's admin project (seed.json "admin"). */
  abstract boolean admin();

  /** The clouds.yaml cloud for the real openstack CLI. */
  abstract String oscCloud();

  /** The OS_* variables vpnform runs with. */
  abstract Map<String, String> cloudEnv();

  @BeforeAll
  static void realNeutron() {
    neutron = RealNeutron.findWithKeystone();
  }

  @BeforeEach
  void setUp() {
    RealNeutron.assume(neutron);
    fx = new Fixture(neutron, admin(), oscCloud(), dir);
    env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.putAll(cloudEnv());
  }

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  Path yaml(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  Run cli(String... args) {
    return Fixture.vpnform(env, args);
  }

  /** plan --detailed-exitcode: exit 0 and "No changes.". */
  Run assertConverged(Path config) {
    Run again = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains("No changes.");
    return again;
  }

  static void assertOnlyChanged(
      Map<String, Object> before, Map<String, Object> after, String... keys) {
    Map<String, Object[]> d = Fixture.diff(before, after);
    assertThat(d.keySet())
        .as("fields that changed according to openstack show: %s", describe(d))
        .containsExactlyInAnyOrder(keys);
  }

  private static String describe(Map<String, Object[]> d) {
    StringBuilder sb = new StringBuilder();
    d.forEach(
        (k, v) -> sb.append(k).append(": ").append(v[0]).append(" -> ").append(v[1]).append("; "));
    return sb.toString();
  }

  static final List<String> CIDRS =
      List.of("192.168.150.0/24", "192.168.151.0/24", "192.168.152.0/24");

  String legacy(String prefix) throws IOException {
    return fx.createLegacy(
        Fixture.unique(prefix), "it-psk-" + Fixture.unique("x"), CIDRS, Map.of());
  }

  // --- the flows ----------------------------------------------------------------------------

  @Test
  void createReplaceAndDeleteFromReferencesByName() throws IOException {
    try (LifecycleSteps steps = new LifecycleSteps(neutron, fx, env, dir, admin())) {
      steps.run();
    }
  }

  @Test
  void theWholeGraphFromEmptyToGone() throws IOException {
    try (GraphSteps steps = new GraphSteps(neutron, fx, env, dir, admin())) {
      steps.run();
    }
  }

  @Test
  void renameByIdChangesOnlyTheName() throws IOException {
    String name = Fixture.unique("it-rename");
    String id = fx.createLegacy(name, "it-psk-rename", CIDRS, Map.of());
    Map<String, Object> before = fx.oscShow(id);
    String renamed = name + "-renamed";
    Path config =
        yaml("vpn.yaml", "connections:\n  - id: %s\n    name: %s\n".formatted(id, renamed));

    Run plan = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out())
        .contains("~ name: \"" + name + "\" -> \"" + renamed + "\"")
        .contains("Plan: 0 to add, 1 to change, 0 to destroy.");

    Run apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.OK);
    assertThat(apply.out())
        .contains(renamed + " (" + id + "): updated name")
        .contains("Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");

    Map<String, Object> after = fx.oscShow(id);
    assertOnlyChanged(before, after, "Name");
    assertThat(after).containsEntry("Name", renamed);
    assertConverged(config);
  }

  @Test
  void mtuChangesOnlyTheMtu() throws IOException {
    String id = legacy("it-mtu");
    Map<String, Object> before = fx.oscShow(id);
    assertThat(before).containsEntry("MTU", 1500);
    Path config = yaml("vpn.yaml", "connections:\n  - id: %s\n    mtu: 1400\n".formatted(id));

    Run plan = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out()).contains("~ mtu: 1500 -> 1400");
    Run apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.OK);
    assertThat(apply.out()).contains("updated mtu");

    Map<String, Object> after = fx.oscShow(id);
    assertOnlyChanged(before, after, "MTU");
    assertThat(after).containsEntry("MTU", 1400);
    assertConverged(config);
  }

  @Test
  void partialDpdChangesOnlyTheIntervalAndTheServerKeepsTheRest() throws IOException {
    String id =
        fx.createLegacy(
            Fixture.unique("it-dpd"),
            "it-psk-dpd",
            CIDRS,
            Map.of("dpd", Map.of("action", "restart", "interval", 20, "timeout", 100)));
    Map<String, Object> before = fx.oscShow(id);
    Path config =
        yaml("vpn.yaml", "connections:\n  - id: %s\n    dpd: {interval: 40}\n".formatted(id));

    Run plan = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out())
        .contains("~ dpd.interval: 20 -> 40")
        .doesNotContain("dpd.action")
        .doesNotContain("dpd.timeout");
    Run apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.OK);
    assertThat(apply.out()).contains("updated dpd.interval");

    Map<String, Object> after = fx.oscShow(id);
    assertOnlyChanged(before, after, "dpd");
    assertThat(after.get("dpd"))
        .isEqualTo(Map.of("action", "restart", "interval", 40, "timeout", 100));
    assertConverged(config);
  }

  @Test
  void reorderedPeerCidrsAreNoChange() throws IOException {
    String name = Fixture.unique("it-cidrs");
    String id = fx.createLegacy(name, "it-psk-cidrs", CIDRS, Map.of());
    Map<String, Object> before = fx.oscShow(id);
    // by name this time, and in another order than the server's
    Path config =
        yaml(
            "vpn.yaml",
            "connections:\n  - name: %s\n    peer_cidrs: [192.168.152.0/24, 192.168.150.0/24, 192.168.151.0/24]\n"
                .formatted(name));

    Run plan = assertConverged(config);
    assertThat(plan.out()).doesNotContain("peer_cidrs");
    Run apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.OK);
    assertThat(apply.out()).contains("No changes.").doesNotContain("updated");
    assertOnlyChanged(before, fx.oscShow(id));
  }

  @Test
  void pskRotationFromTheEnvironmentNeverShowsThePsk() throws IOException {
    String oldPsk = "it-old-psk-" + Fixture.unique("p");
    String newPsk = "it-new-psk-" + Fixture.unique("p");
    String id = fx.createLegacy(Fixture.unique("it-psk"), oldPsk, CIDRS, Map.of());
    Map<String, Object> before = fx.oscShow(id);
    env.put("IT_ROTATED_PSK", newPsk);
    Path config =
        yaml(
            "vpn.yaml", "connections:\n  - id: %s\n    psk: {env: IT_ROTATED_PSK}\n".formatted(id));

    Run plan = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out()).contains("~ psk: (sensitive value)");
    Run apply = cli("apply", "--auto-approve", "--debug", config.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.OK);
    assertThat(apply.out()).contains("updated psk");
    assertThat(apply.err()).contains("DEBUG > PUT "); // the wire log ran, and masked

    assertThat(fx.get(id).get("psk").asText()).isEqualTo(newPsk);
    Map<String, Object> after = fx.oscShow(id);
    assertOnlyChanged(before, after, "Pre-shared Key");
    Run again = assertConverged(config);
    for (Run r : List.of(plan, apply, again)) {
      assertThat(r.all()).doesNotContain(newPsk).doesNotContain(oldPsk);
    }
  }

  @Test
  void endpointGroupChangeMovesOnlyThePeerGroup() throws IOException {
    String id = fx.createEpg(Fixture.unique("it-epg"), "it-psk-epg", Map.of());
    Map<String, Object> before = fx.oscShow(id);
    String peerB = fx.section.peerB();
    Path config =
        yaml(
            "vpn.yaml",
            "connections:\n  - id: %s\n    peer_ep_group_id: %s\n".formatted(id, peerB));

    Run plan = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out()).contains("~ peer_ep_group_id: ").contains(peerB);
    Run apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.OK);
    assertThat(apply.out()).contains("updated peer_ep_group_id");

    Map<String, Object> after = fx.oscShow(id);
    assertOnlyChanged(before, after, "Peer Endpoint Group ID");
    assertThat(after).containsEntry("Peer Endpoint Group ID", peerB);
    assertConverged(config);
  }

  @Test
  void applyWaitsWhileTheConnectionIsPendingUpdate() throws Exception {
    String id = legacy("it-pending");
    Map<String, Object> before = fx.oscShow(id);
    Path config = yaml("vpn.yaml", "connections:\n  - id: %s\n    mtu: 1400\n".formatted(id));
    neutron.setStatus(id, "PENDING_UPDATE");
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      long start = System.nanoTime();
      ScheduledFuture<?> release =
          later.schedule(() -> neutron.setStatus(id, "ACTIVE"), 2, TimeUnit.SECONDS);
      Run apply = cli("apply", "--auto-approve", "--wait-timeout", "60s", config.toString());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      release.get(30, TimeUnit.SECONDS);
      System.out.printf(
          "[%s] apply with a PENDING_UPDATE released after 2 s took %d ms%n",
          getClass().getSimpleName(), ms);
      assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.OK);
      assertThat(apply.out())
          .contains("warning: [O15]")
          .contains("status is PENDING_UPDATE")
          .contains("updated mtu");
      assertThat(ms)
          .as("apply must have waited for the release after 2 s")
          .isGreaterThanOrEqualTo(1900);
    } finally {
      later.shutdownNow();
    }
    Map<String, Object> after = fx.oscShow(id);
    assertOnlyChanged(before, after, "MTU");
    assertConverged(config);
  }

  @Test
  void aSavedPlanIsRefusedWhenTheConnectionMovedOutOfBand() throws IOException {
    String id = legacy("it-stale");
    Path config = yaml("vpn.yaml", "connections:\n  - id: %s\n    mtu: 1400\n".formatted(id));
    Path saved = dir.resolve("plan.json");
    Run plan = cli("plan", "-o", saved.toString(), config.toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCode.OK);

    Fixture.Osc set = fx.osc("vpn", "ipsec", "site", "connection", "set", "--description", "x", id);
    assertThat(set.exit()).as(set.output()).isZero();
    Map<String, Object> moved = fx.oscShow(id);
    assertThat(moved).containsEntry("Description", "x");

    Run apply = cli("apply", saved.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.ERROR);
    assertThat(apply.out())
        .contains("(" + id + "): failed: changed since the plan (description ('' -> 'x'))")
        .contains("nothing was sent: plan again")
        .contains(
            "Apply finished with errors: 1 failed. Resources: 0 added, 0 changed, 0 destroyed.");
    assertOnlyChanged(moved, fx.oscShow(id)); // nothing was sent

    Run rerun = cli("apply", "--auto-approve", config.toString());
    assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCode.OK);
    Map<String, Object> after = fx.oscShow(id);
    assertOnlyChanged(moved, after, "MTU");
    assertThat(after).containsEntry("Description", "x").containsEntry("MTU", 1400);
    assertConverged(config);
  }

  @Test
  void exportThenPlanHasNoChangesAndASavedPlanShowsAndApplies() throws IOException {
    String psk = "it-export-psk-" + Fixture.unique("p");
    String id =
        fx.createLegacy(Fixture.unique("it-export"), psk, CIDRS, Map.of("description", "exported"));
    Run export = cli("export", "--id", id);
    assertThat(export.exit()).as(export.toString()).isEqualTo(ExitCode.OK);
    assertThat(export.out()).contains("id: " + id).contains("psk: {env: ").doesNotContain(psk);
    Matcher m = Pattern.compile("export (VPNFORM_PSK_[A-Z0-9_]+)=\\.\\.\\.").matcher(export.err());
    assertThat(m.find()).as(export.err()).isTrue();
    Path exported = yaml("exported.yaml", export.out());
    env.put(m.group(1), psk);
    Run plan = assertConverged(exported);
    assertThat(plan.all()).doesNotContain(psk);

    Map<String, Object> before = fx.oscShow(id);
    Path config = yaml("vpn.yaml", "connections:\n  - id: %s\n    mtu: 1400\n".formatted(id));
    Path saved = dir.resolve("saved-plan");
    assertThat(cli("plan", "-o", saved.toString(), config.toString()).exit()).isZero();
    Run show = cli("show", saved.toString());
    assertThat(show.exit()).as(show.toString()).isZero();
    assertThat(show.out())
        .contains("Saved plan " + saved)
        .contains("against " + endpoint())
        .contains("~ mtu: 1500 -> 1400")
        .contains("Plan: 0 to add, 1 to change, 0 to destroy.");
    Run apply = cli("apply", saved.toString());
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCode.OK);
    assertThat(apply.out()).contains("Applying the saved plan").contains("updated mtu");
    assertOnlyChanged(before, fx.oscShow(id), "MTU");
    // the exported file manages mtu too: it now wants the old value back
    Run back = cli("plan", "--detailed-exitcode", exported.toString());
    assertThat(back.exit()).as(back.toString()).isEqualTo(ExitCode.CHANGES);
    assertThat(back.out()).contains("~ mtu: 1400 -> 1500").doesNotContain(psk);
  }

  /** The Networking endpoint vpnform reaches in this variant. */
  abstract String endpoint();
}
