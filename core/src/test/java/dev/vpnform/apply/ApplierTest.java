package dev.vpnform.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.Reconciler;
import dev.vpnform.cloud.Cloud;
import dev.vpnform.cloud.CloudException;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply's own logic, through the {@link Cloud} seam and without HTTP: waiting for PENDING_*,
 * refusing a connection that moved since the plan, a deleted connection, a plan applied twice, an
 * answer that does not hold what was sent, and one failure beside a success. The CLI fault matrix
 * proves the same end to end against the sandbox.
 */
class ApplierTest {
  static final String A = "0b9d3d5e-1f4b-4f6c-9a55-2a0c5d1e7a11";
  static final String B = "851f280f-5639-4ea3-81aa-e298525ab74b";
  static final String SERVICE = "5d0b7a3c-2f43-4c39-9f55-1b6c0e3a9d01";
  static final String IKE = "5d0b7a3c-2f43-4c39-9f55-1b6c0e3a9d02";
  static final String IKE2 = "5d0b7a3c-2f43-4c39-9f55-1b6c0e3a9d03";
  static final String IPSEC = "5d0b7a3c-2f43-4c39-9f55-1b6c0e3a9d04";
  static final String ROUTER = "5d0b7a3c-2f43-4c39-9f55-1b6c0e3a9d05";
  static final String SUBNET = "5d0b7a3c-2f43-4c39-9f55-1b6c0e3a9d06";

  /** A whole legacy connection named {@code name}, psk from variable PSK. */
  static String full(String name, String ike) {
    return "  - name: %s\n    vpnservice_id: %s\n    ikepolicy: %s\n    ipsecpolicy_id: %s\n"
            .formatted(name, SERVICE, ike, IPSEC)
        + "    peer_address: 198.51.100.7\n    peer_id: 198.51.100.7\n"
        + "    peer_cidrs: [10.7.0.0/24]\n    psk: {env: PSK}\n";
  }

  @TempDir Path dir;

  /** An in-memory cloud: connections by id; PUTs merge like the server and are recorded. */
  static final class MemoryCloud implements Cloud {
    final Map<String, ActualConnection> connections = new LinkedHashMap<>();
    final List<String> puts = new ArrayList<>();
    final Map<String, Integer> pendingGets = new LinkedHashMap<>();
    UnaryOperator<ActualConnection> answer = UnaryOperator.identity();

    void add(String id, String name, int mtu) {
      connections.put(
          id,
          ActualConnection.builder(id)
              .set("name", name)
              .set("mtu", mtu)
              .set("status", "ACTIVE")
              .set("peer_cidrs", List.of("10.2.0.0/24"))
              .build());
    }

    @Override
    public String endpoint() {
      return "memory";
    }

    @Override
    public synchronized List<ActualConnection> listConnections() {
      return List.copyOf(connections.values());
    }

    @Override
    public synchronized List<ActualConnection> findConnections(
        Collection<String> ids, Collection<String> names) {
      return connections.values().stream()
          .filter(c -> ids.contains(c.id()) || names.contains(c.name()))
          .toList();
    }

    @Override
    public synchronized ActualConnection getConnection(String id) throws CloudException {
      ActualConnection c = connections.get(id);
      if (c == null) {
        throw new Failure(404, "IPsecSiteConnectionNotFound");
      }
      int pending = pendingGets.getOrDefault(id, 0);
      if (pending > 0) {
        pendingGets.put(id, pending - 1);
        ActualConnection.Builder b = ActualConnection.builder(id);
        c.values().forEach(b::set);
        return b.set("status", "PENDING_UPDATE").build();
      }
      return c;
    }

    @Override
    public synchronized ActualConnection updateConnection(
        String id, String label, Map<String, Object> fields) throws CloudException {
      ActualConnection c = getConnection(id);
      puts.add(id + " " + fields.keySet());
      ActualConnection.Builder b = ActualConnection.builder(id);
      c.values().forEach(b::set);
      fields.forEach(b::set);
      ActualConnection updated = b.build();
      connections.put(id, updated);
      return answer.apply(updated);
    }

