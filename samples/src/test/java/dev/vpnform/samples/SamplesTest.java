package dev.vpnform.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.Reconciler;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.plan.Plan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The samples stay true: the embedding example converges and every dialect's config is valid. */
class SamplesTest {
  @Test
  void theEmbeddingExamplePlansAppliesAndConverges() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean converged =
        EmbeddingExample.run(
            Path.of("openstack"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(converged).as(out).isTrue();
    assertThat(out)
        .contains("dc1-to-dc2: update", "  mtu: 1400 -> 1450", "  psk: (sensitive value)")
        .contains("dc1-to-dc2: updated", "applied: true; changes left: 0")
        .doesNotContain("demo-rotated-psk");
  }

  @Test
  void everyDialectSampleIsValid() throws ConfigException {
    Reconciler r =
        Reconciler.builder().environment(Map.of("DC1_TO_DC2_PSK", "sample-psk-123")::get).build();
    for (String dir : List.of("openstack", "huaweicloud", "fujitsu-k5")) {
      DesiredState desired = r.load(List.of(Path.of(dir)));
      List<Diagnostic> diagnostics = r.validate(desired);
      assertThat(diagnostics).as(dir).noneMatch(Diagnostic::isError);
    }
  }

  @Test
  void theSampleActualStatePlansOffline() throws Exception {
    Reconciler r = Reconciler.builder().build();
    Plan plan =
        r.plan(
            r.load(List.of(Path.of("openstack"))),
            Reconciler.readActualFile(Path.of("actual/sandbox.json")),
            "actual/sandbox.json");
    assertThat(plan.applicable()).isTrue();
    assertThat(plan.updateCount()).isEqualTo(2);
    assertThat(plan.noOpCount()).isEqualTo(1);
  }
}
