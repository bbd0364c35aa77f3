package dev.vpnform.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs one fuzz input with a time bound in regression mode, so that an input that hangs fails the
 * build instead of stalling it.
 *
 * <p>Not with JUnit's {@code @Timeout}: Jazzer runs a whole fuzzing session as one invocation of
 * the test method, so {@code @Timeout} would fail every session longer than the bound. While
 * fuzzing, libFuzzer's own per-input {@code -timeout} applies instead.
 */
final class Bounded {
  /** Generous: every committed input runs in milliseconds. */
  static final Duration PER_INPUT = Duration.ofSeconds(10);

  private Bounded() {}

  static boolean fuzzing() {
    String env = System.getenv("JAZZER_FUZZ");
    return (env != null && !env.isEmpty()) || Boolean.getBoolean("jazzer.fuzz");
  }

  static void run(Executable input) throws Throwable {
    if (fuzzing()) {
      input.execute();
    } else {
      assertTimeoutPreemptively(PER_INPUT, input);
    }
  }
}
