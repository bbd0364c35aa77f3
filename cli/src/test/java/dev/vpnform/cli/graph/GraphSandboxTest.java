package dev.vpnform.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.Reconciler;
import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.Outcome;
import dev.vpnform.apply.ResourceResult;
import dev.vpnform.cloud.Cloud;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.openstack.CloudOptions;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.ResourceChange;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole graph through the library against the sandbox: create from empty, re-plan with no
 * changes, rotate a policy by replacement, an in-use policy refused at plan time, a peer group's
 * CIDRs changed (new group, repoint, old group deleted), exclusive pruning, and everything deleted
 * with {@code state: absent} in one apply.
 */
class GraphSandboxTest {
  static final String PROJECT = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;
  Sandbox sandbox;
  Reconciler reconciler;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.builder().pendingToActiveAfter(Duration.ZERO).build().start();
    reconciler =
        Reconciler.builder()
            .endpoint(sandbox.networkEndpoint().toString())
            .environment(Map.of("PSK", "graph-psk-0001", "OS_AUTH_TYPE", "none")::get)
            .build();
  }

  @AfterEach
  void stop() {
    reconciler.close();
    sandbox.close();
  }

  /** The whole site; {@code ike}, {@code peer} and {@code extra} vary by step. */
  String site(String ikeName, String peerCidr, String extra) {
    return """
        ikepolicies:
          - name: ike-aes256
            tenant_id: %1$s
            auth_algorithm: sha256
            encryption_algorithm: aes-256
            ike_version: v2
            pfs: group14
            lifetime: {units: seconds, value: 3600}
          - name: ike-rotated
            tenant_id: %1$s
            auth_algorithm: sha512
            encryption_algorithm: aes-256
            ike_version: v2
            pfs: group14
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
            endpoints: [%3$s]
        vpnservices:
          - name: vpn-dc1
            tenant_id: %1$s
            router: sandbox-router
        %4$s
        connections:
          - name: dc1-to-branch9
            vpnservice: vpn-dc1
            ikepolicy: %2$s
            ipsecpolicy: ipsec-aes256
            local_ep_group: dc1-local
            peer_ep_group: branch9-peer
            peer_address: 198.51.100.9
            peer_id: 198.51.100.9
            psk: {env: PSK}
        """
        .formatted(PROJECT, ikeName, peerCidr, extra);
  }

  Plan plan(String yaml) throws Exception {
    Path f = dir.resolve("site.yaml");
    Files.writeString(f, yaml);
    DesiredState desired = reconciler.load(List.of(f));
    return reconciler.plan(desired);
  }

  Cloud cloud() throws dev.vpnform.model.VpnformException {
    return Reconciler.connect(
        CloudOptions.builder().endpoint(sandbox.networkEndpoint().toString()).build(),
        Map.of("OS_AUTH_TYPE", "none"),
        dir,
        dir,
        dev.vpnform.openstack.ClientOptions.defaults());
  }

  ApplyResult apply(Plan plan, List<ResourceResult> resources) throws Exception {
    return reconciler.apply(plan, c -> {}, resources::add);
  }

  static List<String> errors(Plan plan) {
    return plan.diagnostics().stream()
        .filter(Diagnostic::isError)
        .map(Diagnostic::toString)
        .toList();
  }

  static Action action(Plan plan, Kind kind, String name) {
    return plan.resources().stream()
        .filter(r -> r.kind() == kind && name.equals(r.name()))
        .map(ResourceChange::action)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no change of " + kind + " " + name));
  }

  static ConnectionChange connection(Plan plan, String name) {
    return plan.changes().stream()
        .filter(c -> name.equals(c.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no change of connection " + name));
  }

  @Test
  void theWholeGraphFromEmptyToGone() throws Exception {
    // 1. From empty: six creates, the connection's ids known after apply.
    Plan created = plan(site("ike-aes256", "192.168.90.0/24", ""));
    assertThat(errors(created)).isEmpty();
    assertThat(created.resources()).extracting(ResourceChange::action).containsOnly(Action.CREATE);
    assertThat(connection(created, "dc1-to-branch9").action()).isEqualTo(Action.CREATE);
    assertThat(
            connection(created, "dc1-to-branch9")
                .request()
                .orElseThrow()
                .fields()
                .get("vpnservice_id"))
        .isEqualTo("(known after apply: vpnservice vpn-dc1)");
    assertThat(created.summary()).isEqualTo("Plan: 7 to add, 0 to change, 0 to destroy.");
    List<ResourceResult> made = new ArrayList<>();
    ApplyResult r1 = apply(created, made);
    assertThat(r1.succeeded()).as("%s %s", r1, made).isTrue();
    assertThat(made).extracting(ResourceResult::outcome).containsOnly(Outcome.CREATED);
    String service =
        made.stream().filter(m -> m.kind() == Kind.VPN_SERVICE).findFirst().orElseThrow().id();
    ActualConnection live = sandboxConnection("dc1-to-branch9");
    assertThat(live.vpnserviceId()).isEqualTo(service);

    // 2. Planned again: nothing to do.
    Plan again = plan(site("ike-aes256", "192.168.90.0/24", ""));
    assertThat(errors(again)).isEmpty();
    assertThat(again.hasChanges()).as("%s", again).isFalse();

    // 3. A change to the policy in use, in place: refused at plan time, naming the connection.
    Plan inUse =
        plan(site("ike-aes256", "192.168.90.0/24", "").replace("value: 3600", "value: 7200"));
    assertThat(errors(inUse))
        .singleElement()
        .asString()
        .contains("in use by the connection 'dc1-to-branch9'")
        .contains("IKEPolicyInUse");

    // 4. Rotation by replacement: the connection moves to the other policy.
    Plan rotate = plan(site("ike-rotated", "192.168.90.0/24", ""));
    assertThat(errors(rotate)).isEmpty();
    assertThat(connection(rotate, "dc1-to-branch9").action()).isEqualTo(Action.REPLACE);
    assertThat(apply(rotate, new ArrayList<>()).succeeded()).isTrue();
    assertThat(plan(site("ike-rotated", "192.168.90.0/24", "")).hasChanges()).isFalse();

    // 5. The peer group's CIDRs: a new group, the connection repointed, the old group deleted.
    Plan peers = plan(site("ike-rotated", "192.168.91.0/24", ""));
    assertThat(errors(peers)).isEmpty();
    assertThat(action(peers, Kind.ENDPOINT_GROUP, "branch9-peer")).isEqualTo(Action.REPLACE);
    assertThat(connection(peers, "dc1-to-branch9").action()).isEqualTo(Action.UPDATE);
    String before = sandboxConnection("dc1-to-branch9").id();
    List<ResourceResult> repointed = new ArrayList<>();
    assertThat(apply(peers, repointed).succeeded()).as("%s", repointed).isTrue();
    assertThat(sandboxConnection("dc1-to-branch9").id()).isEqualTo(before); // not replaced
    assertThat(plan(site("ike-rotated", "192.168.91.0/24", "")).hasChanges()).isFalse();

    // 6. Exclusive: a connection no file declares is pruned.
    sandbox.createConnection(
        Map.of(
            "name",
            "stray",
            "tenant_id",
            PROJECT,
            "vpnservice_id",
            service,
            "ikepolicy_id",
            sandboxConnection("dc1-to-branch9").ikepolicyId(),
            "ipsecpolicy_id",
            sandboxConnection("dc1-to-branch9").ipsecpolicyId(),
            "local_ep_group_id",
            sandboxConnection("dc1-to-branch9").localEpGroupId(),
            "peer_ep_group_id",
            sandboxConnection("dc1-to-branch9").peerEpGroupId(),
            "peer_address",
            "198.51.100.10",
            "peer_id",
            "198.51.100.10",
            "psk",
            "stray-psk-0001"));
    String exclusive =
        site("ike-rotated", "192.168.91.0/24", "")
            .replace("router: sandbox-router", "router: sandbox-router\n    exclusive: true");
    Plan prune = plan(exclusive);
    assertThat(errors(prune)).isEmpty();
    assertThat(connection(prune, "stray").action()).isEqualTo(Action.DELETE);
    assertThat(apply(prune, new ArrayList<>()).succeeded()).isTrue();
    assertThat(plan(exclusive).hasChanges()).isFalse();

    // 7. Everything absent, in one apply, without a 409.
    String absent =
        site("ike-rotated", "192.168.91.0/24", "")
            .replaceAll("(?m)^(  - name: .*)$", "$1\n    state: absent");
    Plan gone = plan(absent);
    assertThat(errors(gone)).isEmpty();
    assertThat(gone.resources())
        .filteredOn(r -> r.action() != Action.NO_OP)
        .extracting(ResourceChange::action)
        .containsOnly(Action.DELETE);
    List<ResourceResult> deleted = new ArrayList<>();
    ApplyResult r7 = apply(gone, deleted);
    assertThat(r7.succeeded()).as("%s %s", r7, deleted).isTrue();
    assertThat(plan(absent).hasChanges()).isFalse();
  }

  ActualConnection sandboxConnection(String name) throws IOException {
    try (Cloud cloud = cloud()) {
      return cloud.findConnections(List.of(), List.of(name)).stream()
          .findFirst()
          .orElseThrow(() -> new AssertionError("no connection " + name));
    } catch (dev.vpnform.model.VpnformException e) {
      throw new IOException(e);
    }
  }
}