    /** Requests that change something, in order: "POST name", "DELETE id". */
    final List<String> writes = new ArrayList<>();

    /** POSTs that commit and then lose their answer (the client sees no response). */
    int loseAnswers;

    /** POSTs refused with a 503 before anything is stored. */
    int refusePosts;

    private int created;

    @Override
    public synchronized ActualConnection createConnection(String label, Map<String, Object> fields)
        throws CloudException {
      writes.add("POST " + fields.get("name"));
      if (refusePosts > 0) {
        refusePosts--;
        throw new Failure(503, "ServiceUnavailable");
      }
      String id = String.format("00000000-0000-4000-8000-%012d", ++created);
      ActualConnection.Builder b = ActualConnection.builder(id);
      fields.forEach(b::set);
      ActualConnection c = b.set("status", "PENDING_CREATE").build();
      connections.put(id, c);
      if (loseAnswers > 0) {
        loseAnswers--;
        throw new Failure(0, "connection reset");
      }
      return c;
    }

    @Override
    public synchronized void deleteConnection(String id, String label) throws CloudException {
      writes.add("DELETE " + id);
      if (refuseDeletes.contains(id)) {
        throw new Failure(409, "Conflict");
      }
      if (connections.remove(id) == null) {
        throw new Failure(404, "IPsecSiteConnectionNotFound");
      }
    }

    /** Related resources by "collection/id", as {@link #show} returns them. */
    final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();

    /** A legacy VPN service on an IPv4 router, with the two policies, in project p1. */
    void addService() {
      resources.put(
          "/vpn/vpnservices/" + SERVICE,
          Map.of("id", SERVICE, "router_id", ROUTER, "subnet_id", SUBNET, "project_id", "p1"));
      resources.put("/vpn/ikepolicies/" + IKE, Map.of("id", IKE, "name", "ike-1"));
      resources.put("/vpn/ikepolicies/" + IKE2, Map.of("id", IKE2, "name", "ike-2"));
      resources.put("/vpn/ipsecpolicies/" + IPSEC, Map.of("id", IPSEC, "name", "ipsec-1"));
      resources.put("/subnets/" + SUBNET, Map.of("id", SUBNET, "ip_version", 4));
      resources.put(
          "/routers/" + ROUTER,
          Map.of(
              "id",
              ROUTER,
              "external_gateway_info",
              Map.of("external_fixed_ips", List.of(Map.of("ip_address", "203.0.113.1")))));
    }

    @Override
    public synchronized List<Map<String, Object>> list(
        String collection, String listKey, Map<String, List<String>> filters) {
      List<String> names = filters.getOrDefault("name", List.of());
      return resources.entrySet().stream()
          .filter(e -> e.getKey().startsWith(collection + "/"))
          .map(Map.Entry::getValue)
          .filter(r -> names.isEmpty() || names.contains(r.get("name")))
          .toList();
    }

    @Override
    public Optional<Map<String, Object>> show(String collection, String key, String id) {
      return Optional.ofNullable(resources.get(collection + "/" + id));
    }

    /** Kinds whose creates are refused with a 400. */
    final java.util.Set<dev.vpnform.model.Kind> refuseCreates = new java.util.HashSet<>();

    /** Resource POSTs that commit and then lose their answer. */
    int loseResourceAnswers;

    /** Connection ids whose DELETE is refused with a 409. */
    final java.util.Set<String> refuseDeletes = new java.util.HashSet<>();

    @Override
    public synchronized Map<String, Object> create(
        dev.vpnform.model.Kind kind, String label, Map<String, Object> fields)
        throws CloudException {
      writes.add("POST " + kind.bodyKey() + " " + fields.get("name"));
      if (refuseCreates.contains(kind)) {
        throw new Failure(400, "BadRequest");
      }
      Map<String, Object> r = new LinkedHashMap<>(fields);
      r.put("id", String.format("00000000-0000-4000-9000-%012d", ++created));
      resources.put(kind.path().substring("/v2.0".length()) + "/" + r.get("id"), r);
      if (loseResourceAnswers > 0) {
        loseResourceAnswers--;
        throw new Failure(0, "connection reset");
      }
      return r;
    }

