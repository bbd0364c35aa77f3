package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract: exit codes, formats and messages, run in-process. */
class CliTest {
  static final String ID = "0b9d3d5e-1f4b-4f6c-9a55-2a0c5d1e7a11";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  Path actual(int mtu) throws IOException {
    return file(
        "actual.json",
        """
        {"ipsec_site_connections": [{"id": "%s", "name": "dc1", "description": "",
          "psk": "stored-psk-0001", "initiator": "bi-directional", "admin_state_up": true,
          "peer_address": "198.51.100.1", "peer_id": "198.51.100.1", "local_id": "",
          "peer_cidrs": ["10.2.0.0/24"], "local_ep_group_id": null, "peer_ep_group_id": null,
          "mtu": %d, "dpd": {"action": "hold", "interval": 30, "timeout": 120},
          "status": "ACTIVE", "vpnservice_id": "s", "ikepolicy_id": "i", "ipsecpolicy_id": "p",
          "tenant_id": "t", "project_id": "t", "route_mode": "static", "auth_mode": "psk"}]}
        """
            .formatted(ID, mtu));
  }

  /** The library names a missing setting's option; the CLI shows it as the flag that sets it. */
  @Test
  void aMissingCloudSettingIsNamedByItsFlag() throws IOException {
    Path f = file("c.yaml", "connections:\n  - name: c\n    mtu: 1400\n");
    CliRun run = CliRun.of(Map.of("OS_AUTH_URL", "http://127.0.0.1:9/v3"), "plan", f.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err())
        .contains("a user name (--os-username, OS_USERNAME or auth.username)")
        .contains("a password (--os-password, OS_PASSWORD or auth.password)")
        .doesNotContain("option ");
  }

