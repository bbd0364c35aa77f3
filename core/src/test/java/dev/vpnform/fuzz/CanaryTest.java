package dev.vpnform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz targets' oracle must be able to fail: a leak it would not see is no check at all. */
class CanaryTest {
  static final List<String> LEAK = List.of("fuzz.yaml:3:10: error: [x] CANARY-psk was here");

  @Test
  void aPskValueIsSecretWhereverItIsWritten() {
    for (String yaml :
        List.of(
            "connections:\n  - name: a\n    psk: CANARY-psk\n",
            "connections:\n  - {name: a, psk: [CANARY-psk]}\n",
            "connections:\n  - name: a\n    psk: {CANARY-psk: 1}\n",
            "connections:\n  - name: a\n    psk: \"CANARY-psk\n",
            "connections: # CANARY-psk in a comment\n",
            "b: &b {psk: CANARY-psk}\nconnections:\n  - {<<: *b, name: a}\n")) {
      assertThatThrownBy(() -> Canary.assertNotEchoedFromPsk(yaml, LEAK))
          .as(yaml)
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void aValueWrittenOutsideAPskMayBeQuoted() {
    for (String yaml :
        List.of(
            "connections:\n  - name: CANARY-psk\n",
            "CANARY-psk: 1\n",
            "connections:\n  - name: a\n    psk: {file: CANARY-psk}\n",
            "connections:\n  - name: a\n    psk: &k CANARY-psk\n    description: *k\n")) {
      assertThatCode(() -> Canary.assertNotEchoedFromPsk(yaml, LEAK))
          .as(yaml)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void aPlanMayNameAPskSourceButNothingElse() {
    byte[] env =
        "{\"changes\": [{\"desired\": {\"psk\": {\"env\": \"CANARY-psk\"}}}]}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] value =
        "{\"changes\": [{\"desired\": {\"psk\": \"CANARY-psk\"}}]}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatCode(() -> Canary.assertNotEchoedByPlan(env, LEAK.get(0))).doesNotThrowAnyException();
    assertThatThrownBy(() -> Canary.assertNotEchoedByPlan(value, LEAK.get(0)))
        .isInstanceOf(AssertionError.class);
    assertThat(Canary.appearsOutsidePsk("a: &a {<<: *a}\nCANARY-psk: 1\n")).isTrue();
  }
}
