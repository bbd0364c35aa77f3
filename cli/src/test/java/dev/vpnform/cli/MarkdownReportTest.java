package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Markdown report as a pull request comment: hostile names stay inside their code spans, a
 * large plan splits between connections into parts that each parse on their own, and no psk ever
 * shows.
 */
class MarkdownReportTest {
  static final Path HOSTILE = GoldenTest.ROOT.resolve("055-markdown-hostile-names");

  @TempDir Path dir;

  @Test
  void hostileNamesStayInsideTheirCodeSpans() throws IOException {
    CliRun run = GoldenTest.run(HOSTILE, "markdown");
    assertThat(run.exit()).isZero();
    MarkdownCheck.Parsed md = MarkdownCheck.check(run.out());
    assertThat(md.codeSpans())
        .contains(
            "``` fence `tick` ``",
            "</details><details open><summary>x</summary>",
            // GFM cannot show a backslash just before a pipe in a table cell exactly: it shows
            // doubled, but the cell does not break.
            "a|b\\\\|c | d",
            "@org/team please look #123",
            "n".repeat(250) + "-long");
    assertThat(md.textOutsideCode())
        .doesNotContain("@org")
        .doesNotContain("#123")
        .doesNotContain("details")
        .doesNotContain("fence")
        .doesNotContain("nnnnnnnn");
    // The description's newline and HTML are in the diff, inside the fence.
    assertThat(md.fenced()).contains("line two </details> <!-- x --> @org/team #123");
    assertThat(run.all()).doesNotContain("literal-psk-not-a-secret-0003");
  }

  @Test
  void aConfigurationThatDoesNotLoadStillGetsAReport() throws IOException {
    Path bad = write("bad.yaml", "connections:\n  - name: \"@org/team\"\n    mut: 1500\n");
    Path report = dir.resolve("plan.md");
    CliRun run =
        CliRun.of(
            "plan",
            "--format",
            "markdown",
            "--markdown-out",
            report.toString(),
            "--actual-file",
            HOSTILE.resolve("actual.json").toString(),
            bad.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.out()).contains("❌ **Plan failed:** 1 error").contains("`O1`");
    assertThat(Files.readString(report)).isEqualTo(run.out());
    MarkdownCheck.check(run.out());
  }

  @Test
  void aLargePlanSplitsBetweenConnectionsAndEveryPartStandsAlone() throws IOException {
    int n = 120;
    Path config = largeConfig(n);
    Path report = dir.resolve("out/plan.md");
    Files.createDirectories(report.getParent());
    Path mine = dir.resolve("out/plan.40.md");
    Files.writeString(mine, "my own notes, not vpnform's\n");
    CliRun run = plan(config, report, 6000);
    assertThat(run.exit()).as(run.all()).isEqualTo(ExitCode.CHANGES);
    List<String> parts = parts(report);
    assertThat(parts.size()).isGreaterThan(3);
    assertThat(run.err()).contains("Wrote the Markdown report to " + report + ", ");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      MarkdownCheck.Parsed md = MarkdownCheck.check(part, 6000);
      assertThat(part)
          .startsWith(
              "<!-- vpnform:report kind=plan key="
                  + key(parts.get(0))
                  + " part="
                  + (i + 1)
                  + "/"
                  + parts.size()
                  + " v=1 -->")
          .contains("### vpnform plan (part " + (i + 1) + " of " + parts.size() + ")");
      md.codeSpans().stream().filter(s -> s.startsWith("conn-")).forEach(seen::add);
      // A connection's row and its diff are in the same part.
      for (String s : md.codeSpans()) {
        if (s.startsWith("conn-")) {
          assertThat(md.fenced()).contains("+++ desired/" + s + "\n");
        }
      }
    }
    assertThat(parts.get(0)).contains("✏️ **" + n + " to change**");
    assertThat(seen)
        .containsExactlyElementsOf(
            IntStream.range(0, n).mapToObj(MarkdownReportTest::name).toList());

