package dev.vpnform.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vpnform.model.Secret;
import dev.vpnform.plan.AddressResolver;
import dev.vpnform.plan.PlanFile;
import dev.vpnform.plan.PlanFileException;

/**
 * Fuzzes {@link PlanFile#parse}: any bytes either read back as a plan or are refused with a {@link
 * PlanFileException} whose message never quotes the file.
 *
 * <p>The seeds ({@code src/test/resources/dev/vpnform/fuzz/PlanFileFuzzTestInputs/}) start from a
 * real saved plan, written by {@link PlanSeeds}, and truncated or edited copies of it.
 */
class PlanFileFuzzTest {
  /** Fuzzing must send nothing off the machine: no hostname is ever looked up. */
  static final AddressResolver NO_DNS =
      host -> {
        throw new java.net.UnknownHostException(host + " (no DNS while fuzzing)");
      };

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "/fuzz/plan.dict")
  void parse(byte[] input) throws Throwable {
    Bounded.run(
        () -> {
          try {
            PlanFile.parse(input, "fuzz.plan", (ref, plan) -> Secret.of("x"), NO_DNS);
          } catch (PlanFileException e) {
            Canary.assertNotEchoedByPlan(input, e.getMessage());
          }
        });
  }
}
