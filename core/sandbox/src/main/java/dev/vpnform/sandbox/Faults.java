package dev.vpnform.sandbox;

import java.time.Duration;
import java.util.Set;

/**
 * Fault injection for a {@link Sandbox}. Faults apply to every request (network and identity), in
 * this order: the latency, then a pending 429, then a dropped connection, then a 500/503. A request
 * answered by a fault changes nothing.
 *
 * @param latency added before each request is handled; other requests are not held up
 * @param errorRate probability (0..1) of answering 500 or 503 (chosen at random) instead
 * @param tooManyRequests answer the next this-many requests with 429 and {@code Retry-After}
 * @param retryAfterSeconds the {@code Retry-After} value of those 429s
 * @param dropRate probability (0..1) of closing the connection without any response
 * @param stuckPending ids of ipsec site connections that show status PENDING_UPDATE (so updates are
 *     refused) for as long as they are listed; their stored status is kept underneath
 * @param randomSeed seeds the random choices, so a run can be repeated
 */
public record Faults(
    Duration latency,
    double errorRate,
    int tooManyRequests,
    int retryAfterSeconds,
    double dropRate,
    Set<String> stuckPending,
    long randomSeed) {

  public Faults {
    latency = latency == null ? Duration.ZERO : latency;
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    if (!(errorRate >= 0 && errorRate <= 1) || !(dropRate >= 0 && dropRate <= 1)) {
      throw new IllegalArgumentException("errorRate and dropRate must be between 0 and 1");
    }
    if (tooManyRequests < 0 || retryAfterSeconds < 0) {
      throw new IllegalArgumentException(
          "tooManyRequests and retryAfterSeconds must not be negative");
    }
    stuckPending = stuckPending == null ? Set.of() : Set.copyOf(stuckPending);
  }

  /** No faults. */
  public static Faults none() {
    return new Faults(Duration.ZERO, 0, 0, 1, 0, Set.of(), 0);
  }

  public Faults withLatency(Duration d) {
    return new Faults(
        d, errorRate, tooManyRequests, retryAfterSeconds, dropRate, stuckPending, randomSeed);
  }

  public Faults withErrorRate(double rate) {
    return new Faults(
        latency, rate, tooManyRequests, retryAfterSeconds, dropRate, stuckPending, randomSeed);
  }

  public Faults withTooManyRequests(int count, int retryAfterSeconds) {
    return new Faults(
        latency, errorRate, count, retryAfterSeconds, dropRate, stuckPending, randomSeed);
  }

  public Faults withDropRate(double rate) {
    return new Faults(
        latency, errorRate, tooManyRequests, retryAfterSeconds, rate, stuckPending, randomSeed);
  }

  public Faults withStuckPending(Set<String> connectionIds) {
    return new Faults(
        latency,
        errorRate,
        tooManyRequests,
        retryAfterSeconds,
        dropRate,
        connectionIds,
        randomSeed);
  }

  public Faults withRandomSeed(long seed) {
    return new Faults(
        latency, errorRate, tooManyRequests, retryAfterSeconds, dropRate, stuckPending, seed);
  }
}