    @Override
    public synchronized Map<String, Object> update(
        dev.vpnform.model.Kind kind, String id, String label, Map<String, Object> fields)
        throws CloudException {
      writes.add("PUT " + kind.bodyKey() + " " + id);
      Map<String, Object> r = resources.get(kind.path().substring("/v2.0".length()) + "/" + id);
      if (r == null) {
        throw new Failure(404, "NotFound");
      }
      Map<String, Object> updated = new LinkedHashMap<>(r);
      updated.putAll(fields);
      resources.put(kind.path().substring("/v2.0".length()) + "/" + id, updated);
      return updated;
    }

    @Override
    public synchronized void delete(dev.vpnform.model.Kind kind, String id, String label)
        throws CloudException {
      writes.add("DELETE " + kind.bodyKey() + " " + id);
      if (resources.remove(kind.path().substring("/v2.0".length()) + "/" + id) == null) {
        throw new Failure(404, "NotFound");
      }
    }

    @Override
    public void close() {}
  }

  static final class Failure extends CloudException {
    final int status;
    final String type;

    Failure(int status, String type) {
      super(status + " " + type, null);
      this.status = status;
      this.type = type;
    }

    @Override
    public OptionalInt httpStatus() {
      return OptionalInt.of(status);
    }

    @Override
    public Optional<String> errorType() {
      return Optional.of(type);
    }
  }

  MemoryCloud cloud = new MemoryCloud();
  AtomicInteger sleeps = new AtomicInteger();
  Reconciler reconciler =
      Reconciler.builder().environment(k -> k.equals("PSK") ? "canary-psk-7" : null).build();

  Plan plan(String yaml) throws Exception {
    Path file = dir.resolve("vpn.yaml");
    Files.writeString(file, yaml);
    DesiredState desired = reconciler.load(List.of(file));
    return reconciler.plan(desired, cloud);
  }

  ApplyResult apply(Plan plan) throws Exception {
    ApplyOptions options =
        ApplyOptions.defaults()
            .withWaitTimeout(Duration.ofMinutes(1))
            .withSleeper(d -> sleeps.incrementAndGet());
    return reconciler.apply(plan, cloud, options, r -> {});
  }

  ApplyResult applyAll(Plan plan, List<ResourceResult> resources) throws Exception {
    ApplyOptions options =
        ApplyOptions.defaults()
            .withWaitTimeout(Duration.ofMinutes(1))
            .withSleeper(d -> sleeps.incrementAndGet());
    return reconciler.apply(plan, cloud, options, r -> {}, resources::add);
  }

