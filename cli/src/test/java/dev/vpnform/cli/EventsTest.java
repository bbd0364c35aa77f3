package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --events-out: one JSON object per line, the version first, under the JSON plan's rules. */
class EventsTest {
  @TempDir Path dir;

  static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode e = GoldenTest.JSON.readTree(line);
      assertThat(e.get("@level").asText()).isIn("info", "warn", "error");
      assertThat(e.get("@message").asText()).isNotEmpty();
      assertThat(Instant.parse(e.get("@timestamp").asText())).isNotNull();
      out.add(e);
    }
    assertThat(out.get(0).get("type").asText()).isEqualTo("version");
    assertThat(out.get(0).get("ui").asText()).isEqualTo("1.0");
    return out;
  }

  static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("type").asText()).toList();
  }

  @Test
  void planWritesItsDiagnosticsChangesAndSummary() throws IOException {
    Path g = GoldenTest.ROOT.resolve("054-psk-literal-warning");
    Path events = dir.resolve("out/events.ndjson");
    CliRun run =
        CliRun.of(
            "plan",
            "--events-out",
            events.toString(),
            "--actual-file",
            GoldenTest.DEFAULT_ACTUAL.toString(),
            g.resolve("desired.yaml").toString());
    assertThat(run.exit()).isZero();
    List<JsonNode> e = read(events);
    assertThat(types(e))
        .containsExactly("version", "diagnostic", "planned_change", "change_summary");
    assertThat(e.get(1).get("@level").asText()).isEqualTo("warn");
    assertThat(e.get(1).get("diagnostic").get("rule").asText()).isEqualTo("psk-literal");
    JsonNode change = e.get(2).get("change");
    assertThat(change.get("connection").get("name").asText()).isEqualTo("dc1-to-dc2");
    assertThat(change.get("fields").get(0).asText()).isEqualTo("psk");
    assertThat(e.get(3).get("changes").get("update").asInt()).isEqualTo(1);
    assertThat(Files.readString(events)).doesNotContain("literal-psk-0001");
  }

  @Test
  void applyWritesOneEventPerConnectionAsItFinishes() throws IOException {
    try (Sandbox sandbox = Sandbox.builder().build().start()) {
      Map<String, String> env =
          Map.of(
              "HOME", dir.toString(),
              "OS_AUTH_TYPE", "none",
              "OS_ENDPOINT", sandbox.networkEndpoint().toString());
      Path config = dir.resolve("vpn.yaml");
      Files.writeString(
          config,
          "connections:\n  - name: dc1-to-dc2\n    mtu: 1450\n  - name: dc1-to-dc3\n    mtu: 1450\n");
      Path events = dir.resolve("events.ndjson");
      CliRun run =
          CliRun.of(
              env, "apply", "--auto-approve", "--events-out", events.toString(), config.toString());
      assertThat(run.exit()).as(run.all()).isZero();
      List<JsonNode> e = read(events);
      assertThat(types(e))
          .containsExactly(
              "version",
              "planned_change",
              "planned_change",
              "change_summary",
              "apply_complete",
              "apply_complete",
              "change_summary");
      JsonNode done = e.get(4).get("hook");
      assertThat(done.get("outcome").asText()).isEqualTo("updated");
      assertThat(done.get("fields").get(0).asText()).isEqualTo("mtu");
      assertThat(done.get("elapsed_seconds").isNumber()).isTrue();
      assertThat(e.get(6).get("changes").get("operation").asText()).isEqualTo("apply");
    }
  }
}
