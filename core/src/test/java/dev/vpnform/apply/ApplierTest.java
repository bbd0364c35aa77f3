package dev.vpnform.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.Reconciler;
import dev.vpnform.cloud.Cloud;
import dev.vpnform.cloud.CloudException;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
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
      if (connections.remove(id) == null) {
        throw new Failure(404, "IPsecSiteConnectionNotFound");
      }
    }

    @Override
    public List<Map<String, Object>> list(
        String collection, String listKey, Map<String, List<String>> filters) {
      return List.of();
    }

    @Override
    public Optional<Map<String, Object>> show(String collection, String key, String id) {
      return Optional.empty();
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
  Reconciler reconciler = Reconciler.builder().build();

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
}
