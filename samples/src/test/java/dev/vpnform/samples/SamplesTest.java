package dev.vpnform.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.Reconciler;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.plan.Plan;
import dev.vpnform.sandbox.Sandbox;
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

  /**
   * The whole-site sample (policies, endpoint groups, a VPN service, a connection, all by name)
   * creates from empty against the sandbox, through Keystone as a user would, and converges.
   */
  @Test
  void theWholeSiteSampleCreatesEverythingAndConverges() throws Exception {
    try (Sandbox sandbox = Sandbox.builder().keystone(true).build().start()) {
      Map<String, String> env =
          Map.of(
              "OS_AUTH_URL", sandbox.identityEndpoint().toString(),
              "OS_USERNAME", "admin",
              "OS_PASSWORD", "admin",
              "OS_PROJECT_NAME", "admin",
              "OS_USER_DOMAIN_NAME", "Default",
              "OS_PROJECT_DOMAIN_NAME", "Default",
              "BRANCH9_PSK", "whole-site-psk-0001");
      try (Reconciler r = Reconciler.builder().environment(env::get).build()) {
        DesiredState desired = r.load(List.of(Path.of("whole-site")));
        assertThat(r.validate(desired)).noneMatch(Diagnostic::isError);
        Plan plan = r.plan(desired);
        assertThat(plan.diagnostics()).noneMatch(Diagnostic::isError);
        assertThat(plan.summary()).isEqualTo("Plan: 6 to add, 0 to change, 0 to destroy.");
        assertThat(r.apply(plan, c -> {}, x -> {}).succeeded()).isTrue();
        assertThat(r.plan(desired).hasChanges()).isFalse();
      }
    }
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
