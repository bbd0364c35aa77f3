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
    assertThat(
            peers.resources().stream()
                .filter(r -> r.kind() == Kind.ENDPOINT_GROUP && r.action() == Action.REPLACE)
                .findFirst()
                .orElseThrow()
                .notes())
        .extracting(dev.vpnform.model.Note::detail)
        .singleElement()
        .asString()
        .contains("'dc1-to-branch9' are repointed to it in place");
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

  @Test
  void aServiceWhoseSubnetChangesIsReplacedWithItsConnections() throws Exception {
    String legacy =
        """
        ikepolicies:
          - {name: l-ike, tenant_id: %1$s, auth_algorithm: sha256}
        ipsecpolicies:
          - {name: l-ipsec, tenant_id: %1$s, auth_algorithm: sha256}
        vpnservices:
          - {name: l-vpn, tenant_id: %1$s, router: sandbox-router, subnet: dc1-subnet}
        connections:
          - name: l-conn
            vpnservice: l-vpn
            ikepolicy: l-ike
            ipsecpolicy: l-ipsec
            peer_cidrs: [192.168.70.0/24]
            peer_address: 198.51.100.70
            peer_id: 198.51.100.70
            psk: {env: PSK}
        """
            .formatted(PROJECT);
    assertThat(apply(plan(legacy), new ArrayList<>()).succeeded()).isTrue();
    String oldService = sandboxConnection("l-conn").vpnserviceId();
    String oldConnection = sandboxConnection("l-conn").id();

    Plan moved = plan(legacy.replace("subnet: dc1-subnet", "subnet: dc1-app"));
    assertThat(errors(moved)).isEmpty();
    assertThat(action(moved, Kind.VPN_SERVICE, "l-vpn")).isEqualTo(Action.REPLACE);
    assertThat(
            moved.resources().stream()
                .filter(r -> r.kind() == Kind.VPN_SERVICE)
                .findFirst()
                .orElseThrow()
                .replacedBy())
        .containsExactly("subnet_id");
    assertThat(
            moved.resources().stream()
                .filter(r -> r.kind() == Kind.VPN_SERVICE)
                .findFirst()
                .orElseThrow()
                .notes())
        .extracting(dev.vpnform.model.Note::detail)
        .singleElement()
        .asString()
        .contains("replaces its connections 'l-conn'");
    assertThat(connection(moved, "l-conn").action()).isEqualTo(Action.REPLACE);
    assertThat(moved.summary()).isEqualTo("Plan: 2 to add, 0 to change, 2 to destroy.");
    List<ResourceResult> results = new ArrayList<>();
    ApplyResult r = apply(moved, results);
    assertThat(r.succeeded()).as("%s %s", r, results).isTrue();
    ActualConnection now = sandboxConnection("l-conn");
    assertThat(now.id()).isNotEqualTo(oldConnection);
    assertThat(now.vpnserviceId()).isNotEqualTo(oldService);
    assertThat(plan(legacy.replace("subnet: dc1-subnet", "subnet: dc1-app")).hasChanges())
        .isFalse();
  }

  @Test
  void deletesAndReplacesThatAConnectionOutsideThePlanBlocksAreErrors() throws Exception {
    // ike-default is used by the sample connection dc1-to-dc2, which no file declares.
    Plan delete = plan("ikepolicies:\n  - {name: ike-default, state: absent}\n");
    assertThat(errors(delete))
        .singleElement()
        .asString()
        .contains("cannot be deleted while 2 connections: 'dc1-to-dc2'")
        .contains("'branch-epg'")
        .contains("state: absent");
    // branch-peer is used by branch-epg: changing its CIDRs would leave the old group in use.
    Plan replace =
        plan(
            "endpoint_groups:\n  - {name: branch-peer, type: cidr, endpoints: [192.168.101.0/24]}\n");
    assertThat(errors(replace))
        .singleElement()
        .asString()
        .contains("must be replaced (endpoints")
        .contains("'branch-epg'");
    // ike-strong is in use by dc1-to-dc3: a rename is a 409 on the server, so an error here.
    Plan rename =
        plan("ikepolicies:\n  - {id: 50000000-0000-4000-8000-000000000002, name: renamed}\n");
    assertThat(errors(rename)).singleElement().asString().contains("IKEPolicyInUse");
    // A protected resource is never deleted.
    Plan protectedDelete =
        plan("ikepolicies:\n  - {name: unused-ike, tenant_id: %s}\n".formatted(PROJECT));
    assertThat(apply(protectedDelete, new ArrayList<>()).succeeded()).isTrue();
    Plan refused = plan("ikepolicies:\n  - {name: unused-ike, state: absent, protect: true}\n");
    assertThat(errors(refused)).singleElement().asString().contains("protected");
  }

  @Test
  void aPolicyInUseChangesWhenEveryConnectionThatUsesItIsReplacedInThePlan() throws Exception {
    // dc1-to-dc3 uses ike-strong; moving it to another project replaces it, and the policy
    // change is then ordered after its delete and before its create.
    Plan both =
        plan(
            """
            ikepolicies:
              - {name: ike-strong, lifetime: {units: seconds, value: 7200}}
            connections:
              - name: dc1-to-dc3
                tenant_id: %s
                vpnservice: dc1-vpn
                ikepolicy: ike-strong
                ipsecpolicy: ipsec-strong
                peer_address: 198.51.100.3
                peer_id: 198.51.100.3
                peer_cidrs: [192.168.3.0/24, 192.168.4.0/24]
                psk: {env: PSK}
            """
                .formatted(PROJECT));
    assertThat(errors(both)).isEmpty();
    assertThat(connection(both, "dc1-to-dc3").action()).isEqualTo(Action.REPLACE);
    assertThat(action(both, Kind.IKE_POLICY, "ike-strong")).isEqualTo(Action.UPDATE);
    List<ResourceResult> results = new ArrayList<>();
    ApplyResult r = apply(both, results);
    assertThat(r.succeeded()).as("%s %s", r, results).isTrue();
  }

  /**
   * A server that fails now and then (500/503 and dropped connections on any request, at random):
   * re-running apply converges, and no resource is ever made twice.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void underFaultsReRunsConvergeAndNothingIsDoubled(long seed) throws Exception {
    String yaml = site("ike-aes256", "192.168.90.0/24", "");
    sandbox.faults(
        dev.vpnform.sandbox.Faults.none()
            .withErrorRate(0.35)
            .withDropRate(0.1)
            .withRandomSeed(seed));
    int runs = 0;
    boolean converged = false;
    while (runs < 25 && !converged) {
      runs++;
      try {
        Plan p = plan(yaml);
        if (!p.hasChanges()) {
          converged = true;
        } else if (p.applicable()) {
          apply(p, new ArrayList<>());
        }
      } catch (dev.vpnform.model.VpnformException e) {
        // the plan's reads failed too: the next run tries again
      }
    }
    sandbox.faults(dev.vpnform.sandbox.Faults.none());
    System.out.println("[graph-faults] seed " + seed + ": converged after " + runs + " runs");
    assertThat(converged).as("converged within 25 runs (seed %d)", seed).isTrue();
    assertThat(plan(yaml).hasChanges()).isFalse();
    try (Cloud cloud = cloud()) {
      for (Kind kind :
          List.of(Kind.IKE_POLICY, Kind.IPSEC_POLICY, Kind.ENDPOINT_GROUP, Kind.VPN_SERVICE)) {
        List<Object> names =
            cloud.list(kind.path().substring(5), kind.collectionKey(), Map.of()).stream()
                .map(m -> m.get("name"))
                .toList();
        assertThat(names).as("%s (seed %d)", kind, seed).doesNotHaveDuplicates();
      }
      assertThat(cloud.findConnections(List.of(), List.of("dc1-to-branch9"))).hasSize(1);
    }
  }

  /**
   * Without an agent a service stays PENDING_CREATE: the plan warns, apply waits, then says why.
   */
  @Test
  void anUpdateOfAPendingServiceIsWarnedWaitedForAndExplained() throws Exception {
    reconciler.close();
    sandbox.close();
    sandbox = Sandbox.builder().build().start(); // nothing settles
    reconciler =
        Reconciler.builder()
            .endpoint(sandbox.networkEndpoint().toString())
            .environment(Map.of("OS_AUTH_TYPE", "none")::get)
            .applyOptions(
                dev.vpnform.apply.ApplyOptions.defaults().withWaitTimeout(Duration.ofSeconds(2)))
            .build();
    String yaml =
        "vpnservices:\n  - {name: p-vpn, tenant_id: %s, router: sandbox-router}\n"
            .formatted(PROJECT);
    assertThat(apply(plan(yaml), new ArrayList<>()).succeeded()).isTrue();
    Plan rename =
        plan(yaml.replace("router: sandbox-router", "router: sandbox-router, description: x"));
    assertThat(rename.diagnostics())
        .as("%s %s", rename.resources(), rename.diagnostics())
        .filteredOn(d -> d.rule().equals("pending"))
        .singleElement()
        .asString()
        .contains("PENDING_CREATE");
    List<ResourceResult> results = new ArrayList<>();
    assertThat(apply(rename, results).succeeded()).isFalse();
    assertThat(results)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.message())
                    .contains("VPNStateInvalidToUpdate")
                    .contains("without a VPN agent"));
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