  /** A resource that changed on the server since the plan is left alone: plan again. */
  @Test
  void aResourceThatMovedSinceThePlanIsNotChanged() throws Exception {
    cloud.resources.put(
        "/vpn/ikepolicies/" + IKE2,
        new java.util.LinkedHashMap<>(Map.of("id", IKE2, "name", "ike-2", "pfs", "group5")));
    Plan planned = plan("ikepolicies:\n  - {name: ike-2, pfs: group14}\n");
    assertThat(planned.resources())
        .singleElement()
        .satisfies(r -> assertThat(r.action()).isEqualTo(Action.UPDATE));
    cloud.resources.put(
        "/vpn/ikepolicies/" + IKE2,
        new java.util.LinkedHashMap<>(Map.of("id", IKE2, "name", "ike-2", "pfs", "group2")));
    List<ResourceResult> resources = new ArrayList<>();
    assertThat(applyAll(planned, resources).succeeded()).isFalse();
    assertThat(resources)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.message())
                    .isEqualTo(
                        "changed since the plan (pfs ('group5' -> 'group2')); nothing was sent:"
                            + " plan again"));
    assertThat(cloud.writes).doesNotContain("PUT ikepolicy " + IKE2);
  }

  /** A failed create stops the connection that needs it, and nothing else. */
  @Test
  void aFailedResourceCreateStopsOnlyWhatDependsOnIt() throws Exception {
    cloud.addService();
    cloud.refuseCreates.add(dev.vpnform.model.Kind.IKE_POLICY);
    List<ResourceResult> resources = new ArrayList<>();
    ApplyResult r =
        applyAll(
            plan(
                "ikepolicies:\n  - {name: ike-new, auth_algorithm: sha256}\n"
                    + "ipsecpolicies:\n  - {name: ipsec-new, auth_algorithm: sha256}\n"
                    + "connections:\n"
                    + full("needs-new", "ike-new")
                    + full("independent", "ike-1")),
            resources);
    assertThat(resources)
        .extracting(x -> x.label() + " " + x.outcome().label())
        .containsExactlyInAnyOrder("ike-new failed", "ipsec-new created");
    assertThat(r.results())
        .extracting(x -> x.label() + " " + x.outcome().label())
        .containsExactlyInAnyOrder("needs-new failed", "independent created");
    assertThat(r.results().stream().filter(x -> x.failed()).findFirst().orElseThrow().message())
        .isEqualTo("not attempted: it needs ikepolicy ike-new, which was not created");
    assertThat(cloud.writes).doesNotContain("POST needs-new");
  }

  /**
   * The new id reaches the connection's POST; the answer of a POST lost after its commit is found.
   */
  @Test
  void aCreatedResourcesIdIsFilledInAndALostAnswerMakesNoSecondOne() throws Exception {
    cloud.addService();
    cloud.loseResourceAnswers = 1;
    List<ResourceResult> resources = new ArrayList<>();
    ApplyResult r =
        applyAll(
            plan(
                "ikepolicies:\n  - {name: ike-new, auth_algorithm: sha256}\n"
                    + "connections:\n"
                    + full("uses-new", "ike-new")),
            resources);
    assertThat(r.succeeded()).as("%s %s", r, resources).isTrue();
    ResourceResult ike = resources.get(0);
    assertThat(ike.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(ike.message()).contains("found it by name");
    assertThat(cloud.writes.stream().filter(w -> w.equals("POST ikepolicy ike-new"))).hasSize(1);
    assertThat(cloud.connections.values())
        .singleElement()
        .satisfies(c -> assertThat(c.ikepolicyId()).isEqualTo(ike.id()));
  }

  /** A policy is deleted only once the connection that used it is gone. */
  @Test
  void aResourceWaitsForTheConnectionsThatUseItToGo() throws Exception {
    cloud.addService();
    cloud.connections.put(
        A,
        ActualConnection.builder(A)
            .set("name", "old")
            .set("status", "ACTIVE")
            .set("vpnservice_id", SERVICE)
            .set("ikepolicy_id", IKE2)
            .set("ipsecpolicy_id", IPSEC)
            .build());
    cloud.refuseDeletes.add(A);
    String yaml =
        "ikepolicies:\n  - {name: ike-2, state: absent}\n"
            + "connections:\n  - {name: old, state: absent}\n";
    List<ResourceResult> resources = new ArrayList<>();
    ApplyResult r = applyAll(plan(yaml), resources);
    assertThat(r.results()).singleElement().satisfies(c -> assertThat(c.failed()).isTrue());
    assertThat(resources)
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.message())
                    .isEqualTo(
                        "not attempted: the connection 'old', which uses it, was not deleted"));
    assertThat(cloud.writes).doesNotContain("DELETE ikepolicy " + IKE2);
    // once the connection can go, a re-run deletes both, the connection first
    cloud.refuseDeletes.clear();
    cloud.writes.clear();
    assertThat(applyAll(plan(yaml), new ArrayList<>()).succeeded()).isTrue();
    assertThat(cloud.writes).containsExactly("DELETE " + A, "DELETE ikepolicy " + IKE2);
  }

  @Test
  void anUpdateSendsOnlyWhatChangedAndChecksTheAnswer() throws Exception {
    cloud.add(A, "dc1", 1400);
    ApplyResult r = apply(plan("connections:\n  - name: dc1\n    mtu: 1500\n"));
    assertThat(r.results())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.outcome()).isEqualTo(Outcome.UPDATED);
              assertThat(c.fields()).containsExactly("mtu");
            });
    assertThat(cloud.puts).containsExactly(A + " [mtu]");
  }

  @Test
  void aPendingConnectionIsWaitedForThenUpdated() throws Exception {
    cloud.add(A, "dc1", 1400);
    Plan plan = plan("connections:\n  - name: dc1\n    mtu: 1500\n");
    cloud.pendingGets.put(A, 2);
    ApplyResult r = apply(plan);
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(sleeps).hasValue(2);
  }

  @Test
  void aConnectionThatMovedSinceThePlanIsRefusedAndNothingIsSent() throws Exception {
    cloud.add(A, "dc1", 1400);
    Plan plan = plan("connections:\n  - name: dc1\n    mtu: 1500\n");
    cloud.add(A, "dc1", 1300); // someone else changed it
    ApplyResult r = apply(plan);
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.results().get(0).message()).contains("changed since the plan").contains("mtu");
    assertThat(cloud.puts).isEmpty();
  }

  @Test
  void aConnectionDeletedSinceThePlanFailsAlone() throws Exception {
    cloud.add(A, "dc1", 1400);
    cloud.add(B, "dc2", 1400);
    Plan plan = plan("connections:\n  - name: dc1\n    mtu: 1500\n  - name: dc2\n    mtu: 1500\n");
    cloud.connections.remove(A);
    ApplyResult r = apply(plan);
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.results().get(0).message()).isEqualTo("it was deleted since the plan");
    assertThat(r.results().get(1).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(r.succeeded()).isFalse();
  }

  @Test
  void aPlanAppliedTwiceSendsNothingTheSecondTime() throws Exception {
    cloud.add(A, "dc1", 1400);
    Plan plan = plan("connections:\n  - name: dc1\n    mtu: 1500\n");
    apply(plan);
    ApplyResult again = apply(plan);
    assertThat(again.results().get(0).outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(cloud.puts).hasSize(1);
  }

  @Test
  void anAnswerWithOtherValuesIsAFailure() throws Exception {
    cloud.add(A, "dc1", 1400);
    Plan plan = plan("connections:\n  - name: dc1\n    mtu: 1500\n");
    cloud.answer =
        c -> {
          ActualConnection.Builder b = ActualConnection.builder(c.id());
          c.values().forEach(b::set);
          return b.set("mtu", 1400).build();
        };
    ApplyResult r = apply(plan);
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.results().get(0).message())
        .contains("accepted the update but answered with other values")
        .contains("mtu is 1400, not 1500");
  }

  // --- creates, deletes and replaces ------------------------------------------------------

  @Test
  void aCreatePostsTheDeclaredFieldsInTheServicesProject() throws Exception {
    cloud.addService();
    Plan plan = plan("connections:\n" + full("new", "ike-1"));
    assertThat(plan.diagnostics()).noneMatch(d -> d.isError());
    assertThat(plan.changes().get(0).action()).isEqualTo(dev.vpnform.plan.Action.CREATE);
    assertThat(plan.changes().get(0).request().orElseThrow().fields())
        .containsEntry("tenant_id", "p1")
        .containsEntry("ikepolicy_id", IKE)
        .doesNotContainKeys("mtu", "dpd", "ikepolicy");
    ApplyResult r = apply(plan);
    ConnectionResult c = r.results().get(0);
    assertThat(c.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(c.status()).isEqualTo("PENDING_CREATE");
    assertThat(c.warnings()).singleElement().asString().contains("PENDING_CREATE");
    assertThat(cloud.findConnections(List.of(), List.of("new"))).hasSize(1);
    assertThat(plan("connections:\n" + full("new", "ike-1")).hasChanges()).isFalse();
  }

  @Test
  void aPostWhoseAnswerIsLostIsFoundByNameAndNeverSentTwice() throws Exception {
    cloud.addService();
    Plan plan = plan("connections:\n" + full("new", "ike-1"));
    cloud.loseAnswers = 1;
    ApplyResult r = apply(plan);
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(r.results().get(0).message()).contains("lost").contains("found it by name");
    assertThat(cloud.writes).containsExactly("POST new");
    assertThat(cloud.findConnections(List.of(), List.of("new"))).hasSize(1);
  }

  @Test
  void aPostThatDidNotLandIsSentAgainOnceAfterTheLookUp() throws Exception {
    cloud.addService();
    Plan plan = plan("connections:\n" + full("new", "ike-1"));
    cloud.refusePosts = 1;
    assertThat(apply(plan).results().get(0).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(cloud.writes).containsExactly("POST new", "POST new");
    assertThat(cloud.findConnections(List.of(), List.of("new"))).hasSize(1);
  }

  @Test
  void aCreateThatKeepsFailingFailsAloneAndARerunConverges() throws Exception {
    cloud.addService();
    cloud.add(A, "dc1", 1400);
    String yaml = "connections:\n" + full("new", "ike-1") + "  - name: dc1\n    mtu: 1500\n";
    cloud.refusePosts = 2;
    ApplyResult r = apply(plan(yaml));
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.results().get(1).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(cloud.findConnections(List.of(), List.of("new"))).isEmpty();
    ApplyResult again = apply(plan(yaml));
    assertThat(again.results().get(0).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(again.results().get(1).outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(cloud.findConnections(List.of(), List.of("new"))).hasSize(1);
  }

  @Test
  void aConnectionThatAppearedSinceThePlanIsNotCreatedAgain() throws Exception {
    cloud.addService();
    Plan plan = plan("connections:\n" + full("new", "ike-1"));
    cloud.add(B, "new", 1500); // another run created it meanwhile
    ApplyResult r = apply(plan);
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.results().get(0).message()).contains("appeared since the plan");
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void stateAbsentDeletesAndAGoneConnectionCountsAsDeleted() throws Exception {
    cloud.add(A, "dc1", 1400);
    cloud.add(B, "dc2", 1400);
    Plan plan =
        plan(
            "connections:\n  - name: dc1\n    state: absent\n  - id: "
                + B
                + "\n"
                + "    state: absent\n");
    assertThat(plan.destroyCount()).isEqualTo(2);
    cloud.connections.remove(B); // deleted by someone else since the plan
    ApplyResult r = apply(plan);
    assertThat(r.results())
        .extracting(ConnectionResult::outcome)
        .containsExactly(Outcome.DELETED, Outcome.DELETED);
    assertThat(r.results().get(1).message()).contains("already gone");
    assertThat(cloud.connections).isEmpty();
    Plan again =
        plan(
            "connections:\n  - name: dc1\n    state: absent\n  - id: "
                + B
                + "\n"
                + "    state: absent\n");
    assertThat(again.hasChanges()).isFalse();
    assertThat(again.diagnostics()).noneMatch(d -> d.isError());
  }

  @Test
  void anEntryRemovedFromTheFilesIsNeverDeleted() throws Exception {
    cloud.add(A, "dc1", 1400);
    cloud.add(B, "dc2", 1400);
    Plan plan = plan("connections:\n  - name: dc1\n    mtu: 1500\n");
    assertThat(plan.destroyCount()).isZero();
    apply(plan);
    assertThat(cloud.connections).containsKeys(A, B);
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void aPolicyChangeReplacesDeleteFirstThenCreate() throws Exception {
    cloud.addService();
    apply(plan("connections:\n" + full("new", "ike-1")));
    String current = cloud.findConnections(List.of(), List.of("new")).get(0).id();
    cloud.writes.clear();
    Plan replace = plan("connections:\n" + full("new", "ike-2"));
    assertThat(replace.changes().get(0).action()).isEqualTo(dev.vpnform.plan.Action.REPLACE);
    assertThat(replace.changes().get(0).replacedBy()).containsExactly("ikepolicy_id");
    assertThat(replace.summary()).isEqualTo("Plan: 1 to add, 0 to change, 1 to destroy.");
    ApplyResult r = apply(replace);
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(cloud.writes).containsExactly("DELETE " + current, "POST new");
    ActualConnection now = cloud.findConnections(List.of(), List.of("new")).get(0);
    assertThat(now.id()).isNotEqualTo(current);
    assertThat(now.ikepolicyId()).isEqualTo(IKE2);
  }

  @Test
  void protectRefusesADeleteAndAReplace() throws Exception {
    cloud.addService();
    cloud.add(A, "dc1", 1400);
    Plan delete = plan("connections:\n  - name: dc1\n    state: absent\n    protect: true\n");
    assertThat(delete.applicable()).isFalse();
    assertThat(delete.diagnostics()).anySatisfy(d -> assertThat(d.rule()).isEqualTo("protect"));
    assertThat(delete.diagnostics().get(0).location().line()).isEqualTo(4);
    apply(plan("connections:\n" + full("new", "ike-1")));
    Plan replace = plan("connections:\n" + full("new", "ike-2") + "    protect: true\n");
    assertThat(replace.applicable()).isFalse();
    assertThat(replace.diagnostics().stream().filter(d -> d.isError()).toList())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("ikepolicy_id forces replacement"));
  }

  @Test
  void aReferenceByNameThatMatchesNothingOrSeveralIsALocatedError() throws Exception {
    cloud.addService();
    cloud.resources.put(
        "/vpn/ikepolicies/" + B, Map.of("id", B, "name", "ike-1")); // a second "ike-1"
    Plan plan = plan("connections:\n" + full("new", "ike-1") + full("other", "nope"));
    assertThat(plan.diagnostics())
        .filteredOn(d -> d.rule().equals("reference"))
        .extracting(d -> d.location().line() + " " + d.message())
        .containsExactly(
            "4 2 IKE policies are named 'ike-1' at memory (ids "
                + IKE
                + ", "
                + B
                + "); use ikepolicy_id to choose one",
            "12 no IKE policy is named 'nope' at memory");
  }

  @Test
  void aCreateMissingRequiredFieldsIsRefusedAtPlanTime() throws Exception {
    cloud.addService();
    Plan plan = plan("connections:\n  - name: new\n    peer_address: 198.51.100.7\n");
    assertThat(plan.diagnostics())
        .filteredOn(d -> d.rule().equals("required"))
        .extracting(Diagnostic::message)
        .containsExactly(
            "'vpnservice_id' (or 'vpnservice') is required to create the connection",
            "'ikepolicy_id' (or 'ikepolicy') is required to create the connection",
            "'ipsecpolicy_id' (or 'ipsecpolicy') is required to create the connection",
            "'peer_id' is required to create the connection",
            "'psk' is required to create the connection");
  }

  @Test
  void exportWritesUniqueNamesAndPlanningItShowsNoChanges() throws Exception {
    cloud.addService();
    apply(plan("connections:\n" + full("new", "ike-1")));
    cloud.resources.put("/vpn/ipsecpolicies/" + B, Map.of("id", B, "name", "ipsec-1"));
    var export =
        reconciler.export(cloud, true, List.of(), List.of(), dev.vpnform.model.Profile.OPENSTACK);
    assertThat(export.yaml())
        .contains("    ikepolicy: ike-1\n") // unique: by name
        .contains("    ipsecpolicy_id: " + IPSEC + "\n") // two are named ipsec-1: by id
        .contains("    vpnservice_id: " + SERVICE + "\n") // no name: by id
        .doesNotContain("tenant_id");
    Path file = dir.resolve("export.yaml");
    Files.writeString(file, export.yaml());
    String variable = export.pskVariables().keySet().iterator().next();
    Reconciler again =
        Reconciler.builder().environment(k -> k.equals(variable) ? "canary-psk-7" : null).build();
    Plan plan = again.plan(again.load(List.of(file)), cloud);
    assertThat(plan.diagnostics()).noneMatch(d -> d.isError());
    assertThat(plan.hasChanges()).isFalse();
  }
}
