package dev.vpnform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.PlanFile;
import dev.vpnform.plan.PlanFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved-plan seeds: a real plan (see {@link PlanSeeds}) and the truncated or edited copies of
 * it that both the fuzz corpus and the CLI's adversarial corpus hold.
 *
 * <p>Regenerate the committed copies with {@code mvn -pl core test -Dtest=PlanSeedsTest
 * -Dvpnform.writeSeeds=true} (run from the repository root's {@code core} module directory, as
 * surefire does).
 */
class PlanSeedsTest {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final Path FUZZ_INPUTS =
      Path.of("src/test/resources/dev/vpnform/fuzz/PlanFileFuzzTestInputs/parse");
  static final Path CLI_PLANS = Path.of("../cli/src/test/resources/adversarial/plan");

  /** Every psk the seeds name reads as "x"; no DNS: the seeds hold IP addresses only. */
  static final PlanFile.SecretSource X = (ref, plan) -> dev.vpnform.model.Secret.of("x");

  static final dev.vpnform.plan.AddressResolver NO_DNS =
      host -> {
        throw new java.net.UnknownHostException(host);
      };

  static final dev.vpnform.Reconciler READER =
      dev.vpnform.Reconciler.builder().environment(k -> "x").resolver(NO_DNS).build();

  @TempDir Path dir;

  @Test
  void aRealPlanReadsBack() throws Exception {
    byte[] real = PlanSeeds.realPlan(dir);
    PlanFile.Saved saved = PlanFile.parse(real, "real.plan", X, NO_DNS);
    assertThat(saved.plan().changes()).hasSize(3);
    assertThat(saved.plan().updateCount()).isEqualTo(2);
    assertThat(saved.plan().changes().get(0).fields().stream().map(f -> f.path()))
        .containsExactly("description", "psk", "peer_cidrs", "mtu", "dpd.interval");
    assertThat(saved.plan().changes().get(2).action()).isEqualTo(Action.NO_OP);
  }

  /** The committed real plan still reads back, so the corpus follows the format. */
  @Test
  void theCommittedRealPlanStillReadsBack() throws Exception {
    Path committed = FUZZ_INPUTS.resolve("real.plan");
    assertThat(committed).exists();
    PlanFile.Saved saved = PlanFile.parse(Files.readAllBytes(committed), "real.plan", X, NO_DNS);
    assertThat(saved.plan().updateCount()).isEqualTo(2);
  }

  /** Every variant but the real plan is refused, with a message that does not quote it. */
  @Test
  void everyVariantIsRefused() throws Exception {
    java.util.List<String> accepted = new java.util.ArrayList<>();
    for (Map.Entry<String, byte[]> v : variants(PlanSeeds.realPlan(dir)).entrySet()) {
      if (v.getKey().equals("real.plan")) {
        continue;
      }
      // Read the way apply reads a plan: psk sources resolved, files with the loader's checks.
      Path file = dir.resolve(v.getKey());
      Files.write(file, v.getValue());
      try {
        READER.readPlan(file, true);
        accepted.add(v.getKey());
      } catch (PlanFileException e) {
        assertThat(e.getMessage()).as(v.getKey()).doesNotContain(Canary.TOKEN);
      }
    }
    assertThat(accepted).as("variants read back as plans").isEmpty();
  }

  /** Writes the seeds into the source tree when asked to. */
  @Test
  void writeSeedsWhenAsked() throws Exception {
    if (!Boolean.getBoolean("vpnform.writeSeeds")) {
      return;
    }
    Map<String, byte[]> all = variants(PlanSeeds.realPlan(dir));
    Files.createDirectories(FUZZ_INPUTS);
    for (Map.Entry<String, byte[]> v : all.entrySet()) {
      Files.write(FUZZ_INPUTS.resolve(v.getKey()), v.getValue());
      if (Files.isDirectory(CLI_PLANS) && !v.getKey().equals("real.plan")) {
        Files.write(CLI_PLANS.resolve(v.getKey()), v.getValue());
      }
    }
  }

