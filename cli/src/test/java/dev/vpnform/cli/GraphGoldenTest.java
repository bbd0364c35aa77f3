package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases of the whole graph: each folder under {@code core/src/test/resources/golden-graph}
 * holds {@code desired.yaml}, planned against a fresh sandbox holding its built-in sample (the
 * actual state: see {@code core/sandbox/README.md}), optional {@code env} (KEY=VALUE lines), and
 * the expected {@code plan.txt} (stdout then stderr), {@code plan.json}, {@code plan.diff}, {@code
 * plan.md} and {@code exit}. The sandbox's address shows as {@code http://sandbox}. A case whose
 * plan applies is applied, and planned again: it must then show no changes. Run with {@code
 * -Dgolden.update=true} to rewrite the expectations, then review the diff.
 */
class GraphGoldenTest {
  static final Path ROOT = Path.of("../core/src/test/resources/golden-graph");
  static final ObjectMapper JSON = new ObjectMapper();

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(ROOT)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyKindAndActionHasACase() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(6);
  }

  /** One sandbox per case: each starts from the built-in sample. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansAsExpectedAndConverges(String name) throws IOException {
    Path dir = ROOT.resolve(name);
    try (Sandbox sandbox = Sandbox.builder().pendingToActiveAfter(Duration.ZERO).build().start()) {
      Map<String, String> env = env(dir, sandbox);
      String desired = dir.resolve("desired.yaml").toString();
      CliRun text = CliRun.of(env, "plan", desired);
      check(dir.resolve("plan.txt"), normalise(dir, sandbox, text.out() + stderr(text)));
      check(dir.resolve("exit"), text.exit() + "\n");
      CliRun json = CliRun.of(env, "plan", "--format", "json", desired);
      check(dir.resolve("plan.json"), normalise(dir, sandbox, json.out()));
      CliRun diff = CliRun.of(env, "plan", "--format", "diff", desired);
      check(dir.resolve("plan.diff"), normalise(dir, sandbox, diff.out()));
      CliRun md = CliRun.of(env, "plan", "--format", "markdown", desired);
      check(dir.resolve("plan.md"), normalise(dir, sandbox, md.out()));
      MarkdownCheck.check(md.out());

      JsonNode plan = JSON.readTree(json.out());
      boolean changes =
          plan.get("summary").get("add").asInt()
                  + plan.get("summary").get("change").asInt()
                  + plan.get("summary").get("destroy").asInt()
              > 0;
      if (!plan.get("applicable").asBoolean() || !changes) {
        return;
      }
      CliRun apply = CliRun.of(env, "apply", "--auto-approve", desired);
      assertThat(apply.exit()).as(apply.all()).isZero();
      CliRun again = CliRun.of(env, "plan", "--detailed-exitcode", desired);
      assertThat(again.exit()).as(again.all()).isZero();
      assertThat(again.out()).contains("No changes.");
    }
  }

  private static String stderr(CliRun run) {
    return run.err().isEmpty() ? "" : "--- stderr\n" + run.err();
  }

  static Map<String, String> env(Path dir, Sandbox sandbox) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", dir.toAbsolutePath().toString());
    env.put("OS_AUTH_TYPE", "none");
    env.put("OS_ENDPOINT", sandbox.networkEndpoint().toString());
    Path f = dir.resolve("env");
    if (Files.exists(f)) {
      for (String line : Files.readAllLines(f)) {
        if (line.contains("=")) {
          env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      }
    }
    return env;
  }

  /** The case's paths relative to it, the sandbox's address as {@code http://sandbox}. */
  private static String normalise(Path dir, Sandbox sandbox, String s) {
    String endpoint = sandbox.networkEndpoint().toString().replaceAll("/+$", "");
    return s.replace(dir.toString() + "/", "").replace(endpoint, "http://sandbox");
  }

  private static void check(Path expected, String actual) throws IOException {
    boolean update = Boolean.getBoolean("golden.update");
    if (update || !Files.exists(expected)) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
      if (!update) {
        throw new AssertionError("wrote missing golden file " + expected + "; review it");
      }
      return;
    }
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }

  static List<String> names() throws IOException {
    return new ArrayList<>(cases().toList());
  }
}
