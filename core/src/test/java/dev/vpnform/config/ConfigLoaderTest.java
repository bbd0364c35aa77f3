package dev.vpnform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.Severity;
import dev.vpnform.model.SourceLocation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema: what a valid file gives, and each structure and type error with its location. */
class ConfigLoaderTest {
  private static final Map<String, String> ENV = Map.of("DC1_PSK", "env-secret-value");
  private static final ConfigLoader LOADER = ConfigLoader.builder().environment(ENV::get).build();
  private static final Path BASE = Path.of("/nonexistent-base");

  static DesiredState load(String yaml) throws ConfigException {
    return LOADER.loadString(yaml, "a.yaml", BASE);
  }

  /** The diagnostics of a document that must fail, each as its one-line format. */
  static List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("a ConfigException for:%n%s", yaml).isNotNull();
    return e.diagnostics().stream().map(Diagnostic::format).toList();
  }

  /** A connection named dc1 with {@code line} added as line 3, key at column 5. */
  static String dc1(String line) {
    return "connections:\n  - name: dc1\n    " + line + "\n";
  }

  // ---- the valid case -------------------------------------------------------------------------

  @Test
  void loadsTheFullExampleWithEveryFieldAndLocation() throws Exception {
    Path file = resource("config/full-example.yaml");
    DesiredState state = LOADER.load(List.of(file));

    String f = file.toString();
    assertThat(state.profile()).contains("openstack");
    assertThat(state.profileSource()).contains(new SourceLocation(f, 1, 10));
    assertThat(state.files()).containsExactly(f);
    assertThat(state.warnings()).isEmpty();
    assertThat(state.connections()).hasSize(1);

    DesiredConnection c = state.connections().get(0);
    assertThat(c.source()).isEqualTo(new SourceLocation(f, 3, 5));
    assertThat(c.id()).isEqualTo("851f280f-5639-4ea3-81aa-e298525ab74b");
    assertThat(c.name()).isEqualTo("dc1-to-dc2");
    assertThat(c.nameManaged()).isTrue();
    assertThat(c.label()).isEqualTo("dc1-to-dc2");
    assertThat(c.description()).isEqualTo("to datacenter2");
    assertThat(c.pskRef()).isEqualTo(new SecretRef.Env("DC1_PSK"));
    assertThat(c.psk().reveal()).isEqualTo("env-secret-value");
    assertThat(c.initiator()).isEqualTo("bi-directional");
    assertThat(c.adminStateUp()).isTrue();
    assertThat(c.peerAddress()).isEqualTo("172.24.4.233");
    assertThat(c.peerId()).isEqualTo("172.24.4.233");
    assertThat(c.localId()).isEmpty();
    assertThat(c.peerCidrs()).containsExactly("10.2.0.0/24");
    assertThat(c.localEpGroupId()).isEqualTo("3e1815dd-e212-43d0-8f13-b494fa553e68");
    assertThat(c.peerEpGroupId()).isEqualTo("9ad5a7e0-6dac-41b4-b20d-a7b8645fddf1");
    assertThat(c.mtu()).isEqualTo(1500);
    assertThat(c.dpd()).isEqualTo(new Dpd("hold", 30, 120));

    Map<String, SourceLocation> expected = new LinkedHashMap<>();
    expected.put("name", new SourceLocation(f, 3, 11));
    expected.put("id", new SourceLocation(f, 4, 9));
    expected.put("description", new SourceLocation(f, 5, 18));
    expected.put("psk", new SourceLocation(f, 6, 10));
    expected.put("psk.env", new SourceLocation(f, 6, 16));
    expected.put("initiator", new SourceLocation(f, 7, 16));
    expected.put("admin_state_up", new SourceLocation(f, 8, 21));
    expected.put("peer_address", new SourceLocation(f, 9, 19));
    expected.put("peer_id", new SourceLocation(f, 10, 14));
    expected.put("local_id", new SourceLocation(f, 11, 15));
    expected.put("peer_cidrs", new SourceLocation(f, 12, 17));
    expected.put("peer_cidrs[0]", new SourceLocation(f, 12, 18));
    expected.put("local_ep_group_id", new SourceLocation(f, 13, 24));
    expected.put("peer_ep_group_id", new SourceLocation(f, 14, 23));
    expected.put("mtu", new SourceLocation(f, 15, 10));
    expected.put("dpd", new SourceLocation(f, 16, 10));
    expected.put("dpd.action", new SourceLocation(f, 16, 19));
    expected.put("dpd.interval", new SourceLocation(f, 16, 35));
    expected.put("dpd.timeout", new SourceLocation(f, 16, 48));
    assertThat(c.locations()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(c.locationOf("dpd.timeout")).isEqualTo(new SourceLocation(f, 16, 48));
  }

  @Test
  void leavesAbsentFieldsUnmanagedAndNameIdentifiesWithoutId() throws Exception {
    DesiredConnection c = load(dc1("mtu: 1400")).connections().get(0);

    assertThat(c.id()).isNull();
    assertThat(c.name()).isEqualTo("dc1");
    assertThat(c.nameManaged()).isFalse();
    assertThat(c.mtu()).isEqualTo(1400);
    for (Attribute field : Kind.CONNECTION.attributes()) {
      if (field != ConnectionSchema.MTU) {
        assertThat(c.value(field)).as(field.name()).isEmpty();
      }
    }
    assertThat(c.pskRef()).isNull();
  }

  @Test
  void passesValuesThroughAsWrittenLeavingDomainsToTheValidator() throws Exception {
    DesiredConnection c =
        load("""
        connections:
          - name: dc1
            initiator: sometimes
            peer_cidrs: [not-a-cidr, "", 10.0.0.0/33]
            mtu: -5
            dpd: {action: explode, timeout: 0}
            admin_state_up: yes
        """)
            .connections()
            .get(0);

    assertThat(c.initiator()).isEqualTo("sometimes");
    assertThat(c.peerCidrs()).containsExactly("not-a-cidr", "", "10.0.0.0/33");
    assertThat(c.mtu()).isEqualTo(-5);
    assertThat(c.dpd()).isEqualTo(new Dpd("explode", null, 0));
    assertThat(c.adminStateUp()).isTrue();
  }

  @Test
  void acceptsIntegerEdgeFormsThatAreStillDecimal() throws Exception {
    assertThat(load(dc1("mtu: 2147483647")).connections().get(0).mtu())
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(load(dc1("mtu: -2147483648")).connections().get(0).mtu())
        .isEqualTo(Integer.MIN_VALUE);
    assertThat(load(dc1("mtu: +1_500")).connections().get(0).mtu()).isEqualTo(1500);
    assertThat(load(dc1("mtu: !!int \"1500\"")).connections().get(0).mtu()).isEqualTo(1500);
  }

  @Test
  void anEmptyConnectionListAndAnEmptyDpdAreFine() throws Exception {
    assertThat(load("connections: []\n").connections()).isEmpty();
    assertThat(load(dc1("dpd: {}")).connections().get(0).dpd())
        .isEqualTo(new Dpd(null, null, null));
  }

  @Test
  void readsEveryDocumentOfAMultiDocumentFile() throws Exception {
    DesiredState state =
        load(
            """
            profile: fujitsu-k5
            connections:
              - name: one
            ---
            connections:
              - id: 0b0c5f3e-0000-4000-8000-000000000002
            ---
            """);

    assertThat(state.connections())
        .extracting(DesiredConnection::label)
        .containsExactly("one", "0b0c5f3e-0000-4000-8000-000000000002");
    assertThat(state.connections().get(1).source()).isEqualTo(new SourceLocation("a.yaml", 6, 5));
    assertThat(state.profile()).contains("fujitsu-k5");
  }

  @Test
  void mergeKeysShareSettingsAndLocateMergedValuesAtTheirAnchor() throws Exception {
    DesiredState state =
        load(
            """
            connections:
              - &base {name: dc1, mtu: 1400}
              - {<<: *base, name: dc2}
            """);

    DesiredConnection dc2 = state.connections().get(1);
    assertThat(dc2.name()).isEqualTo("dc2");
    assertThat(dc2.mtu()).isEqualTo(1400);
    assertThat(dc2.locations().get("name")).isEqualTo(new SourceLocation("a.yaml", 3, 23));
    assertThat(dc2.locations().get("mtu")).isEqualTo(new SourceLocation("a.yaml", 2, 28));
  }

  @Test
  void aLiteralPskLoadsWithAWarning() throws Exception {
    DesiredState state = load(dc1("psk: not-in-the-file-please"));

    DesiredConnection c = state.connections().get(0);
    assertThat(c.psk().reveal()).isEqualTo("not-in-the-file-please");
    assertThat(c.pskRef()).isInstanceOf(SecretRef.Literal.class);
    assertThat(c.pskRef().describe()).isEqualTo("literal");
    assertThat(state.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.severity()).isEqualTo(Severity.WARNING);
              assertThat(w.rule()).isEqualTo("psk-literal");
              assertThat(w.connection()).isEqualTo("dc1");
              assertThat(w.field()).isEqualTo("psk");
              assertThat(w.location()).isEqualTo(new SourceLocation("a.yaml", 3, 10));
              assertThat(w.message())
                  .isEqualTo(
                      "the psk is written in the configuration, where anyone who can read the"
                          + " file can read it; prefer {env: NAME} or {file: PATH}");
            });
  }

  @Test
  void aPskFromTheEnvironment() throws Exception {
    DesiredConnection c = load(dc1("psk: {env: DC1_PSK}")).connections().get(0);

    assertThat(c.pskRef()).isEqualTo(new SecretRef.Env("DC1_PSK"));
    assertThat(c.psk()).isEqualTo(Secret.of("env-secret-value"));
  }

  @Test
  void aMissingEnvironmentVariableIsLocatedAtItsName() {
    assertThat(problems(dc1("psk: {env: NOT_SET_ANYWHERE}")))
        .containsExactly(
            "a.yaml:3:16: error: [psk-source] dc1: psk.env: environment variable NOT_SET_ANYWHERE"
                + " is not set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"psk: {env: A, file: b}", "psk: {file: b, env: A}"})
  void aPskTakesOneSourceOnly(String line) {
    assertThat(problems(dc1(line)))
        .containsExactly(
            "a.yaml:3:10: error: [psk-source] dc1: psk: psk takes one of 'env' or 'file', not"
                + " both");
  }

  @Test
  void anEmptyPskMappingNamesWhatItNeeds() {
    assertThat(problems(dc1("psk: {}")))
        .containsExactly(
            "a.yaml:3:10: error: [psk-source] dc1: psk: psk needs 'env: NAME' or 'file: PATH'");
  }

  // ---- types ----------------------------------------------------------------------------------

  static Stream<Arguments> typeErrors() {
    return Stream.of(
        // strings: a hint to quote, with the value as written
        Arguments.of(
            "id: 123", "3:9", "id", "expected a string, got an integer (quote it: \"123\")"),
        Arguments.of(
            "description: 1.5",
            "3:18",
            "description",
            "expected a string, got a float (quote it: \"1.5\")"),
        Arguments.of(
            "initiator: on",
            "3:16",
            "initiator",
            "expected a string, got a boolean: YAML reads on as a boolean (quote it: \"on\")"),
        Arguments.of(
            "peer_id: yes",
            "3:14",
            "peer_id",
            "expected a string, got a boolean: YAML reads yes as a boolean (quote it: \"yes\")"),
        Arguments.of(
            "peer_address: true",
            "3:19",
            "peer_address",
            "expected a string, got a boolean (quote it: \"true\")"),
        Arguments.of(
            "local_id: 2024-01-01",
            "3:15",
            "local_id",
            "expected a string, got a timestamp (quote it: \"2024-01-01\")"),
        Arguments.of(
            "local_ep_group_id: [a]", "3:24", "local_ep_group_id", "expected a string, got a list"),
        Arguments.of(
            "peer_ep_group_id: {a: b}",
            "3:23",
            "peer_ep_group_id",
            "expected a string, got a mapping"),
        Arguments.of(
            "dpd: {action: 1}",
            "3:19",
            "dpd.action",
            "expected a string, got an integer (quote it: \"1\")"),
        // booleans
        Arguments.of(
            "admin_state_up: enabled",
            "3:21",
            "admin_state_up",
            "expected a boolean (true or false), got a string"),
        // integers
        Arguments.of("mtu: 1400.5", "3:10", "mtu", "expected an integer, got a float"),
        Arguments.of(
            "mtu: 99999999999",
            "3:10",
            "mtu",
            "99999999999 is out of range (an integer must be between -2147483648 and"
                + " 2147483647)"),
        Arguments.of(
            "mtu: -2147483649",
            "3:10",
            "mtu",
            "-2147483649 is out of range (an integer must be between -2147483648 and"
                + " 2147483647)"),
        Arguments.of(
            "mtu: 123456789012345678901234567890",
            "3:10",
            "mtu",
            "123456789012345678901234567890 is out of range (an integer must be between"
                + " -2147483648 and 2147483647)"),
        Arguments.of(
            "mtu: 01500",
            "3:10",
            "mtu",
            "expected a decimal integer, got 01500 (a leading 0 makes it octal in YAML)"),
        Arguments.of("mtu: 0x5DC", "3:10", "mtu", "expected a decimal integer, got 0x5DC"),
        Arguments.of("mtu: [1500]", "3:10", "mtu", "expected an integer, got a list"),
        Arguments.of("mtu: true", "3:10", "mtu", "expected an integer, got a boolean"),
        Arguments.of(
            "dpd: {interval: 1.5}", "3:21", "dpd.interval", "expected an integer, got a float"),
        Arguments.of(
            "dpd: {timeout: \"12O\"}", "3:20", "dpd.timeout", "expected an integer, got a string"),
        // lists
        Arguments.of(
            "peer_cidrs: 10.2.0.0/24",
            "3:17",
            "peer_cidrs",
            "expected a list of strings, got a string (write a list: [10.2.0.0/24])"),
        Arguments.of(
            "peer_cidrs: {a: b}",
            "3:17",
            "peer_cidrs",
            "expected a list of strings, got a mapping"),
        Arguments.of(
            "peer_cidrs: [10.2.0.0/24, 7]",
            "3:31",
            "peer_cidrs[1]",
            "expected a string, got an integer (quote it: \"7\")"),
        Arguments.of("peer_cidrs: [~]", "3:18", "peer_cidrs[0]", "expected a string, got null"),
        // mappings
        Arguments.of(
            "dpd: hold",
            "3:10",
            "dpd",
            "expected a mapping such as {action: hold, interval: 30, timeout: 120}, got a"
                + " string"),
        Arguments.of(
            "dpd: [hold]",
            "3:10",
            "dpd",
            "expected a mapping such as {action: hold, interval: 30, timeout: 120}, got a list"),
        // psk: never the value in the hint
        Arguments.of(
            "psk: 12345",
            "3:10",
            "psk",
            "expected a string, {env: NAME} or {file: PATH}, got an integer (quote it)"),
        Arguments.of(
            "psk: [a]",
            "3:10",
            "psk",
            "expected a string, {env: NAME} or {file: PATH}, got a list"),
        Arguments.of(
            "psk: {env: 1}",
            "3:16",
            "psk.env",
            "expected a string, got an integer (quote it: \"1\")"),
        Arguments.of("psk: {file: [a]}", "3:17", "psk.file", "expected a string, got a list"));
  }

  /** What the server's converters take is taken too, with a warning at the value. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "admin_state_up: \"true\" | admin_state_up | true  | a boolean written as a string",
        "admin_state_up: \"0\"    | admin_state_up | false | a boolean written as a string",
        "admin_state_up: 1        | admin_state_up | true  | a boolean written as 1",
        "mtu: \"1500\"            | mtu            | 1500  | an integer written as a string",
        "dpd: {interval: \"20\"}  | dpd.interval   | 20    | an integer written as a string",
      })
  void takesWhatTheServerConvertsWithAWarning(String line, String field, String value, String what)
      throws ConfigException {
    DesiredState state = load(dc1(line));
    String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
    Object loaded = state.connections().get(0).values().get(top);
    if (loaded instanceof java.util.Map<?, ?> m) {
      loaded = m.get(field.substring(field.indexOf('.') + 1));
    }
    assertThat(String.valueOf(loaded)).isEqualTo(value);
    assertThat(state.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.rule()).isEqualTo("O3");
              assertThat(w.field()).isEqualTo(field);
              assertThat(w.message()).startsWith(what).endsWith("write " + value);
              assertThat(w.location().line()).isEqualTo(3);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeErrors")
  void reportsATypeErrorAtTheValue(String line, String at, String field, String message) {
    assertThat(problems(dc1(line)))
        .containsExactly("a.yaml:" + at + ": error: [O3] dc1: " + field + ": " + message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "id:",
        "description: ~",
        "psk: null",
        "initiator: Null",
        "admin_state_up: NULL",
        "peer_cidrs:",
        "mtu: ~",
        "dpd:",
        "dpd: {interval: }"
      })
  void nullIsNeverAValue(String line) {
    String key = line.substring(0, line.indexOf(':'));
    String field = line.startsWith("dpd: {") ? "dpd.interval" : key;
    List<String> found = problems(dc1(line));

    assertThat(found).hasSize(1);
    assertThat(found.get(0))
        .startsWith("a.yaml:3:")
        .endsWith(
            "error: [O3] dc1: "
                + field
                + ": null is not allowed; remove the key to leave the field unmanaged");
  }

  @Test
  void locatesAnEmptyValueRightAfterItsColon() {
    assertThat(problems(dc1("mtu:")))
        .containsExactly(
            "a.yaml:3:9: error: [O3] dc1: mtu: null is not allowed; remove the key to leave the"
                + " field unmanaged");
  }

  @Test
  void aNameThatIsNotAStringLeavesTheConnectionLabelledByPosition() {
    assertThat(problems("connections:\n  - name: 42\n"))
        .containsExactly(
            "a.yaml:2:11: error: [O3] connections[0]: name: expected a string, got an integer"
                + " (quote it: \"42\")");
  }

  @Test
  void aConnectionWithOnlyAnIdIsLabelledByIt() {
    assertThat(problems("connections:\n  - id: abc\n    mtu: x\n"))
        .containsExactly("a.yaml:3:10: error: [O3] abc: mtu: expected an integer, got a string");
  }

  // ---- structure ------------------------------------------------------------------------------

  @Test
  void theTopLevelMustBeAMapping() {
    assertThat(problems("- name: dc1\n"))
        .containsExactly(
            "a.yaml:1:1: error: [O3] the top level must be a mapping with 'connections:', got a"
                + " list");
    assertThat(problems("just a string\n"))
        .containsExactly(
            "a.yaml:1:1: error: [O3] the top level must be a mapping with 'connections:', got a"
                + " string");
  }

  @Test
  void connectionsMustBeAListOfMappings() {
    assertThat(problems("connections: {name: dc1}\n"))
        .containsExactly(
            "a.yaml:1:14: error: [O3] connections: expected a list of connections, got a"
                + " mapping");
    assertThat(problems("connections:\n"))
        .containsExactly(
            "a.yaml:1:13: error: [O3] connections: null is not allowed; write 'connections: []'"
                + " for no connections");
    assertThat(problems("connections: [dc1, [x]]\n"))
        .containsExactly(
            "a.yaml:1:15: error: [O3] connections[0]: expected a mapping (one connection), got"
                + " a string",
            "a.yaml:1:20: error: [O3] connections[1]: expected a mapping (one connection), got"
                + " a list");
  }

  @Test
  void theProfileMustBeAKnownOne() throws Exception {
    assertThat(load("profile: huaweicloud\nconnections: []\n").profile()).contains("huaweicloud");
    assertThat(problems("profile: aws\nconnections: []\n"))
        .containsExactly(
            "a.yaml:1:10: error: [profile] profile: unknown profile 'aws'; expected one of"
                + " openstack, huaweicloud, fujitsu-k5");
    assertThat(problems("profile: 3\n"))
        .containsExactly(
            "a.yaml:1:10: error: [O3] profile: expected a string, got an integer (quote it:"
                + " \"3\")");
  }

  @Test
  void conflictingProfilesNameBothPlaces() {
    assertThat(problems("profile: openstack\n---\nprofile: huaweicloud\n"))
        .containsExactly(
            "a.yaml:3:10: error: [profile] profile: conflicting profiles: 'openstack' at"
                + " a.yaml:1:10 and 'huaweicloud' at a.yaml:3:10");
  }

  @Test
  void unknownKeysSuggestTheNearestKnownOne() {
    assertThat(problems(dc1("mut: 1500")))
        .containsExactly(
            "a.yaml:3:5: error: [O1] dc1: mut: unknown key 'mut'; did you mean 'mtu'?");
    assertThat(problems(dc1("peer_cidr: [10.0.0.0/8]")))
        .containsExactly(
            "a.yaml:3:5: error: [O1] dc1: peer_cidr: unknown key 'peer_cidr'; did you mean"
                + " 'peer_cidrs'?");
    assertThat(problems(dc1("dpd: {intervall: 30}")))
        .containsExactly(
            "a.yaml:3:11: error: [O1] dc1: dpd.intervall: unknown key 'intervall'; did you mean"
                + " 'interval'?");
    assertThat(problems("conections: []\n"))
        .containsExactly(
            "a.yaml:1:1: error: [O1] conections: unknown key 'conections'; did you mean"
                + " 'connections'?");
  }

  @Test
  void unknownKeysFarFromAnyKnownOneGetNoSuggestion() {
    assertThat(problems(dc1("flavor: m1.small")))
        .containsExactly("a.yaml:3:5: error: [O1] dc1: flavor: unknown key 'flavor'");
    assertThat(problems(dc1("dpd: {mode: x}")))
        .containsExactly(
            "a.yaml:3:11: error: [O1] dc1: dpd.mode: unknown key 'mode'; expected 'action',"
                + " 'interval' or 'timeout'");
  }

  @Test
  void unknownKeysUnderPskAreNotNamed() {
    assertThat(problems(dc1("psk: {evn: DC1_PSK}")))
        .containsExactly(
            "a.yaml:3:11: error: [O1] dc1: psk: unknown key in psk; did you mean 'env'?");
    assertThat(problems(dc1("psk: {secret: x}")))
        .containsExactly(
            "a.yaml:3:11: error: [O1] dc1: psk: unknown key in psk; expected 'env' or 'file'");
  }

  static Stream<String> readOnlyAttributes() {
    return Kind.CONNECTION.attributes().stream().filter(a -> !a.writable()).map(Attribute::name);
  }

  @ParameterizedTest
  @MethodSource("readOnlyAttributes")
  void readOnlyAttributesAreRefusedAtTheirKey(String key) {
    String rule = key.equals("availability_zone") ? "F9" : "O2";
    assertThat(problems(dc1(key + ": x")))
        .containsExactly(
            "a.yaml:3:5: error: ["
                + rule
                + "] dc1: "
                + key
                + ": '"
                + key
                + "' is read-only: it cannot be changed in place (the API refuses the whole"
                + " update)");
  }

  @Test
  void aConnectionNeedsAnIdOrAName() {
    assertThat(problems("connections:\n  - description: nameless\n"))
        .containsExactly(
            "a.yaml:2:5: error: [identity] connections[0]: a connection needs an 'id' or a"
                + " 'name' to identify it");
    assertThat(problems("connections:\n  - name: \"\"\n"))
        .containsExactly(
            "a.yaml:2:11: error: [identity] connections[0]: name: 'name' is empty: a connection"
                + " without an 'id' is identified by its name");
    assertThat(problems("connections:\n  - name: dc1\n    id: ''\n"))
        .containsExactly(
            "a.yaml:3:9: error: [identity] dc1: id: 'id' is empty; remove it to identify the"
                + " connection by its name");
  }

  @Test
  void anIdMayCarryAnEmptyName() throws Exception {
    DesiredConnection c = load("connections:\n  - id: abc\n    name: ''\n").connections().get(0);
    assertThat(c.name()).isEmpty();
    assertThat(c.nameManaged()).isTrue();
  }

  @Test
  void theSameConnectionTwiceInOneFileNamesBothPlaces() {
    assertThat(problems("connections:\n  - name: dc1\n  - name: dc2\n  - name: dc1\n"))
        .containsExactly(
            "a.yaml:4:5: error: [duplicate-connection] dc1: 'dc1' is declared twice: at"
                + " a.yaml:2:5 and a.yaml:4:5");
    assertThat(problems("connections:\n  - {id: x, name: a}\n---\nconnections:\n  - {id: x}\n"))
        .containsExactly(
            "a.yaml:5:5: error: [duplicate-connection] x: 'x' is declared twice: at a.yaml:2:5"
                + " and a.yaml:5:5");
  }

  @Test
  void anIdAndANameNeverCollide() throws Exception {
    // Only like identities are compared: a name-identified entry and an id-identified one with
    // the same name are matched (or not) against the server by the planner.
    assertThat(load("connections:\n  - {id: x, name: dc1}\n  - {name: dc1}\n").connections())
        .hasSize(2);
  }

  @Test
  void reportsEveryProblemInAFileNotJustTheFirst() {
    assertThat(
            problems(
                """
                profile: openstak
                connections:
                  - name: dc1
                    mtu: big
                    mut: 1
                    dpd: {interval: x, timeout: 1.5}
                  - id: 42
                    route_mode: abc
                  - description: no identity
                    peer_cidrs: 10.0.0.0/8
                extra: true
                """))
        .containsExactly(
            "a.yaml:1:10: error: [profile] profile: unknown profile 'openstak'; expected one of"
                + " openstack, huaweicloud, fujitsu-k5",
            "a.yaml:4:10: error: [O3] dc1: mtu: expected an integer, got a string",
            "a.yaml:5:5: error: [O1] dc1: mut: unknown key 'mut'; did you mean 'mtu'?",
            "a.yaml:6:21: error: [O3] dc1: dpd.interval: expected an integer, got a string",
            "a.yaml:6:33: error: [O3] dc1: dpd.timeout: expected an integer, got a float",
            "a.yaml:7:9: error: [O3] connections[1]: id: expected a string, got an integer"
                + " (quote it: \"42\")",
            "a.yaml:8:5: error: [O2] connections[1]: route_mode: 'route_mode' is"
                + " read-only: it cannot be changed in place (the API refuses the whole update)",
            "a.yaml:9:5: error: [identity] connections[2]: a connection needs an 'id' or a"
                + " 'name' to identify it",
            "a.yaml:10:17: error: [O3] connections[2]: peer_cidrs: expected a list of strings,"
                + " got a string (write a list: [10.0.0.0/8])",
            "a.yaml:11:1: error: [O1] extra: unknown key 'extra'; expected 'profile',"
                + " 'connections', 'ikepolicies', 'ipsecpolicies', 'endpoint_groups' or"
                + " 'vpnservices'");
  }

  @Test
  void diagnosticsCarryStructuredFieldsNotJustText() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(dc1("mut: 1")));

    assertThat(e.diagnostics())
        .singleElement()
        .isEqualTo(
            Diagnostic.error(
                "O1",
                "dc1",
                "mut",
                "unknown key 'mut'; did you mean 'mtu'?",
                new SourceLocation("a.yaml", 3, 5)));
    assertThat(e.getMessage())
        .isEqualTo("a.yaml:3:5: error: [O1] dc1: mut: unknown key 'mut'; did you mean 'mtu'?");
  }

  @Test
  void warningsTravelWithErrorsInTheException() {
    assertThat(problems(dc1("psk: literal-one\n    mtu: x")))
        .containsExactly(
            "a.yaml:3:10: warning: [psk-literal] dc1: psk: the psk is written in the"
                + " configuration, where anyone who can read the file can read it; prefer {env:"
                + " NAME} or {file: PATH}",
            "a.yaml:4:10: error: [O3] dc1: mtu: expected an integer, got a string");
  }

  @Test
  void builderRefusesUnsafeLimits() {
    assertThatThrownBy(() -> ConfigLoader.builder().maxDepth(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigLoader.builder().maxDepth(100_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigLoader.builder().maxFileBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigLoader.builder().maxAliases(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigLoader.builder().environment(null))
        .isInstanceOf(NullPointerException.class);
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(ConfigLoaderTest.class.getClassLoader().getResource(name).toURI());
  }
}
