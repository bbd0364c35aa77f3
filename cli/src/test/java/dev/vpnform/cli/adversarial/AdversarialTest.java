package dev.vpnform.cli.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the whole CLI, in-process: broken, hostile and oversized configuration files
 * ({@code plan --actual-file <valid> <bad.yaml>}), actual-state files ({@code plan --actual-file
 * <bad.json> <valid.yaml>}) and saved plans ({@code show <bad.plan>} and {@code apply <bad.plan>}).
 *
 * <p>The committed inputs are in {@code src/test/resources/adversarial/{config,actual,plan}/}, one
 * file each, and every file there must have an expectation in the tables below (and the reverse).
 * Inputs that would be huge (50 MB files, 10000 connections, deep nesting) are generated into a
 * temporary directory. The saved plans are written by core's {@code PlanSeedsTest} from a real
 * plan.
 *
 * <p>Every bad input must give exit code 1, no stack trace and no exception name, a message located
 * {@code file:line:col} when the problem has a position, never the canary psk, no connection to a
 * server (a {@link Tripwire} stands where the cloud would be), and all within {@link #LIMIT}
 * (generous, for a loaded CI host: each bad input takes well under a second when the host is idle).
 */
class AdversarialTest {
  static final String CANARY = "CANARY-psk-adv-7f3e";
  static final String ID = "0b9d3d5e-1f4b-4f6c-9a55-2a0c5d1e7a11";
  static final Duration LIMIT = Duration.ofSeconds(30);

  /**
   * A stack trace line, a Java exception or error class name (NullPointerException,
   * StackOverflowError; not the CLI's own "Error: the plan has 1 error"), or a JDK package name.
   */
  static final Pattern STACK_TRACE =
      Pattern.compile(
          "\tat |\\b[A-Z][A-Za-z]+(Exception|Error)\\b|\\bjava\\.(lang|io|util|nio)\\.");

  /** Ten thousand connections are valid and must plan in reasonable time, even on a busy host. */
  static final Duration LIMIT_10K = Duration.ofSeconds(60);

  static final Path RESOURCES = resources();
  static Tripwire tripwire;
  static Map<String, String> env;

  @TempDir static Path tmp;

  @BeforeAll
  static void startTripwire() {
    tripwire = Tripwire.start();
    Map<String, String> e = new LinkedHashMap<>();
    e.put("DC1_PSK", CANARY);
    // Where a cloud would be: nothing here may ever be contacted.
    e.put("OS_AUTH_URL", tripwire.url() + "/v3");
    e.put("OS_USERNAME", "admin");
    e.put("OS_PASSWORD", CANARY + "-password");
    e.put("OS_PROJECT_NAME", "demo");
    e.put("OS_USER_DOMAIN_NAME", "Default");
    e.put("OS_PROJECT_DOMAIN_NAME", "Default");
    e.put("OS_REGION_NAME", "RegionOne");
    env = Map.copyOf(e);
  }

  @AfterAll
  static void noServerWasContacted() throws IOException {
    assertThat(tripwire.connections()).as("connections to the tripwire").isZero();
    tripwire.close();
  }

  // ---- expectations ---------------------------------------------------------------------------

  /**
   * What a run must produce.
   *
   * @param exit the exit code
   * @param at {@code line:col} of the located message; null when the problem has no position
   * @param says a fragment of the message
   * @param args extra arguments before the input
   */
  record Expect(int exit, String at, String says, List<String> args) {
    Expect with(String... extra) {
      return new Expect(exit, at, says, List.of(extra));
    }
  }

  static Expect at(int line, int col, String says) {
    return new Expect(ExitCode.ERROR, line + ":" + col, says, List.of());
  }

  /**
   * A problem with no position. {@code why} says why, for the reader of this table.
   *
   * @param why why there is no line and column
   */
  static Expect unlocated(String why, String says) {
    return new Expect(ExitCode.ERROR, null, says, List.of());
  }

  /** A syntax error in a saved plan: located, but the position depends on the generated plan. */
  static Expect somewhere(String says) {
    return new Expect(ExitCode.ERROR, "", says, List.of());
  }

  static Expect plansFine(String says) {
    return new Expect(ExitCode.OK, null, says, List.of());
  }

  static final String NULL = "null is not allowed; remove the key";
  static final String PSK_LINE = "invalid YAML on or near a psk line";
  static final String TAGS = "tags are not allowed";
  static final String WHOLE_FILE = "the problem is the whole file";
  static final String NOT_UTF8 = "not valid UTF-8";

  /** Configuration files, run as {@code plan --actual-file valid/actual.json FILE}. */
  static final Map<String, Expect> CONFIGS = new LinkedHashMap<>();

  static {
    Map<String, Expect> c = CONFIGS;
    c.put("admin-state-up-string.yaml", at(4, 21, "expected a boolean, got a string"));
    c.put("alias-in-psk-undefined.yaml", at(3, 10, PSK_LINE));
    c.put("anchor-forward-reference.yaml", at(4, 18, "found undefined alias"));
    c.put("binary-psk.yaml", at(3, 10, "got binary data (!!binary)"));
    c.put("comments-only.yaml", unlocated(WHOLE_FILE, "the file is empty"));
    c.put("connection-as-string.yaml", at(2, 5, "expected a mapping (one connection)"));
    c.put("connections-as-mapping.yaml", at(2, 3, "expected a list of connections"));
    c.put("control-character.yaml", at(4, 23, "(U+0007)"));
    c.put("crlf-line-endings.yaml", at(5, 1, "expected ',' or ']'"));
    c.put("document-end-garbage.yaml", at(5, 1, "expected '<document start>'"));
    c.put("duplicate-connection-name.yaml", at(4, 5, "[duplicate-connection]"));
    c.put("duplicate-key-connection.yaml", at(5, 5, "duplicate key 'mtu'"));
    c.put("duplicate-key-dpd.yaml", at(6, 7, "duplicate key 'action'"));
    c.put("duplicate-key-top.yaml", at(4, 1, "duplicate key 'connections'"));
    c.put("empty-id.yaml", at(2, 9, "'id' is empty"));
    c.put("empty.yaml", unlocated(WHOLE_FILE, "the file is empty"));
    c.put("encoded-surrogate.yaml", at(4, 18, NOT_UTF8));
    c.put("float-mtu.yaml", at(4, 10, "expected an integer, got a float"));
    c.put("global-tag-directive.yaml", at(5, 18, TAGS));
    c.put("global-tag-script-engine.yaml", at(4, 18, TAGS));
    c.put("global-tag-urlclassloader.yaml", at(1, 14, TAGS));
    c.put("global-tag-verbatim.yaml", at(4, 18, TAGS));
    c.put("hex-mtu.yaml", at(4, 10, "expected a decimal integer"));
    c.put("huge-integer-mtu.yaml", at(4, 10, "is out of range"));
    c.put("indentation-error.yaml", at(4, 4, "expected <block end>"));
    c.put("invalid-escape-psk.yaml", at(3, 31, PSK_LINE));
    c.put("invalid-escape.yaml", at(4, 24, "found unknown escape character"));
    c.put("key-without-value.yaml", at(4, 9, NULL));
    c.put("local-tag-custom.yaml", at(2, 5, TAGS));
    c.put("long-implicit-key.yaml", at(4, 2005, "could not find expected ':'"));
    c.put("merge-key-duplicate-override.yaml", at(7, 5, "duplicate key 'mtu'"));
    // SnakeYAML locates a bad merge value at the end of the mapping that holds the merge key.
    c.put("merge-key-list-of-scalars.yaml", at(6, 1, "Expected mapping node"));
    c.put("merge-key-scalar.yaml", at(5, 1, "Expected mapping node"));
    c.put("merge-key-self.yaml", at(5, 9, "a merge key (<<) refers to an anchor that contains it"));
    c.put("mtu-quoted.yaml", at(4, 10, "(remove the quotes: 1500)"));
    c.put("non-utf8.yaml", at(4, 21, NOT_UTF8));
    c.put("nul-byte.yaml", at(4, 19, "(U+0000)"));
    c.put("null-admin-state-up.yaml", at(4, 21, NULL));
    c.put("null-connection-item.yaml", at(2, 4, "expected a mapping (one connection), got null"));
    c.put("null-connections.yaml", at(1, 14, "null is not allowed; write 'connections: []'"));
    c.put("null-description.yaml", at(4, 18, NULL));
    c.put("null-dpd-action.yaml", at(4, 19, NULL));
    c.put("null-dpd-interval.yaml", at(4, 35, NULL));
    c.put("null-dpd-timeout.yaml", at(4, 20, NULL));
    c.put("null-dpd.yaml", at(4, 10, NULL));
    c.put("null-id.yaml", at(3, 9, NULL));
    c.put("null-initiator.yaml", at(4, 16, NULL));
    c.put("null-local-ep-group-id.yaml", at(4, 24, NULL));
    c.put("null-local-id.yaml", at(4, 15, NULL));
    c.put("null-mtu.yaml", at(4, 10, NULL));
    c.put("null-name.yaml", at(3, 11, NULL));
    c.put("null-peer-address.yaml", at(4, 19, NULL));
    c.put("null-peer-cidrs-item.yaml", at(4, 31, "expected a string, got null"));
    c.put("null-peer-cidrs.yaml", at(4, 17, NULL));
    c.put("null-peer-ep-group-id.yaml", at(4, 23, NULL));
    c.put("null-peer-id.yaml", at(4, 14, NULL));
    c.put("null-profile.yaml", at(1, 10, NULL));
    c.put("null-psk-env.yaml", at(3, 16, NULL));
    c.put("null-psk-file.yaml", at(3, 17, NULL));
    c.put("null-psk.yaml", at(3, 10, NULL));
    c.put("octal-mtu.yaml", at(4, 10, "a leading 0 makes it octal"));
    c.put("overlong-utf8.yaml", at(4, 18, NOT_UTF8));
    c.put("peer-cidrs-plain-string.yaml", at(4, 17, "expected a list of strings, got a string"));
    c.put("psk-block-scalar-broken.yaml", at(5, 6, PSK_LINE));
    c.put("psk-env-and-file.yaml", at(3, 10, "not both"));
    c.put("psk-env-unset.yaml", at(3, 16, "environment variable NOT_SET_ANYWHERE is not set"));
    c.put("psk-file-missing.yaml", at(3, 17, "does not exist"));
    c.put("psk-key-is-the-secret.yaml", at(3, 11, "unknown key in psk"));
    c.put("psk-mapping-as-key.yaml", at(3, 7, "a key must be a string, got a mapping"));
    c.put("psk-number.yaml", at(3, 10, "got an integer (quote it)"));
    // Valid YAML, and valid under openstack (see valid/); huaweicloud refuses spaces (H10).
    c.put("psk-with-spaces-huaweicloud.yaml", at(3, 10, "[H10]").with("--profile", "huaweicloud"));
    c.put("read-only-status.yaml", at(4, 5, "[O2]"));
    c.put("recursive-alias.yaml", at(1, 14, "expected a mapping (one connection), got a list"));
    c.put("second-document-bad.yaml", at(5, 14, "expected a list of connections"));
    c.put("sequence-as-key.yaml", at(4, 5, "a key must be a string, got a list"));
    c.put("set-tag.yaml", at(4, 17, "a set (!!set)"));
    c.put("tab-indentation.yaml", at(4, 1, "found a tab character"));
    c.put("timestamp-name.yaml", at(2, 11, "got a timestamp"));
    c.put("top-level-scalar.yaml", at(1, 1, "the top level must be a mapping"));
    c.put("top-level-sequence.yaml", at(1, 1, "the top level must be a mapping"));
    c.put("unknown-dpd-key.yaml", at(4, 25, "did you mean 'interval'?"));
    c.put("unknown-top-level-key.yaml", at(1, 1, "did you mean 'profile'?"));
    c.put("unterminated-quote-description.yaml", at(6, 1, "found unexpected end of stream"));
    c.put("unterminated-quote-psk.yaml", at(5, 1, PSK_LINE));
    c.put("utf16be.yaml", at(1, 1, "(U+0000)"));
    c.put("utf16le-bom.yaml", at(1, 1, NOT_UTF8));
    c.put("yaml-directive-2.yaml", at(1, 1, "found incompatible YAML document"));
  }

  /** Actual-state files, run as {@code plan --actual-file FILE valid/config.yaml}. */
  static final Map<String, Expect> ACTUALS = new LinkedHashMap<>();

  static {
    Map<String, Expect> a = ACTUALS;
    a.put("admin-state-up-2.json", at(1, 94, "expected a boolean, got an integer other than 0"));
    a.put("array-body.json", at(1, 1, "expected a JSON object, got an array"));
    a.put("both-one-and-many.json", at(1, 101, "both 'ipsec_site_connection' and"));
    a.put("comment.json", at(1, 1, "malformed JSON"));
    a.put("connection-not-object.json", at(1, 29, "expected an object, got a string"));
    a.put("connections-not-array.json", at(1, 28, "expected an array, got an object"));
    a.put("dpd-string.json", at(1, 83, "dpd: expected an object, got a string"));
    a.put("duplicate-key.json", at(1, 111, "malformed JSON: duplicate field"));
    a.put("empty-id.json", at(1, 29, "the connection has no 'id'"));
    a.put("empty.json", at(1, 1, "got the end of the document"));
    a.put("id-number.json", at(1, 36, "id: expected a string, got an integer"));
    a.put("links-not-array.json", at(1, 64, "expected an array, got a string"));
    a.put("missing-id.json", at(1, 29, "the connection has no 'id'"));
    a.put("mtu-1e400.json", at(1, 83, "the number is out of range"));
    a.put("mtu-nan.json", at(1, 86, "malformed JSON"));
    a.put("mtu-object.json", at(1, 113, "mtu: expected an integer, got an object"));
    a.put("mtu-out-of-range.json", at(1, 83, "the integer is out of range"));
    a.put("neither-one-nor-many.json", at(1, 1, "expected 'ipsec_site_connection' or"));
    a.put("non-utf8.json", at(1, 53, NOT_UTF8));
    a.put("nul-in-string.json", at(1, 38, "malformed JSON"));
    a.put("null-body.json", at(1, 1, "expected a JSON object, got null"));
    a.put("number-body.json", at(1, 1, "expected a JSON object, got an integer"));
    a.put("peer-cidrs-numbers.json", at(1, 91, "peer_cidrs[0]: expected a string"));
    a.put("psk-array.json", at(1, 83, "psk: expected a string, got an array"));
    a.put("psk-unquoted.json", at(1, 83, "malformed JSON"));
    a.put("single-quotes.json", at(1, 2, "malformed JSON"));
    a.put("string-body.json", at(1, 1, "expected a JSON object, got a string"));
    a.put("trailing-garbage.json", at(1, 32, "unexpected content after the JSON object"));
    a.put("truncated.json", at(1, 115, "unexpected end of input"));
    a.put("whitespace-only.json", at(1, 1, "got the end of the document"));
  }

  static final String PLAN_WHOLE =
      "a plan is checked as a JSON tree: messages name the change and field, not a line";

  /** Saved plans, run as {@code show FILE} and {@code apply FILE}. */
  static final Map<String, Expect> PLANS = new LinkedHashMap<>();

  static {
    Map<String, Expect> p = PLANS;
    p.put("changes-null.plan", unlocated(PLAN_WHOLE, "'changes' is missing or not a list"));
    p.put("deep-nesting.plan", somewhere("not a valid plan file (nested too deeply"));
    p.put("desired-without-identity.plan", unlocated(PLAN_WHOLE, "neither id nor name"));
    p.put("duplicate-key.plan", somewhere("malformed or truncated JSON"));
    p.put("edited-action.plan", unlocated(PLAN_WHOLE, "has an action that its values do not"));
    p.put("edited-actual-mtu.plan", unlocated(PLAN_WHOLE, "does not match its fingerprint"));
    p.put("edited-desired-mtu.plan", unlocated(PLAN_WHOLE, "shows a new mtu"));
    p.put("edited-field-after.plan", unlocated(PLAN_WHOLE, "shows a new mtu"));
    p.put("edited-field-paths.plan", unlocated(PLAN_WHOLE, "lists other fields"));
    p.put("edited-fingerprint.plan", unlocated(PLAN_WHOLE, "does not match its fingerprint"));
    p.put("edited-request-body.plan", unlocated(PLAN_WHOLE, "shows a request"));
    p.put("empty.plan", unlocated(WHOLE_FILE, "not a valid plan file (empty)"));
    p.put("injected-psk-as-env-object.plan", unlocated(PLAN_WHOLE, "more than a reference"));
    p.put("injected-psk-in-actual.plan", unlocated(PLAN_WHOLE, "a field that a plan never"));
    p.put("injected-psk-in-desired.plan", unlocated(PLAN_WHOLE, "never a value"));
    p.put("injected-psk-in-request.plan", unlocated(PLAN_WHOLE, "shows a request"));
    p.put("json-array.plan", unlocated(PLAN_WHOLE, "the top level is not a JSON object"));
    p.put("not-utf8.plan", unlocated("decoded as a whole before parsing", NOT_UTF8));
    p.put("nul-byte.plan", somewhere("malformed or truncated JSON"));
    p.put("psk-file-missing.plan", unlocated(PLAN_WHOLE, "cannot read the psk file"));
    p.put("truncated-half.plan", somewhere("malformed or truncated JSON"));
    p.put("truncated-in-fingerprint.plan", somewhere("malformed or truncated JSON"));
    p.put("truncated-last-brace.plan", somewhere("malformed or truncated JSON"));
    p.put("unknown-profile.plan", unlocated(PLAN_WHOLE, "unknown profile"));
    p.put("whitespace-only.plan", unlocated(WHOLE_FILE, "not a valid plan file (empty)"));
    p.put("wrong-format-version-number.plan", unlocated(PLAN_WHOLE, "is not a string"));
    p.put("wrong-format-version.plan", unlocated(PLAN_WHOLE, "format_version 1 is not supported"));
    p.put("wrong-kind.plan", unlocated(PLAN_WHOLE, "'kind' is not vpnform-plan"));
  }

  /**
   * show never reads a psk (it sends nothing), so a plan whose psk file is gone still shows; only
   * apply refuses it.
   */
  static final Map<String, Expect> SHOW_EXCEPTIONS =
      Map.of("psk-file-missing.plan", plansFine("vpnform will update 2 IPsec site connections"));

  /** Good input that looks suspicious: it must plan fine. */
  static final Map<String, Expect> VALID = new LinkedHashMap<>();

  static {
    VALID.put("bom.yaml", plansFine("1 to change"));
    VALID.put("psk-with-spaces-openstack.yaml", plansFine("1 to change"));
  }

  // ---- the runs -------------------------------------------------------------------------------

  static Stream<Arguments> configs() {
    return CONFIGS.keySet().stream().map(Arguments::of);
  }

  static Stream<Arguments> actuals() {
    return ACTUALS.keySet().stream().map(Arguments::of);
  }

  static Stream<Arguments> plans() {
    return PLANS.keySet().stream().map(Arguments::of);
  }

  static Stream<Arguments> valid() {
    return VALID.keySet().stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void aBadConfigurationIsRefused(String name) throws IOException {
    Path file = prepared(RESOURCES.resolve("config").resolve(name));
    Expect e = CONFIGS.get(name);
    check(planConfig(file, e.args()), file, e);
    // The JSON rendering of the same problems: same exit code, same secrecy, still JSON.
    List<String> json = new ArrayList<>(e.args());
    json.addAll(List.of("--format", "json"));
    Run r = planConfig(file, json);
    assertThat(r.exit).as("exit code with --format json").isEqualTo(e.exit);
    assertSafe(r);
    if (e.at != null && !e.at.isEmpty()) {
      String where = "\"" + file + ":" + e.at + "\"";
      assertThat(r.out.contains(where)).as("%s in:%n%s", where, abbreviated(r.out)).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actuals")
  void aBadActualFileIsRefused(String name) {
    Path file = RESOURCES.resolve("actual").resolve(name);
    check(planActual(file), file, ACTUALS.get(name));
  }

  @ParameterizedTest(name = "show {0}")
  @MethodSource("plans")
  void showRefusesABadSavedPlan(String name) {
    Path file = RESOURCES.resolve("plan").resolve(name);
    check(run("show", file.toString()), file, SHOW_EXCEPTIONS.getOrDefault(name, PLANS.get(name)));
  }

  @ParameterizedTest(name = "apply {0}")
  @MethodSource("plans")
  void applyRefusesABadSavedPlanBeforeContactingTheCloud(String name) {
    Path file = RESOURCES.resolve("plan").resolve(name);
    check(run("apply", file.toString()), file, PLANS.get(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void suspiciousButValidInputPlansFine(String name) {
    Path file = RESOURCES.resolve("valid").resolve(name);
    check(planConfig(file, List.of()), file, VALID.get(name));
  }

  // ---- generated inputs: too large to commit --------------------------------------------------

  static final String HEAD = "connections:\n  - name: dc1-to-dc2\n    psk: \"" + CANARY + "\"\n";

  /** The billion laughs: nine levels of nine aliases would be 9^9 strings. */
  @Test
  void anAliasBombIsRefusedQuickly() throws IOException {
    StringBuilder sb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      String prev = "*" + (char) (c - 1);
      sb.append(c).append(": &").append(c).append(" [");
      sb.append(IntStream.range(0, 9).mapToObj(i -> prev).collect(Collectors.joining(", ")));
      sb.append("]\n");
    }
    sb.append(HEAD).append("    description: *i\n");
    Path file = write("alias-bomb.yaml", sb.toString());
    check(planConfig(file, List.of()), file, at(7, 28, "more than 50 aliases"));
  }

  @Test
  void deepFlowNestingIsRefused() throws IOException {
    Path file = write("deep-flow.yaml", HEAD + "    peer_cidrs: " + "[".repeat(10_000) + "\n");
    check(planConfig(file, List.of()), file, at(4, 64, "nested more than 50 levels deep"));
  }

  @Test
  void deepBlockNestingIsRefused() throws IOException {
    StringBuilder sb = new StringBuilder(HEAD).append("    dpd:\n");
    for (int i = 0; i < 1000; i++) {
      sb.append(" ".repeat(6 + 2 * i)).append("a:\n");
    }
    Path file = write("deep-block.yaml", sb.toString());
    check(planConfig(file, List.of()), file, at(52, 101, "nested more than 50 levels deep"));
  }

  @Test
  void aFiftyMegabyteConfigurationIsRefusedUnread() throws IOException {
    Path file = tmp.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write((HEAD + "    description: ").getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
      out.write('\n');
    }
    check(
        planConfig(file, List.of()),
        file,
        unlocated(WHOLE_FILE, "more than the limit of 8388608 bytes (maxFileBytes)"));
  }

  /** One line of a megabyte is valid YAML; the validator refuses the description's length. */
  @Test
  void aOneMegabyteLineIsLocated() throws IOException {
    Path file = write("long-line.yaml", HEAD + "    description: " + "y".repeat(1 << 20) + "\n");
    check(planConfig(file, List.of()), file, at(4, 18, "[O4]"));
  }

  /** Valid: ten thousand connections plan, and quickly. */
  @Test
  void tenThousandConnectionsPlanFine() throws IOException {
    StringBuilder yaml = new StringBuilder("connections:\n");
    StringBuilder json = new StringBuilder("{\"ipsec_site_connections\": [\n");
    for (int i = 0; i < 10_000; i++) {
      String id = String.format("00000000-0000-4000-8000-%012d", i);
      yaml.append("  - id: ").append(id).append("\n    psk: {env: DC1_PSK}\n    mtu: 1500\n");
      json.append(i == 0 ? "" : ",\n")
          .append("{\"id\": \"")
          .append(id)
          .append("\", \"name\": \"c")
          .append(i)
          .append("\", \"psk\": \"")
          .append(CANARY)
          .append("-stored\", \"mtu\": 1400, \"status\": \"ACTIVE\"}");
    }
    json.append("\n]}\n");
    Path config = write("ten-thousand.yaml", yaml.toString());
    Path actual = write("ten-thousand.json", json.toString());
    Run r = run("plan", "--actual-file", actual.toString(), config.toString());
    assertThat(r.exit).as("exit code; output:%n%s", abbreviated(r.out + r.err)).isZero();
    assertThat(r.out).contains("10000 to change").doesNotContain("CANARY");
    assertThat(r.took).as("run time").isLessThan(LIMIT_10K);
  }

  @Test
  void aDeeplyNestedActualFileIsRefused() throws IOException {
    Path file =
        write(
            "deep.json",
            "{\"ipsec_site_connections\": [], \"x\": "
                + "[".repeat(100_000)
                + "]".repeat(100_000)
                + "}");
    check(planActual(file), file, at(1, 69, "exceeds a size limit"));
  }

  @Test
  void aFiftyMegabyteStringInTheActualFileIsRefused() throws IOException {
    Path file = tmp.resolve("huge-string.json");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(
          ("{\"ipsec_site_connections\": [{\"id\": \"" + ID + "\", \"description\": \"")
              .getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "z".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
      out.write("\"}]}".getBytes(StandardCharsets.UTF_8));
    }
    check(planActual(file), file, somewhere("exceeds a size limit"));
  }

  @Test
  void aPlanLargerThanTheLimitIsRefusedUnread() throws IOException {
    Path file = tmp.resolve("huge.plan");
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] chunk = " ".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 65; i++) {
        out.write(chunk);
      }
    }
    Expect e = unlocated(WHOLE_FILE, "larger than 67108864 bytes; not a plan");
    check(run("show", file.toString()), file, e);
    check(run("apply", file.toString()), file, e);
  }

  // ---- the corpus itself ----------------------------------------------------------------------

  @Test
  void everyCommittedInputHasAnExpectationAndTheReverse() throws IOException {
    assertThat(list("config")).isEqualTo(new TreeSet<>(CONFIGS.keySet()));
    assertThat(list("actual")).isEqualTo(new TreeSet<>(ACTUALS.keySet()));
    assertThat(list("plan")).isEqualTo(new TreeSet<>(PLANS.keySet()));
    TreeSet<String> valid = new TreeSet<>(VALID.keySet());
    valid.addAll(List.of("actual.json", "config.yaml"));
    assertThat(list("valid")).isEqualTo(valid);
    assertThat(CONFIGS.size() + ACTUALS.size() + PLANS.size()).isGreaterThanOrEqualTo(45);
  }

  /** The companions of the bad inputs are themselves fine. */
  @Test
  void theValidCompanionsPlanFine() {
    Path config = RESOURCES.resolve("valid/config.yaml");
    Run r =
        run(
            "plan",
            "--actual-file",
            RESOURCES.resolve("valid/actual.json").toString(),
            "" + config);
    check(r, config, plansFine("1 to change"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  record Run(int exit, String out, String err, Duration took) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int exit = Main.run(args, out, err, env);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), took);
  }

  static Run planConfig(Path config, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("plan"));
    args.addAll(extra);
    args.addAll(
        List.of("--actual-file", RESOURCES.resolve("valid/actual.json").toString(), "" + config));
    return run(args.toArray(String[]::new));
  }

  static Run planActual(Path actual) {
    return run(
        "plan", "--actual-file", actual.toString(), RESOURCES.resolve("valid/config.yaml") + "");
  }

  /** The checks every run gets. */
  static void check(Run r, Path input, Expect e) {
    String all = r.out + r.err;
    assertThat(r.exit).as("exit code; output:%n%s", abbreviated(all)).isEqualTo(e.exit);
    assertSafe(r);
    assertThat(all.contains(e.says)).as("says '%s':%n%s", e.says, abbreviated(all)).isTrue();
    if (e.exit == ExitCode.OK) {
      return;
    }
    if (e.at == null) {
      assertThat(all.contains(input.toString()))
          .as("names %s:%n%s", input, abbreviated(all))
          .isTrue();
    } else if (e.at.isEmpty()) {
      assertThat(
              Pattern.compile(Pattern.quote(input.toString()) + ":\\d+:\\d+: ").matcher(all).find())
          .as("located in %s:%n%s", input, abbreviated(all))
          .isTrue();
    } else {
      String where = input + ":" + e.at + ": ";
      assertThat(all.contains(where)).as("located at %s:%n%s", where, abbreviated(all)).isTrue();
    }
  }

  /** No stack trace, no exception name, no psk, no server contacted, and quick. */
  static void assertSafe(Run r) {
    String all = r.out + r.err;
    assertThat(STACK_TRACE.matcher(all).find())
        .as("a stack trace or exception name in:%n%s", abbreviated(all))
        .isFalse();
    assertThat(all.contains("internal error"))
        .as("internal error in:%n%s", abbreviated(all))
        .isFalse();
    assertThat(all.contains("CANARY")).as("the canary in:%n%s", abbreviated(all)).isFalse();
    assertThat(r.took).as("run time").isLessThan(LIMIT);
    assertThat(tripwire.connections()).as("connections to the tripwire").isZero();
  }

  /** Output shortened for an assertion message: a 1 MB value must not flood the report. */
  static String abbreviated(String s) {
    return s.lines()
        .map(l -> l.length() > 300 ? l.substring(0, 300) + "...(" + l.length() + " chars)" : l)
        .limit(40)
        .collect(Collectors.joining("\n"));
  }

  /** The file, with the tripwire's port put in for {@code TRIPWIRE_PORT}. */
  static Path prepared(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (!text.contains("TRIPWIRE_PORT")) {
      return file;
    }
    Path copy = tmp.resolve(file.getFileName());
    Files.write(
        copy,
        text.replace("TRIPWIRE_PORT", String.valueOf(tripwire.port()))
            .getBytes(StandardCharsets.ISO_8859_1));
    return copy;
  }

  static Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  static TreeSet<String> list(String dir) throws IOException {
    try (Stream<Path> s = Files.list(RESOURCES.resolve(dir))) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Path resources() {
    try {
      return Path.of(AdversarialTest.class.getResource("/adversarial").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException("no adversarial resources", e));
    }
  }
}
