package dev.vpnform.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.cli.faults.FaultProxy.Fault;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply --parallelism N} reaches the applier: the proxy holds the first PUT until a second
 * one arrives (or a bound passes), so it sees whether two requests were in flight at once. Nothing
 * here measures speed: the bound only ends the wait when no second request can come.
 */
class ApplyParallelismTest {
  @TempDir Path dir;
  Sandbox sandbox;
  FaultProxy proxy;
  Path config;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.builder().build().start();
    proxy = FaultProxy.in(sandbox.networkEndpoint());
    config = dir.resolve("vpn.yaml");
    Files.writeString(
        config,
        "connections:\n  - name: dc1-to-dc2\n    mtu: 1450\n  - name: dc1-to-dc3\n    mtu: 1450\n");
  }

  @AfterEach
  void stop() {
    proxy.close();
    sandbox.close();
  }

  /** Whether the first PUT saw a second one arrive while it was held (at most {@code bound}). */
  boolean firstPutSawASecond(String parallelism, long boundSeconds) {
    CountDownLatch two = new CountDownLatch(2);
    AtomicInteger arrivals = new AtomicInteger();
    AtomicReference<Boolean> saw = new AtomicReference<>();
    proxy.rule(
        r ->
            r.isPut()
                ? Fault.hook(
                    () -> {
                      boolean first = arrivals.incrementAndGet() == 1;
                      two.countDown();
                      try {
                        boolean both = two.await(boundSeconds, TimeUnit.SECONDS);
                        if (first) {
                          saw.set(both);
                        }
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    })
                : Fault.forward());
    Cli.Run apply =
        Cli.run(
            Map.of("HOME", dir.toString(), "OS_AUTH_TYPE", "none", "OS_ENDPOINT", proxy.url()),
            "apply",
            "--auto-approve",
            "--parallelism",
            parallelism,
            config.toString());
    assertThat(apply.exit()).as(apply.toString()).isZero();
    assertThat(apply.summary())
        .isEqualTo("Apply complete! Resources: 0 added, 2 changed, 0 destroyed.");
    assertThat(arrivals.get()).isEqualTo(2);
    return saw.get();
  }

  @Test
  void twoConnectionsAreUpdatedAtOnceWithParallelismTwo() {
    assertThat(firstPutSawASecond("2", 60)).isTrue();
  }

  @Test
  void oneAtATimeWithParallelismOne() {
    assertThat(firstPutSawASecond("1", 3)).isFalse();
  }
}
