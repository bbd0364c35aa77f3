package dev.vpnform.bench;

import dev.vpnform.Reconciler;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.VpnformException;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The offline part of {@code vpnform plan --actual-file}, in process: read and validate the desired
 * YAML, read the actual Networking API body, plan (which validates against the actual state too).
 * What the CLI adds is JVM start-up, picocli and rendering.
 *
 * <ul>
 *   <li>{@code warm}: average time once the JIT has compiled the code (a long-lived embedder);
 *   <li>{@code singleShot}: one run in a fresh JVM, class loading and cold code included (what a
 *       CLI run pays); goal for 10,000 connections: under 1 s.
 * </ul>
 *
 * <p>Every run checks its plan (n connections, n/10 updates), so a broken plan fails the benchmark
 * instead of timing it.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OfflinePlanBenchmark {
  @Param({"1000", "10000"})
  int connections;

  private Path dir;
  private Fleet fleet;

  @Setup(Level.Trial)
  public void writeFleet() throws IOException {
    dir = Files.createTempDirectory("vpnform-bench");
    fleet = Fleet.write(dir, connections);
  }

  @TearDown(Level.Trial)
  public void deleteFleet() throws IOException {
    Files.deleteIfExists(fleet.desired);
    Files.deleteIfExists(fleet.actual);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 5, time = 2)
  @Measurement(iterations = 5, time = 2)
  @Fork(1)
  public Plan warm() throws VpnformException {
    return loadValidatePlan();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(5)
  public Plan singleShot() throws VpnformException {
    return loadValidatePlan();
  }

  private Plan loadValidatePlan() throws VpnformException {
    Reconciler reconciler = Reconciler.builder().build();
    DesiredState desired = reconciler.load(List.of(fleet.desired));
    List<ActualConnection> actual = Reconciler.readActualFile(fleet.actual);
    Plan plan = reconciler.plan(desired, actual, fleet.actual.toString());
    check(plan);
    return plan;
  }

  private void check(Plan plan) {
    long updates = plan.changes().stream().filter(c -> c.action() == Action.UPDATE).count();
    if (plan.changes().size() != connections || updates != connections / 10 || !plan.applicable()) {
      throw new IllegalStateException(
          "unexpected plan: "
              + plan.changes().size()
              + " changes, "
              + updates
              + " updates, applicable "
              + plan.applicable());
    }
  }
}
