package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases: each folder under {@code core/src/test/resources/golden} (in core, next to the
 * library they specify, so that core's tests can read them too; see the README.md there) holds
 * {@code desired.yaml}, optionally its own {@code actual.json} (otherwise the shared {@code
 * golden/actual.json} is the actual state), optional {@code args} (extra command-line words) and
 * {@code env} (KEY=VALUE lines), and the expected {@code plan.txt} (text output, stdout then
 * stderr), {@code plan.json}, {@code plan.md} (the Markdown report) and {@code exit}. Run with
 * {@code -Dgolden.update=true} to rewrite the expectations, then review the diff.
 */
class GoldenTest {
  /**
   * Maven runs the test in the cli module directory; the cases live in core. Relative, so that what
   * the outputs derive from the paths (the Markdown report's key) is the same in every checkout.
   */
  static final Path ROOT = Path.of("../core/src/test/resources/golden");

  /** The actual state of every case that has no actual.json of its own. */
  static final Path DEFAULT_ACTUAL = ROOT.resolve("actual.json");

  static final boolean UPDATE = Boolean.getBoolean("golden.update");
  static final ObjectMapper JSON = new ObjectMapper();

  static Stream<String> cases() throws IOException {
    if (!Files.isDirectory(ROOT)) {
      throw new IllegalStateException(
          "no golden cases at " + ROOT + ": run the test from the cli module directory");
    }
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
  void thereAreAtLeastThirtyCases() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(30);
  }

  /** A case holds its own actual.json only when it differs from the shared default. */
  @Test
  void noCaseRepeatsTheDefaultActualState() throws IOException {
    byte[] shared = Files.readAllBytes(DEFAULT_ACTUAL);
    List<String> copies =
        cases()
            .filter(name -> Files.exists(ROOT.resolve(name).resolve("actual.json")))
            .filter(name -> sameBytes(ROOT.resolve(name).resolve("actual.json"), shared))
            .toList();
    assertThat(copies).as("cases whose actual.json is a copy of " + DEFAULT_ACTUAL).isEmpty();
  }

  private static boolean sameBytes(Path file, byte[] bytes) {
    try {
      return Arrays.equals(Files.readAllBytes(file), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The case's own actual.json, or the shared default when it has none. */
  static Path actualFile(Path dir) {
    Path own = dir.resolve("actual.json");
    return Files.exists(own) ? own : DEFAULT_ACTUAL;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void textPlan(String name) throws IOException {
    Path dir = ROOT.resolve(name);
    CliRun run = run(dir, "text");
    String text =
        normalise(dir, run.out() + (run.err().isEmpty() ? "" : "--- stderr\n" + run.err()));
    check(dir.resolve("plan.txt"), text);
    check(dir.resolve("exit"), run.exit() + "\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jsonPlan(String name) throws IOException {
    Path dir = ROOT.resolve(name);
    CliRun run = run(dir, "json");
    String json = normalise(dir, run.out());
    check(dir.resolve("plan.json"), json);
    assertThat(JSON.readTree(run.out()).get("format_version").asText()).isEqualTo("1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void markdownPlan(String name) throws IOException {
    Path dir = ROOT.resolve(name);
    CliRun run = run(dir, "markdown");
    check(dir.resolve("plan.md"), normalise(dir, run.out()));
    MarkdownCheck.check(run.out());
    assertThat(run.exit())
        .isEqualTo(Integer.parseInt(Files.readString(dir.resolve("exit")).trim()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void diffPlanIsAUnifiedDiffOfEveryChange(String name) throws IOException {
    Path dir = ROOT.resolve(name);
    CliRun json = run(dir, "json");
    JsonNode plan = JSON.readTree(json.out());
    CliRun diff = run(dir, "diff");
    boolean any = false;
    for (JsonNode c : plan.get("changes")) {
      String label = c.get("name").isNull() ? c.get("id").asText() : c.get("name").asText();
      switch (c.get("action").asText()) {
        case "update", "replace" ->
            assertThat(diff.out()).contains("--- actual/" + label, "+++ desired/" + label, "@@ ");
        case "create" ->
            assertThat(diff.out())
                .contains("--- /dev/null\n+++ desired/" + label, "+id: (known after apply)");
        case "delete" ->
            assertThat(diff.out()).contains("--- actual/" + label + "\n+++ /dev/null\n@@ ");
        default -> {
          continue;
        }
      }
      any = true;
    }
    if (!any) {
      assertThat(diff.out()).isEmpty();
    }
  }

  /**
   * Applying each request the way the server does (a PUT merges, a POST adds a connection, a DELETE
   * removes one), then planning again, gives only no-ops: the plan converges.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planningAgainstTheAfterStateGivesOnlyNoOps(String name) throws IOException {
    Path dir = ROOT.resolve(name);
    JsonNode plan = JSON.readTree(run(dir, "json").out());
    if (!plan.get("applicable").asBoolean()
        || !hasChanges(plan)
        || extraArgs(dir)
            .contains("--rotate-psk")) { // rotation sends the psk every time, by design
      return;
    }
    JsonNode actual = JSON.readTree(Files.readString(actualFile(dir)));
    ArrayNode list =
        actual.has("ipsec_site_connections")
            ? (ArrayNode) actual.get("ipsec_site_connections")
            : JSON.createArrayNode().add(actual.get("ipsec_site_connection"));
    Map<String, String> env = env(dir);
    int created = 0;
    for (JsonNode change : plan.get("changes")) {
      if (!change.has("requests")) {
        continue;
      }
      for (JsonNode request : change.get("requests")) {
        ObjectNode target = null;
        switch (request.get("method").asText()) {
          case "DELETE" -> {
            int at = indexOf(list, change.get("id").asText());
            assertThat(at).as("the connection a DELETE removes exists").isNotNegative();
            list.remove(at);
            continue;
          }
          case "POST" -> {
            target = list.addObject();
            target.put("id", String.format("99999999-0000-4000-8000-%012d", ++created));
            target.put("status", "PENDING_CREATE");
          }
          case "PUT" -> target = (ObjectNode) list.get(indexOf(list, change.get("id").asText()));
          default -> throw new AssertionError(request.toString());
        }
        JsonNode fields = request.get("body").get("ipsec_site_connection");
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          switch (f.getKey()) {
            case "dpd" -> {
              if (!target.has("dpd")) {
                target.putObject("dpd");
              }
              ObjectNode dpd = (ObjectNode) target.get("dpd");
              f.getValue().fields().forEachRemaining(e -> dpd.set(e.getKey(), e.getValue()));
            }
            case "psk" -> target.put("psk", desiredPsk(dir, change.get("name").asText(), env));
            case "peer_address" -> target.put("peer_address", serverStored(f.getValue().asText()));
            default -> target.set(f.getKey(), f.getValue());
          }
        }
      }
    }
    Path after = Files.createTempFile("after", ".json");
    Files.writeString(
        after,
        JSON.writeValueAsString(JSON.createObjectNode().set("ipsec_site_connections", list)));
    List<String> args =
        new ArrayList<>(List.of("plan", "--format", "json", "--actual-file", after.toString()));
    args.addAll(extraArgs(dir));
    args.add(dir.resolve("desired.yaml").toString());
    CliRun again = CliRun.of(env, args.toArray(String[]::new));
    JsonNode second = JSON.readTree(again.out());
    assertThat(hasChanges(second)).as(again.out()).isFalse();
    assertThat(second.get("applicable").asBoolean()).as(again.out()).isTrue();
    Files.delete(after);
  }

  private static boolean hasChanges(JsonNode plan) {
    for (JsonNode c : plan.get("changes")) {
      if (!c.get("action").asText().equals("no-op")) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(ArrayNode list, String id) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).get("id").asText().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static String serverStored(String peerAddress) {
    return peerAddress.equals("localhost") ? "127.0.0.1" : peerAddress;
  }

  /**
   * The psk the case's configuration wants for {@code connection}, read from its env or literal:
   * from the connection's own entry (the list item that names it), else the first in the file.
   */
  private static String desiredPsk(Path dir, String connection, Map<String, String> env)
      throws IOException {
    List<List<String>> entries = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("desired.yaml"))) {
      if (line.trim().startsWith("- ") || entries.isEmpty()) {
        entries.add(new ArrayList<>());
      }
      entries.get(entries.size() - 1).add(line.trim().replaceFirst("^- ", ""));
    }
    List<String> own =
        entries.stream()
            .filter(e -> e.contains("name: " + connection))
            .findFirst()
            .orElseGet(() -> entries.stream().flatMap(List::stream).toList());
    for (String t : own) {
      if (t.startsWith("psk: {env: ")) {
        return env.get(t.substring("psk: {env: ".length(), t.length() - 1).trim());
      }
      if (t.startsWith("psk: ") && !t.contains("{")) {
        return t.substring(5).replace("\"", "");
      }
    }
    throw new IllegalStateException("no psk in " + dir + " for " + connection);
  }

  static CliRun run(Path dir, String format) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of("plan", "--format", format, "--actual-file", actualFile(dir).toString()));
    args.addAll(extraArgs(dir));
    args.add(dir.resolve("desired.yaml").toString());
    return CliRun.of(env(dir), args.toArray(String[]::new));
  }

  static List<String> extraArgs(Path dir) throws IOException {
    Path f = dir.resolve("args");
    return Files.exists(f) ? List.of(Files.readString(f).trim().split("\\s+")) : List.of();
  }

  static Map<String, String> env(Path dir) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
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

  /** Paths in the output relative to the case (and the shared actual.json to its file name). */
  private static String normalise(Path dir, String s) {
    return s.replace(dir.toString() + "/", "").replace(ROOT.toString() + "/", "");
  }

  private static void check(Path expected, String actual) throws IOException {
    if (UPDATE || !Files.exists(expected)) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
      if (!UPDATE) {
        throw new AssertionError("wrote missing golden file " + expected + "; review it");
      }
      return;
    }
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }
}
