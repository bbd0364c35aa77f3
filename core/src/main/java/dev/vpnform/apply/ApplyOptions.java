package dev.vpnform.apply;

import java.time.Duration;
import java.util.Objects;

/**
 * How apply runs.
 *
 * @param parallelism how many connections are updated at once
 * @param waitTimeout how long to wait for a PENDING_* status to settle
 * @param sleeper how to wait; tests replace it
 */
public record ApplyOptions(int parallelism, Duration waitTimeout, Sleeper sleeper) {
  public ApplyOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    Objects.requireNonNull(waitTimeout, "waitTimeout");
    if (waitTimeout.isNegative()) {
      throw new IllegalArgumentException("waitTimeout must not be negative");
    }
    Objects.requireNonNull(sleeper, "sleeper");
  }

  public static ApplyOptions defaults() {
    return new ApplyOptions(10, Duration.ofMinutes(5), Sleeper.SYSTEM);
  }

  public ApplyOptions withParallelism(int n) {
    return new ApplyOptions(n, waitTimeout, sleeper);
  }

  public ApplyOptions withWaitTimeout(Duration d) {
    return new ApplyOptions(parallelism, d, sleeper);
  }

  public ApplyOptions withSleeper(Sleeper s) {
    return new ApplyOptions(parallelism, waitTimeout, s);
  }

  /** Waits; {@link #SYSTEM} sleeps the thread. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
  }
}