  @Test
  void validateExitsZeroWhenValidAndOneWhenNot() throws IOException {
    Path good = file("good.yaml", "connections:\n  - name: dc1\n    mtu: 1500\n");
    CliRun ok = CliRun.of("validate", good.toString());
    assertThat(ok.exit()).isEqualTo(ExitCode.OK);
    assertThat(ok.out())
        .startsWith("Valid: 1 IPsec site connection in 1 file (profile openstack).");

    Path bad = file("bad.yaml", "connections:\n  - name: dc1\n    mtu: 10\n    initiator: x\n");
    CliRun no = CliRun.of("validate", bad.toString());
    assertThat(no.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(no.err())
        .contains(bad + ":3:10: error: [O9] dc1: mtu: ipsec_site_connection MTU 10 is too small")
        .contains(bad + ":4:16: error: [O5] dc1: initiator:");
    assertThat(no.out()).contains("2 errors, 0 warnings.");
  }

  @Test
  void validateJsonListsEveryDiagnostic() throws IOException {
    Path bad =
        file("bad.yaml", "profile: huaweicloud\nconnections:\n  - name: dc1\n    mtu: 1400\n");
    CliRun run = CliRun.of("validate", "--format", "json", bad.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("profile").asText()).isEqualTo("huaweicloud");
    // H1 (an id is required) is an update's rule: offline, dc1 may be a connection to create.
    assertThat(json.get("diagnostics").findValuesAsText("rule")).containsExactly("H7");
  }

  @Test
  void profileOnTheCommandLineOverridesTheFile() throws IOException {
    Path f = file("c.yaml", "profile: huaweicloud\nconnections:\n  - name: dc1\n    mtu: 1400\n");
    assertThat(CliRun.of("validate", f.toString()).exit()).isEqualTo(ExitCode.ERROR);
    assertThat(CliRun.of("validate", "--profile", "openstack", f.toString()).exit())
        .isEqualTo(ExitCode.OK);
  }

  @Test
  void planExitCodesFollowTheContract() throws IOException {
    Path same = file("same.yaml", "connections:\n  - name: dc1\n    mtu: 1400\n");
    Path change = file("change.yaml", "connections:\n  - name: dc1\n    mtu: 1500\n");
    Path invalid = file("invalid.yaml", "connections:\n  - name: dc1\n    mtu: 10\n");
    String a = actual(1400).toString();
    assertThat(CliRun.of("plan", "--actual-file", a, same.toString()).exit()).isEqualTo(0);
    assertThat(CliRun.of("plan", "--detailed-exitcode", "--actual-file", a, same.toString()).exit())
        .isEqualTo(0);
    assertThat(CliRun.of("plan", "--actual-file", a, change.toString()).exit()).isEqualTo(0);
    assertThat(
            CliRun.of("plan", "--detailed-exitcode", "--actual-file", a, change.toString()).exit())
        .isEqualTo(ExitCode.CHANGES);
    assertThat(
            CliRun.of("plan", "--detailed-exitcode", "--actual-file", a, invalid.toString()).exit())
        .isEqualTo(ExitCode.ERROR);
  }

  @Test
  void usageErrorsExitWithSixtyFour() throws IOException {
    Path f = file("c.yaml", "connections: []\n");
    assertThat(CliRun.of("plan", "--bogus", f.toString()).exit()).isEqualTo(ExitCode.USAGE);
    assertThat(CliRun.of("validate").exit()).isEqualTo(ExitCode.USAGE);
    assertThat(CliRun.of("validate", "--format", "xml", f.toString()).exit())
        .isEqualTo(ExitCode.USAGE);
    assertThat(CliRun.of("validate", "--profile", "aws", f.toString()).err())
        .contains("unknown profile 'aws'; expected one of openstack, huaweicloud, fujitsu-k5");
    assertThat(CliRun.of().exit()).isEqualTo(ExitCode.USAGE);
    assertThat(CliRun.of("frobnicate").exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void eachCommandNamesTheFormatsItAccepts() throws IOException {
    Path f = file("c.yaml", "connections: []\n");
    CliRun validate = CliRun.of("validate", "--format", "diff", f.toString());
    assertThat(validate.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(validate.err())
        .contains("Invalid value for option '--format': expected one of [text, json]")
        .contains("Try 'vpnform validate --help' for more.");
    CliRun plan = CliRun.of("plan", "--format", "yaml", f.toString());
    assertThat(plan.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(plan.err()).contains("--format").contains("'yaml'");
  }

  @Test
  void debugIsTheOptionNotAWordAnywhereOnTheLine() throws IOException {
    Path missing = dir.resolve("missing.plan");
    CliRun debug = CliRun.of("show", "--debug", missing.toString());
    assertThat(debug.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(debug.err()).contains("\tat ");
    // After '--', "--debug" is the name of a (missing) file, not the option.
    CliRun path = CliRun.of("show", "--", "--debug");
    assertThat(path.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(path.err()).contains("--debug").doesNotContain("\tat ");
  }

  @Test
  void badInputGetsOneLocatedMessageAndNoStackTraceUnlessDebug() throws IOException {
    Path f = file("broken.yaml", "connections:\n  - name: dc1\n\tmtu: 1500\n");
    CliRun run = CliRun.of("plan", "--actual-file", actual(1400).toString(), f.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains(f + ":3:1: error: [yaml]").doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aBrokenActualFileIsALocatedError() throws IOException {
    Path f = file("c.yaml", "connections:\n  - name: dc1\n    mtu: 1500\n");
    Path a = file("a.json", "{\"ipsec_site_connections\": [ {\"id\": \"x\", \"mtu\": true} ]}");
    CliRun run = CliRun.of("plan", "--actual-file", a.toString(), f.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains(a + ":1:").doesNotContain("\tat ");
    CliRun missing =
        CliRun.of("plan", "--actual-file", dir.resolve("nope.json").toString(), f.toString());
    assertThat(missing.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(missing.err()).contains("nope.json").contains("no such file");
  }

  @Test
  void jsonPlanOfABrokenConfigIsStillJson() throws IOException {
    Path f = file("c.yaml", "connections:\n  - name: dc1\n    mut: 1500\n");
    CliRun run =
        CliRun.of(
            "plan", "--format", "json", "--actual-file", actual(1400).toString(), f.toString());
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("diagnostics").get(0).get("rule").asText()).isEqualTo("O1");
    assertThat(json.get("diagnostics").get(0).get("location").asText()).isEqualTo(f + ":3:5");
  }

  /** A canary psk never appears in any output of validate or plan, whatever the format. */
  @Test
  void aCanaryPskNeverAppearsInAnyOutput() throws IOException {
    String canary = "CANARY-psk-7c1e?x";
    Map<String, String> env = Map.of("DC1_PSK", canary);
    file("secrets/dc1.psk", canary + "\n");
    Path viaEnv = file("env.yaml", "connections:\n  - name: dc1\n    psk: {env: DC1_PSK}\n");
    Path viaFile =
        file("file.yaml", "connections:\n  - name: dc1\n    psk: {file: secrets/dc1.psk}\n");
    Path literal =
        file("literal.yaml", "connections:\n  - name: dc1\n    psk: \"" + canary + "\"\n");
    Path broken = file("broken.yaml", "connections:\n  - name: dc1\n    psk: \"" + canary + "\n");
    Path wrong =
        file("wrong.yaml", "connections:\n  - name: dc1\n    psk: " + canary + "\n    psk: x\n");
    String a = actual(1400).toString();
    StringBuilder seen = new StringBuilder();
    for (Path config : new Path[] {viaEnv, viaFile, literal, broken, wrong}) {
      for (String profile : new String[] {"openstack", "huaweicloud", "fujitsu-k5"}) {
        for (String format : new String[] {"text", "json", "diff"}) {
          CliRun plan =
              CliRun.of(
                  env,
                  "plan",
                  "--debug",
                  "--rotate-psk",
                  "--profile",
                  profile,
                  "--format",
                  format,
                  "--actual-file",
                  a,
                  config.toString());
          seen.append(plan.all());
        }
        for (String format : new String[] {"text", "json"}) {
          seen.append(
              CliRun.of(
                      env,
                      "validate",
                      "--debug",
                      "--profile",
                      profile,
                      "--format",
                      format,
                      config.toString())
                  .all());
        }
      }
    }
    assertThat(seen.toString())
        .contains("(sensitive value)")
        .doesNotContain(canary)
        .doesNotContain("CANARY");
  }
}