    // A smaller report later: the parts it no longer needs go, the user's own file stays.
    CliRun again = plan(config, report, 1_000_000);
    assertThat(again.exit()).isEqualTo(ExitCode.CHANGES);
    assertThat(parts(report)).hasSize(1);
    assertThat(dir.resolve("out/plan.2.md")).doesNotExist();
    assertThat(mine).hasContent("my own notes, not vpnform's");
  }

  @Test
  void aDiffLargerThanAPartKeepsItsHeadAndTail() throws IOException {
    String cidrs =
        IntStream.range(0, 400)
            .mapToObj(i -> "10." + (i / 200) + "." + (i % 200) + ".0/24")
            .collect(Collectors.joining(", "));
    Path config =
        write(
            "big.yaml",
            "connections:\n  - id: 55000000-0000-4000-8000-000000000001\n    peer_cidrs: ["
                + cidrs
                + "]\n");
    Files.copy(HOSTILE.resolve("actual.json"), dir.resolve("actual.json"));
    Path report = dir.resolve("big.md");
    CliRun run = plan(config, report, 4000);
    assertThat(run.exit()).as(run.all()).isEqualTo(ExitCode.CHANGES);
    List<String> parts = parts(report);
    assertThat(parts).hasSize(1);
    MarkdownCheck.Parsed md = MarkdownCheck.check(parts.get(0), 4000);
    assertThat(md.fenced())
        .contains("+++ desired/")
        .contains("lines left out; run vpnform show PLAN --format diff")
        .contains("10.1.199.0/24");
  }

  @Test
  void applyReportsEachConnectionAndNeedsNoQuestion() throws IOException {
    try (Sandbox sandbox = Sandbox.builder().build().start()) {
      Map<String, String> env =
          Map.of(
              "HOME", dir.toString(),
              "OS_AUTH_TYPE", "none",
              "OS_ENDPOINT", sandbox.networkEndpoint().toString());
      Path config = write("vpn.yaml", "connections:\n  - name: dc1-to-dc2\n    mtu: 1450\n");
      CliRun asks = CliRun.of(env, "apply", "--format", "markdown", config.toString());
      assertThat(asks.exit()).isEqualTo(ExitCode.USAGE);
      assertThat(asks.err()).contains("--format markdown needs --auto-approve or a saved plan");

      Path report = dir.resolve("apply.md");
      CliRun run =
          CliRun.of(
              env,
              "apply",
              "--auto-approve",
              "--format",
              "markdown",
              "--markdown-out",
              report.toString(),
              config.toString());
      assertThat(run.exit()).as(run.all()).isZero();
      MarkdownCheck.Parsed md = MarkdownCheck.check(run.out());
      assertThat(run.out())
          .startsWith("<!-- vpnform:report kind=apply key=")
          .contains("✅ **Apply complete!** 0 added, 1 changed, 0 destroyed, 0 unchanged")
          .contains("✅ updated `mtu` in ");
      assertThat(md.codeSpans()).contains("dc1-to-dc2", "ACTIVE");
      assertThat(md.fenced()).contains("-mtu: 1400", "+mtu: 1450");
      // progress went to stderr, the file holds the same report
      assertThat(run.err()).contains("[1/1] dc1-to-dc2");
      assertThat(Files.readString(report)).isEqualTo(run.out());
    }
  }

  @Test
  void theBudgetHasBounds() throws IOException {
    Path config = largeConfig(1);
    CliRun run =
        CliRun.of(
            "plan",
            "--markdown-out",
            dir.resolve("p.md").toString(),
            "--markdown-max-bytes",
            "100",
            "--actual-file",
            dir.resolve("actual.json").toString(),
            config.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--markdown-max-bytes must be between 2000 and 1000000");
  }

  private CliRun plan(Path config, Path report, int max) {
    return CliRun.of(
        "plan",
        "--detailed-exitcode",
        "--markdown-out",
        report.toString(),
        "--markdown-max-bytes",
        String.valueOf(max),
        "--actual-file",
        config.resolveSibling("actual.json").toString(),
        config.toString());
  }

  /** n connections that each change their description and mtu, with an actual state to match. */
  private Path largeConfig(int n) throws IOException {
    StringBuilder yaml = new StringBuilder("connections:\n");
    ObjectNode one =
        (ObjectNode)
            GoldenTest.JSON
                .readTree(HOSTILE.resolve("actual.json").toFile())
                .get("ipsec_site_connections")
                .get(0);
    ArrayNode list = GoldenTest.JSON.createArrayNode();
    for (int i = 0; i < n; i++) {
      String id = String.format("66000000-0000-4000-8000-%012d", i);
      yaml.append("  - id: ").append(id).append('\n');
      yaml.append("    name: ").append(name(i)).append('\n');
      yaml.append("    description: changed by pull request ").append(i).append('\n');
      yaml.append("    mtu: 1450\n");
      list.add(one.deepCopy().put("id", id).put("name", name(i)));
    }
    String actual =
        GoldenTest.JSON.writeValueAsString(
            GoldenTest.JSON.createObjectNode().set("ipsec_site_connections", list));
    write("actual.json", actual);
    return write("vpn.yaml", yaml.toString());
  }

  private static String name(int i) {
    return String.format("conn-%04d", i);
  }

  private static List<String> parts(Path first) throws IOException {
    List<String> out = new ArrayList<>();
    out.add(Files.readString(first, StandardCharsets.UTF_8));
    String file = first.getFileName().toString();
    for (int i = 2; ; i++) {
      Path p = first.resolveSibling(file.replace(".md", "." + i + ".md"));
      if (!Files.exists(p)) {
        return out;
      }
      out.add(Files.readString(p, StandardCharsets.UTF_8));
    }
  }

  private static String key(String part) {
    return part.substring(part.indexOf("key=") + 4, part.indexOf(" part="));
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }
}