  /** The real plan and its broken copies, by file name. */
  static Map<String, byte[]> variants(byte[] real) throws IOException {
    String text = new String(real, StandardCharsets.UTF_8);
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("real.plan", real);
    out.put("truncated-half.plan", head(text, text.length() / 2));
    out.put("truncated-last-brace.plan", head(text, text.stripTrailing().length() - 1));
    int fp = text.indexOf("\"actual_fingerprint\"");
    out.put("truncated-in-fingerprint.plan", head(text, fp + 40));
    out.put("edited-desired-mtu.plan", edit(real, root -> desired(root, 0).put("mtu", 1600)));
    out.put(
        "edited-actual-mtu.plan",
        edit(real, root -> ((ObjectNode) change(root, 0).get("actual")).put("mtu", 1450)));
    out.put(
        "edited-field-after.plan", edit(real, root -> field(root, 0, "mtu").put("after", 9000)));
    out.put(
        "edited-request-body.plan", edit(real, root -> requestFields(root, 0).put("mtu", 9000)));
    out.put(
        "edited-fingerprint.plan",
        edit(
            real,
            root ->
                change(root, 0)
                    .put(
                        "actual_fingerprint",
                        "sha256:0000000000000000000000000000000000000000000000000000000000000000")));
    out.put("edited-action.plan", edit(real, root -> change(root, 0).put("action", "no-op")));
    out.put(
        "edited-field-paths.plan",
        edit(
            real,
            root ->
                ((ArrayNode) change(root, 2).get("fields"))
                    .addObject()
                    .put("path", "mtu")
                    .put("before", 1400)
                    .put("after", 1400)
                    .put("sensitive", false)));
    out.put(
        "injected-psk-in-desired.plan",
        edit(real, root -> desired(root, 0).put("psk", Canary.TOKEN + "-injected")));
    out.put(
        "injected-psk-in-request.plan",
        edit(real, root -> requestFields(root, 0).put("psk", Canary.TOKEN + "-injected")));
    out.put(
        "injected-psk-in-actual.plan",
        edit(real, root -> ((ObjectNode) change(root, 0).get("actual")).put("psk", Canary.TOKEN)));
    out.put(
        "injected-psk-as-env-object.plan",
        edit(
            real,
            root ->
                desired(root, 0)
                    .putObject("psk")
                    .put("env", "DC1_PSK")
                    .put("value", Canary.TOKEN + "-injected")));
    out.put("wrong-format-version.plan", edit(real, root -> root.put("format_version", "1")));
    out.put("wrong-format-version-number.plan", edit(real, root -> root.put("format_version", 2)));
    out.put("wrong-kind.plan", edit(real, root -> root.put("kind", "terraform-plan")));
    out.put("unknown-profile.plan", edit(real, root -> root.put("profile", "aws")));
    out.put("json-array.plan", ("[" + text.strip() + "]\n").getBytes(StandardCharsets.UTF_8));
    out.put("empty.plan", new byte[0]);
    out.put("whitespace-only.plan", " \n\t\n".getBytes(StandardCharsets.UTF_8));
    out.put("changes-null.plan", edit(real, root -> root.putNull("changes")));
    out.put(
        "duplicate-key.plan",
        text.replaceFirst("\"kind\"", "\"kind\" : \"vpnform-plan\",\n  \"kind\"")
            .getBytes(StandardCharsets.UTF_8));
    byte[] notUtf8 = real.clone();
    notUtf8[text.indexOf("dc1-to-dc2")] = (byte) 0xff;
    out.put("not-utf8.plan", notUtf8);
    out.put(
        "deep-nesting.plan",
        ("{\"kind\": \"vpnform-plan\", \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}")
            .getBytes(StandardCharsets.UTF_8));
    out.put(
        "psk-file-missing.plan",
        edit(
            real,
            root ->
                desired(root, 0)
                    .putObject("psk")
                    .put("file", "dc1.psk")
                    .put("resolved_path", "/nonexistent/vpnform/dc1.psk")));
    out.put(
        "desired-without-identity.plan",
        edit(
            real,
            root -> {
              desired(root, 0).remove("name");
              desired(root, 0).remove("id");
            }));
    out.put(
        "nul-byte.plan", text.replaceFirst("dc1-to-dc2", "dc1\0").getBytes(StandardCharsets.UTF_8));
    return out;
  }

  private static byte[] head(String text, int chars) {
    return text.substring(0, chars).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] edit(byte[] real, Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(real);
    change.accept(root);
    return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode change(ObjectNode root, int i) {
    return (ObjectNode) root.get("changes").get(i);
  }

  private static ObjectNode desired(ObjectNode root, int i) {
    return (ObjectNode) change(root, i).get("desired");
  }

  private static ObjectNode field(ObjectNode root, int i, String path) {
    for (JsonNode f : change(root, i).get("fields")) {
      if (f.get("path").asText().equals(path)) {
        return (ObjectNode) f;
      }
    }
    throw new IllegalArgumentException(path);
  }

  private static ObjectNode requestFields(ObjectNode root, int i) {
    return (ObjectNode) change(root, i).get("request").get("body").get("ipsec_site_connection");
  }
}
