package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lifecycle through the CLI, against the sandbox (with Keystone: a POST needs a project)
 * over loopback HTTP: create, replace, delete, protect, references by name (ambiguous, missing),
 * "removed from the files is not deleted", and re-runs that converge. The sandbox is the built-in
 * sample plus two IKE policies that share the name {@value #TWIN}.
 */
class LifecycleCliTest {
  static final String DC2 = "70000000-0000-4000-8000-000000000001";
  static final String DC3 = "70000000-0000-4000-8000-000000000002";
  static final String EPG = "70000000-0000-4000-8000-000000000003";
  static final String IKE_DEFAULT = "50000000-0000-4000-8000-000000000001";
  static final String IKE_STRONG = "50000000-0000-4000-8000-000000000002";
  static final String TWIN = "ike-twin";
  static final String TWIN_1 = "50000000-0000-4000-8000-000000000091";
  static final String TWIN_2 = "50000000-0000-4000-8000-000000000092";
  static final String PSK = "LIFECYCLE-psk-0009";

  /** The outcome lines of apply: {@code [i/n] name (id): outcome ...}. */
  static final Pattern OUTCOME =
      Pattern.compile("(?m)^\\[\\d+/\\d+\\] (\\S+) \\(([0-9a-f-]{36})\\): (\\w+)(.*)$");

  @TempDir Path dir;
  Sandbox sandbox;
  Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.builder().keystone(true).seed(seed()).build().start();
    env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("OS_AUTH_URL", sandbox.identityEndpoint().toString());
    env.put("OS_USERNAME", "admin");
    env.put("OS_PASSWORD", "admin");
    env.put("OS_PROJECT_NAME", "admin");
    env.put("OS_USER_DOMAIN_NAME", "Default");
    env.put("OS_PROJECT_DOMAIN_NAME", "Default");
    env.put("PSK9", PSK);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  /** The built-in sample, plus two IKE policies named {@value #TWIN}. */
  Path seed() throws IOException {
    JsonNode sample;
    try (InputStream in = Sandbox.class.getResourceAsStream("sample-state.json")) {
      sample = GoldenTest.JSON.readTree(in);
    }
    ArrayNode ike = (ArrayNode) sample.get("ikepolicies");
    for (String id : List.of(TWIN_1, TWIN_2)) {
      ObjectNode twin = ike.get(0).deepCopy();
      twin.put("id", id).put("name", TWIN);
      ike.add(twin);
    }
    Path p = dir.resolve("seed.json");
    Files.writeString(p, GoldenTest.JSON.writeValueAsString(sample));
    return p;
  }

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  CliRun cli(String... args) {
    CliRun run = CliRun.of(env, args);
    assertThat(run.all()).as("the psk never shows").doesNotContain(PSK);
    assertThat(run.err()).as("no stack trace").doesNotContain("\tat ");
    return run;
  }

  /** The id apply reported for {@code name} with {@code outcome}. */
  static String idOf(CliRun apply, String name, String outcome) {
    Matcher m = OUTCOME.matcher(apply.out());
    while (m.find()) {
      if (m.group(1).equals(name) && m.group(3).equals(outcome)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no '" + outcome + "' line for " + name + " in:\n" + apply.out());
  }

  /** How many live connections have {@code name}, as export lists them. */
  int named(String name) {
    CliRun export = cli("export", "--all");
    assertThat(export.exit()).as(export.all()).isZero();
    return (int) export.out().lines().filter(l -> l.trim().equals("name: " + name)).count();
  }

  static final String CREATE_BY_NAME =
      """
      connections:
        - name: dc1-to-dc9
          description: DC1 to DC9 (new site)
          vpnservice: dc1-vpn
          ikepolicy: ike-strong
          ipsecpolicy: ipsec-default
          peer_address: 198.51.100.9
          peer_id: 198.51.100.9
          peer_cidrs: [192.168.9.0/24]
          psk: {env: PSK9}
          mtu: 1400
      """;

  @Test
  void createByNameReportsTheNewConnectionAndARerunConverges() throws IOException {
    Path config = file("vpn/dc9.yaml", CREATE_BY_NAME);
    CliRun plan = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out())
        .contains("vpnform will create 1 IPsec site connection (profile openstack):")
        .contains("  + dc1-to-dc9  " + config + ":2:5")
        .contains("      + id: (known after apply)")
        .contains("      + vpnservice_id: \"30000000-0000-4000-8000-000000000001\"")
        .contains("      + ikepolicy_id: \"" + IKE_STRONG + "\"")
        .contains("      + psk: (sensitive value)")
        .contains("Plan: 1 to add, 0 to change, 0 to destroy.");

    CliRun apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    String id = idOf(apply, "dc1-to-dc9", "created");
    assertThat(apply.out())
        .containsPattern("dc1-to-dc9 \\(" + id + "\\): created in \\d+ ms; status PENDING_CREATE")
        .contains("    warning: status is PENDING_CREATE after the create (apply does not wait")
        .contains("without an agent it stays PENDING_CREATE (F10)")
        .contains("Apply complete! Resources: 1 added, 0 changed, 0 destroyed.");
    Map<String, Object> stored = sandbox.connection(id).orElseThrow();
    assertThat(stored)
        .containsEntry("name", "dc1-to-dc9")
        .containsEntry("vpnservice_id", "30000000-0000-4000-8000-000000000001")
        .containsEntry("ikepolicy_id", IKE_STRONG)
        .containsEntry("ipsecpolicy_id", "60000000-0000-4000-8000-000000000001")
        .containsEntry("psk", PSK)
        .containsEntry("status", "PENDING_CREATE");

    // The second plan: no changes (the status only warns); the second apply sends nothing.
    CliRun again = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(again.exit()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains("No changes.");
    CliRun reapply = cli("apply", "--auto-approve", config.toString());
    assertThat(reapply.exit()).as(reapply.all()).isZero();
    assertThat(reapply.out()).contains("No changes.").doesNotContain("created");
    assertThat(named("dc1-to-dc9")).isEqualTo(1);
  }

  @Test
  void aPolicyChangeReplacesTheConnectionWithTheOldOnesOtherValues() throws IOException {
    Path config =
        file(
            "vpn.yaml",
            """
            connections:
              - name: dc1-to-dc2
                vpnservice: dc1-vpn
                ikepolicy: ike-strong
                ipsecpolicy: ipsec-default
                peer_address: 198.51.100.2
                peer_id: 198.51.100.2
                peer_cidrs: [192.168.2.0/24]
                psk: {env: PSK9}
                mtu: 1450
            """);
    CliRun plan = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out())
        .contains("-/+ dc1-to-dc2 (" + DC2 + ")  " + config + ":2:5")
        .contains("      ~ id: \"" + DC2 + "\" -> (known after apply)")
        .contains(
            "      ~ ikepolicy_id: \""
                + IKE_DEFAULT
                + "\" -> \""
                + IKE_STRONG
                + "\"  # forces replacement")
        .contains("      ~ psk: (sensitive value)")
        .contains("      ~ mtu: 1400 -> 1450")
        .containsPattern("# \\(\\d+ unchanged fields hidden\\)")
        .contains("Plan: 1 to add, 0 to change, 1 to destroy.");
    JsonNode json =
        GoldenTest.JSON.readTree(cli("plan", "--format", "json", config.toString()).out());
    JsonNode change = json.get("changes").get(0);
    assertThat(change.get("action").asText()).isEqualTo("replace");
    assertThat(change.get("requests").get(0).get("method").asText()).isEqualTo("DELETE");
    assertThat(change.get("requests").get(1).get("method").asText()).isEqualTo("POST");
    assertThat(change.get("fields").get(0).get("forces_replacement").asBoolean()).isTrue();
    assertThat(json.get("summary").get("add").asInt()).isEqualTo(1);
    assertThat(json.get("summary").get("destroy").asInt()).isEqualTo(1);

    CliRun apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    String id = idOf(apply, "dc1-to-dc2", "replaced");
    assertThat(id).isNotEqualTo(DC2);
    assertThat(apply.out())
        .contains("replaced (the old id was " + DC2 + ") in ")
        .contains("Apply complete! Resources: 1 added, 0 changed, 1 destroyed.");
    assertThat(sandbox.connection(DC2)).isEmpty();
    assertThat(sandbox.connection(id).orElseThrow())
        .containsEntry("ikepolicy_id", IKE_STRONG)
        .containsEntry("mtu", 1450)
        .containsEntry("psk", PSK)
        .containsEntry("description", "DC1 to DC2 (legacy mode)")
        .containsEntry("peer_cidrs", List.of("192.168.2.0/24"));

    CliRun again = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(again.exit()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(named("dc1-to-dc2")).isEqualTo(1);
  }

  @Test
  void stateAbsentDeletesAndThenSaysItIsAlreadyGone() throws IOException {
    Path config = file("vpn.yaml", "connections:\n  - name: branch-epg\n    state: absent\n");
    Path saved = dir.resolve("delete.plan");
    CliRun plan = cli("plan", "--detailed-exitcode", "-o", saved.toString(), config.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out())
        .contains("vpnform will delete 1 IPsec site connection (profile openstack):")
        .contains("  - branch-epg (" + EPG + ")  " + config + ":2:5")
        .contains("      - peer_ep_group_id: \"40000000-0000-4000-8000-000000000003\"")
        .contains("      - psk: (sensitive value)")
        .contains("      # state: absent in the configuration")
        .contains("Plan: 0 to add, 0 to change, 1 to destroy.")
        .doesNotContain("sandbox-psk");

    CliRun apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out())
        .containsPattern("\\[1/1\\] branch-epg \\(" + EPG + "\\): deleted in \\d+ ms\n")
        .contains("Apply complete! Resources: 0 added, 0 changed, 1 destroyed.");
    assertThat(sandbox.connection(EPG)).isEmpty();

    // The plan saved before the delete: its DELETE meets a 404, which is success.
    CliRun late = cli("apply", saved.toString());
    assertThat(late.exit()).as(late.all()).isZero();
    assertThat(late.out())
        .contains("branch-epg (" + EPG + "): deleted (it was already gone) in ")
        .contains("Apply complete! Resources: 0 added, 0 changed, 1 destroyed.");

    CliRun again = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(again.exit()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(again.out())
        .contains("  = branch-epg  " + config + ":2:5")
        .contains("state: absent, and there is no such connection: nothing to delete")
        .contains("No changes.");
  }

  @Test
  void protectMakesADeleteAndAReplaceErrorsAndNothingIsSent() throws IOException {
    Path config =
        file(
            "vpn.yaml",
            """
            connections:
              - name: dc1-to-dc2
                state: absent
                protect: true
              - name: dc1-to-dc3
                vpnservice: dc1-vpn
                ikepolicy_id: %s
                ipsecpolicy: ipsec-strong
                peer_address: 198.51.100.3
                peer_id: 198.51.100.3
                peer_cidrs: [192.168.3.0/24, 192.168.4.0/24]
                psk: {env: PSK9}
                protect: true
            """
                .formatted(IKE_DEFAULT));
    CliRun plan = cli("plan", config.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.ERROR);
    assertThat(plan.out())
        .contains(
            config
                + ":4:14: error: [protect] dc1-to-dc2: protect: the connection is protected"
                + " (protect: true) and this plan would delete it")
        .contains(
            config
                + ":13:14: error: [protect] dc1-to-dc3: protect: the connection is protected"
                + " (protect: true) and this plan would replace it (ikepolicy_id forces"
                + " replacement)")
        .contains("Error: the plan has 2 errors and cannot be applied.");
    CliRun apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(apply.out()).doesNotContain("deleted").doesNotContain("replaced");
    assertThat(sandbox.connection(DC2)).isPresent();
    assertThat(sandbox.connection(DC3).orElseThrow()).containsEntry("ikepolicy_id", IKE_STRONG);
    assertThat(cli("plan", "-o", dir.resolve("p.plan").toString(), config.toString()).exit())
        .isEqualTo(ExitCode.ERROR);
    assertThat(dir.resolve("p.plan")).doesNotExist();
  }

  @Test
  void twoPoliciesWithOneNameAreALocatedErrorThatListsBoth() throws IOException {
    Path config =
        file("vpn.yaml", CREATE_BY_NAME.replace("ikepolicy: ike-strong", "ikepolicy: " + TWIN));
    CliRun plan = cli("plan", config.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.ERROR);
    assertThat(plan.out())
        .contains(config + ":5:16: error: [reference] dc1-to-dc9: ikepolicy: ")
        .contains("2 IKE policies are named '" + TWIN + "'")
        .contains(TWIN_1)
        .contains(TWIN_2)
        .contains("use ikepolicy_id to choose one");
    CliRun apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(named("dc1-to-dc9")).isZero();

    // Naming one by id resolves it.
    Path byId =
        file(
            "by-id.yaml",
            CREATE_BY_NAME.replace("ikepolicy: ike-strong", "ikepolicy_id: " + TWIN_2));
    CliRun ok = cli("apply", "--auto-approve", byId.toString());
    assertThat(ok.exit()).as(ok.all()).isZero();
    assertThat(sandbox.connection(idOf(ok, "dc1-to-dc9", "created")).orElseThrow())
        .containsEntry("ikepolicy_id", TWIN_2);
  }

  @Test
  void missingReferencesAreLocatedErrorsAndNothingIsCreated() throws IOException {
    Path config =
        file(
            "vpn.yaml",
            CREATE_BY_NAME
                .replace("vpnservice: dc1-vpn", "vpnservice: no-such-vpn")
                .replace("ipsecpolicy: ipsec-default", "ipsecpolicy: no-such-ipsec"));
    CliRun plan = cli("plan", config.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.ERROR);
    assertThat(plan.out())
        .containsPattern(
            Pattern.quote(config + ":4:17: error: [reference] dc1-to-dc9: vpnservice: ")
                + "no VPN service is named 'no-such-vpn' at http://127\\.0\\.0\\.1:\\d+")
        .containsPattern(
            Pattern.quote(config + ":6:18: error: [reference] dc1-to-dc9: ipsecpolicy: ")
                + "no IPsec policy is named 'no-such-ipsec' at ");
    CliRun apply = cli("apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(named("dc1-to-dc9")).isZero();
  }

  @Test
  void aConnectionRemovedFromTheFilesIsNotDeleted() throws IOException {
    Path vpn = dir.resolve("vpn");
    file("vpn/dc2.yaml", "connections:\n  - name: dc1-to-dc2\n    mtu: 1450\n");
    Path dc9 = file("vpn/dc9.yaml", CREATE_BY_NAME);
    CliRun apply = cli("apply", "--auto-approve", vpn.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out()).contains("Apply complete! Resources: 1 added, 1 changed, 0 destroyed.");
    String created = idOf(apply, "dc1-to-dc9", "created");

    Files.delete(dc9);
    CliRun plan = cli("plan", "--detailed-exitcode", vpn.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.OK);
    assertThat(plan.out()).contains("No changes.").doesNotContain("destroy");
    CliRun again = cli("apply", "--auto-approve", vpn.toString());
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(sandbox.connection(created)).isPresent();
    assertThat(sandbox.connection(DC3)).isPresent();
    assertThat(sandbox.connection(EPG)).isPresent();
  }

  @Test
  void aSavedPlanWithEveryActionShowsAppliesAndConverges() throws IOException {
    Path config =
        file(
            "vpn.yaml",
            CREATE_BY_NAME
                + """
                  - name: dc1-to-dc2
                    mtu: 1450
                  - name: dc1-to-dc3
                    vpnservice: dc1-vpn
                    ikepolicy_id: 50000000-0000-4000-8000-000000000002
                    ipsecpolicy: ipsec-default
                    peer_address: 198.51.100.3
                    peer_id: 198.51.100.3
                    peer_cidrs: [192.168.3.0/24, 192.168.4.0/24]
                    psk: {env: PSK9}
                  - name: branch-epg
                    state: absent
                """);
    Path saved = dir.resolve("every.plan");
    CliRun plan = cli("plan", "-o", saved.toString(), config.toString());
    assertThat(plan.exit()).as(plan.all()).isZero();
    assertThat(Files.readString(saved)).doesNotContain(PSK).contains("\"env\" : \"PSK9\"");

    CliRun show = cli("show", saved.toString());
    assertThat(show.exit()).as(show.all()).isZero();
    assertThat(show.out())
        .contains(
            "vpnform will create 1 IPsec site connection, update 1 in place, replace 1 and delete"
                + " 1 (profile openstack):")
        .contains("  + dc1-to-dc9  ")
        .contains("  ~ dc1-to-dc2 (" + DC2 + ")")
        .contains("-/+ dc1-to-dc3 (" + DC3 + ")")
        .contains("# forces replacement")
        .contains("  - branch-epg (" + EPG + ")")
        .contains("Plan: 2 to add, 1 to change, 2 to destroy.");
    JsonNode json =
        GoldenTest.JSON.readTree(cli("show", "--format", "json", saved.toString()).out());
    List<String> actions = new ArrayList<>();
    json.get("changes").forEach(c -> actions.add(c.get("action").asText()));
    assertThat(actions).containsExactly("create", "update", "replace", "delete");
    CliRun md = cli("show", "--format", "markdown", saved.toString());
    assertThat(md.out())
        .contains("✏️ **2 to add, 1 to change, 2 to destroy**")
        .contains("| `+` | `dc1-to-dc9` | *(known after apply)* |")
        .contains("| `-/+` | `dc1-to-dc3` | `70000000` |")
        .contains("| `-` | `branch-epg` | `70000000` |")
        .contains("--- /dev/null\n+++ desired/dc1-to-dc9")
        .contains("--- actual/branch-epg\n+++ /dev/null");
    MarkdownCheck.check(md.out());

    Path events = dir.resolve("events.ndjson");
    CliRun apply = cli("apply", "--events-out", events.toString(), saved.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out())
        .contains("[1/4] ")
        .contains("[4/4] ")
        .contains("Apply complete! Resources: 2 added, 1 changed, 2 destroyed.");
    String replaced = idOf(apply, "dc1-to-dc3", "replaced");
    assertThat(sandbox.connection(DC3)).isEmpty();
    assertThat(sandbox.connection(EPG)).isEmpty();
    assertThat(sandbox.connection(replaced).orElseThrow())
        .containsEntry("ipsecpolicy_id", "60000000-0000-4000-8000-000000000001");
    List<JsonNode> e = EventsTest.read(events);
    JsonNode replacedEvent =
        e.stream()
            .filter(x -> x.has("hook") && x.get("hook").get("outcome").asText().equals("replaced"))
            .findFirst()
            .orElseThrow();
    assertThat(replacedEvent.get("hook").get("action").asText()).isEqualTo("replace");
    assertThat(replacedEvent.get("hook").get("replaced_id").asText()).isEqualTo(DC3);
    assertThat(replacedEvent.get("hook").get("connection").get("id").asText()).isEqualTo(replaced);
    JsonNode last = e.get(e.size() - 1).get("changes").get("applied");
    assertThat(last.get("added").asInt()).isEqualTo(2);
    assertThat(last.get("destroyed").asInt()).isEqualTo(2);
    assertThat(Files.readString(events)).doesNotContain(PSK);

    CliRun again = cli("plan", "--detailed-exitcode", config.toString());
    assertThat(again.exit()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains("No changes.");
    assertThat(named("dc1-to-dc9")).isEqualTo(1);
    assertThat(named("dc1-to-dc3")).isEqualTo(1);
  }

  @Test
  void theMarkdownApplyReportListsCreatesAndDeletes() throws IOException {
    Path config = file("vpn.yaml", CREATE_BY_NAME + "  - name: branch-epg\n    state: absent\n");
    CliRun apply = cli("apply", "--auto-approve", "--format", "markdown", config.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out())
        .contains("✅ **Apply complete!** 1 added, 0 changed, 1 destroyed, 0 unchanged")
        .containsPattern(
            "\\| `\\+` \\| `dc1-to-dc9` \\| `[0-9a-f]{8}` \\| ✅ created in \\d+ ms; status `PENDING_CREATE` · ⚠️ ")
        .containsPattern("\\| `-` \\| `branch-epg` \\| `70000000` \\| ✅ deleted in \\d+ ms \\|");
    MarkdownCheck.check(apply.out());
    // progress goes to stderr beside a report
    assertThat(apply.err()).contains("Apply complete! Resources: 1 added, 0 changed, 1 destroyed.");
  }
}
