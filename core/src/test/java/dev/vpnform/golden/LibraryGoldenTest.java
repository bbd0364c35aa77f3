package dev.vpnform.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.Reconciler;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.model.Secret;
import dev.vpnform.openstack.NeutronJson;
import dev.vpnform.plan.ApiRequest;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.Targeting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden cases against the library itself: each case's desired and actual state go through
 * {@link Reconciler} (no CLI, no rendering), and the {@link Plan} it returns must hold exactly the
 * changes, requests and diagnostics that the case's {@code plan.json} records. The CLI's golden
 * test pins the text, JSON and Markdown renderings and the exit codes on the same cases.
 */
class LibraryGoldenTest {
  static final Path ROOT = Path.of("src/test/resources/golden");
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

  @ParameterizedTest
  @MethodSource("cases")
  void thePlanIsWhatTheCaseRecords(String name) throws Exception {
    Path dir = ROOT.resolve(name);
    JsonNode expected = JSON.readTree(dir.resolve("plan.json").toFile());
    List<String> args =
        Files.exists(dir.resolve("args"))
            ? List.of(Files.readString(dir.resolve("args")).trim().split("\\s+"))
            : List.of();
    Map<String, String> env = new HashMap<>();
    if (Files.exists(dir.resolve("env"))) {
      for (String line : Files.readAllLines(dir.resolve("env"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    Reconciler.Builder b =
        Reconciler.builder()
            .environment(env::get)
            // the system resolver, as the CLI's golden test: the cases resolve only localhost
            .rotatePsk(args.contains("--rotate-psk"));
    int profile = args.indexOf("--profile");
    if (profile >= 0) {
      b.profile(Profile.byId(args.get(profile + 1)).orElseThrow());
    }
    Reconciler reconciler = b.build();
    Path actualFile =
        Files.exists(dir.resolve("actual.json"))
            ? dir.resolve("actual.json")
            : ROOT.resolve("actual.json");
    List<ActualConnection> actual =
        NeutronJson.parseConnections(Files.readString(actualFile), "actual.json");

    ObjectNode got = JSON.createObjectNode();
    try {
      DesiredState desired = reconciler.load(List.of(dir.resolve("desired.yaml")));
      // --target/--exclude: the selection is planned, the whole state validated
      Targeting.Selected selected =
          Targeting.of(valuesOf(args, "--target"), valuesOf(args, "--exclude")).select(desired);
      Plan plan =
          selected.complete(
              reconciler.plan(selected.desired(), actual, "actual.json"),
              reconciler.validate(desired));
      got.put("profile", plan.profile().id());
      ArrayNode changes = got.putArray("changes");
      plan.changes().forEach(c -> changes.add(change(c, dir)));
      got.set("diagnostics", diagnostics(plan.diagnostics(), dir));
      got.put("applicable", plan.applicable());
    } catch (ConfigException e) {
      got.put("profile", expected.get("profile").asText());
      got.putArray("changes");
      got.set("diagnostics", diagnostics(e.diagnostics(), dir));
      got.put("applicable", false);
    }
    ObjectNode want = JSON.createObjectNode();
    for (String key : List.of("profile", "changes", "diagnostics", "applicable")) {
      want.set(key, withoutNotes(expected.get(key)));
    }
    assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(got))
        .isEqualTo(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(want));
  }

  private static List<String> valuesOf(List<String> args, String option) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals(option)) {
        out.add(args.get(i + 1));
      }
    }
    return out;
  }

  /** Notes are worded by the CLI (they name its flags); the library's are checked elsewhere. */
  static JsonNode withoutNotes(JsonNode n) {
    if (n != null && n.isArray()) {
      n.forEach(
          c -> {
            if (c.isObject()) {
              ((ObjectNode) c).remove("notes");
            }
          });
    }
    return n;
  }

  static ObjectNode change(ConnectionChange c, Path dir) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", c.id());
    n.put("name", c.name());
    n.put("source", relative(c.source().toString(), dir));
    n.put("action", c.action().label());
    ArrayNode fields = n.putArray("fields");
    for (FieldChange f : c.fields()) {
      ObjectNode fn = fields.addObject();
      fn.put("path", f.path());
      fn.set("before", JSON.valueToTree(f.before()));
      fn.set("after", JSON.valueToTree(f.after()));
      fn.put("sensitive", f.sensitive());
      fn.put("forces_replacement", f.forcesReplacement());
    }
    c.request().ifPresent(r -> n.set("request", request(r)));
    if (c.action().changes()) {
      ArrayNode requests = n.putArray("requests");
      c.requests().forEach(r -> requests.add(request(r)));
    }
    return n;
  }

  /** A request as the JSON plan shows it: a DELETE has an empty body, a psk is the mask. */
  static ObjectNode request(ApiRequest r) {
    ObjectNode rn = JSON.createObjectNode();
    rn.put("method", r.method());
    rn.put("path", r.path());
    ObjectNode body = rn.putObject("body");
    if (!r.body().isEmpty()) {
      ObjectNode fields = body.putObject("ipsec_site_connection");
      r.fields()
          .forEach(
              (k, v) -> fields.set(k, JSON.valueToTree(v instanceof Secret ? Secret.MASK : v)));
    }
    return rn;
  }

  static ArrayNode diagnostics(List<Diagnostic> all, Path dir) {
    ArrayNode out = JSON.createArrayNode();
    for (Diagnostic d : all) {
      ObjectNode n = out.addObject();
      n.put("severity", d.severity().label());
      n.put("rule", d.rule());
      n.put("connection", d.connection());
      n.put("field", d.field());
      n.put("message", d.message());
      n.put("location", d.location() == null ? null : relative(d.location().toString(), dir));
    }
    return out;
  }

  static String relative(String s, Path dir) {
    return s.replace(dir.toString() + java.io.File.separator, "");
  }
}
