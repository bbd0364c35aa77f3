package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several clouds in one repository: two in-process sandboxes are two clouds of clouds.yaml (auth
 * type none with an endpoint override), planned and applied as two projects.
 */
class ProjectsCliTest {
  static final String DC2 = "70000000-0000-4000-8000-000000000001";
  static final String DC3 = "70000000-0000-4000-8000-000000000002";

  @TempDir Path dir;
  Sandbox east;
  Sandbox west;
  Map<String, String> env;
  Path projects;

  @BeforeEach
  void start() throws IOException {
    east = Sandbox.builder().build().start();
    west = Sandbox.builder().build().start();
    write(
        "clouds.yaml",
        """
        clouds:
          east:
            auth_type: none
            network_endpoint_override: "%s"
          west:
            auth_type: none
            regions:
              - name: w1
                values: {endpoint_override: "%s"}
              - name: w2
                values: {endpoint_override: "http://127.0.0.1:1/"}
        """
            .formatted(east.networkEndpoint(), west.networkEndpoint()));
    write("repo/vpn/east/vpn.yaml", "connections:\n  - name: dc1-to-dc2\n    mtu: 1450\n");
    write("repo/vpn/west/vpn.yaml", "connections:\n  - name: dc1-to-dc3\n    mtu: 1300\n");
    projects =
        write(
            "repo/vpnform.projects.yaml",
            """
            format: 1
            projects:
              - name: east
                cloud: east
                paths: [vpn/east]
              - name: west
                cloud: west
                region: w1
                paths: [vpn/west]
            """);
    env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("OS_CLIENT_CONFIG_FILE", dir.resolve("clouds.yaml").toString());
    // A project that names its cloud takes nothing else from OS_*: these would send both
    // projects to a closed port.
    env.put("OS_AUTH_TYPE", "none");
    env.put("OS_ENDPOINT", "http://127.0.0.1:1/");
  }

  @AfterEach
  void stop() {
    east.close();
    west.close();
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  CliRun cli(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--projects-file=" + projects;
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return CliRun.of(env, all);
  }

  @Test
  void projectsListsThemAsACiMatrix() throws IOException {
    CliRun run = cli("projects", "--format", "json");
    assertThat(run.exit()).as(run.all()).isZero();
    JsonNode list = GoldenTest.JSON.readTree(run.out());
    assertThat(list.findValuesAsText("name")).containsExactly("east", "west");
    assertThat(list.get(1).get("cloud").asText()).isEqualTo("west");
    assertThat(list.get(1).get("region").asText()).isEqualTo("w1");
    assertThat(list.get(0).get("region").isNull()).isTrue();
    assertThat(list.get(1).get("paths").get(0).asText()).endsWith("repo/vpn/west");
    assertThat(cli("projects").out())
        .contains("east (cloud east): ")
        .contains("west (cloud west, region w1): ");
  }

  @Test
  void planGroupsTheOutputPerProjectWithASummaryAndOneExitCode() {
    CliRun run = cli("plan", "--all-projects", "--detailed-exitcode");
    assertThat(run.exit()).as(run.all()).isEqualTo(ExitCode.CHANGES);
    String out = run.out();
    int e = out.indexOf("== project east (cloud east) ==");
    int w = out.indexOf("== project west (cloud west, region w1) ==");
    int s = out.indexOf("== summary: 2 projects, 2 with changes, 0 failed ==");
    assertThat(e).isNotNegative().isLessThan(w);
    assertThat(w).isLessThan(s);
    assertThat(out.substring(e, w)).contains("~ mtu: 1400 -> 1450").doesNotContain("dc1-to-dc3");
    assertThat(out.substring(w, s)).contains("~ mtu: 1500 -> 1300").doesNotContain("dc1-to-dc2");
    assertThat(out.substring(s)).containsPattern("east +changes +0 +1 +0 +0 +0 +0");

    CliRun one = cli("plan", "--project", "west", "--detailed-exitcode");
    assertThat(one.exit()).isEqualTo(ExitCode.CHANGES);
    assertThat(one.out()).doesNotContain("project east").contains("1 project, 1 with changes");
  }

  @Test
  void applyUpdatesEachProjectsOwnCloud() {
    CliRun run = cli("apply", "--all-projects", "--auto-approve");
    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(east.connection(DC2).orElseThrow()).containsEntry("mtu", 1450);
    assertThat(east.connection(DC3).orElseThrow()).containsEntry("mtu", 1500);
    assertThat(west.connection(DC3).orElseThrow()).containsEntry("mtu", 1300);
    assertThat(west.connection(DC2).orElseThrow()).containsEntry("mtu", 1400);
    assertThat(run.out()).containsPattern("west +applied");
    CliRun again = cli("plan", "--all-projects", "--detailed-exitcode");
    assertThat(again.exit()).as(again.all()).isZero();
  }

  @Test
  void oneFailingProjectDoesNotStopTheOthers() throws IOException {
    write(
        "repo/vpnform.projects.yaml",
        Files.readString(projects) + "  - name: lost\n    cloud: nowhere\n    paths: [vpn/lost]\n");
    write("repo/vpn/lost/vpn.yaml", "connections:\n  - name: dc1-to-dc2\n");
    CliRun run = cli("plan", "--all-projects", "--format", "markdown");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("== project lost (cloud nowhere) ==").contains("'nowhere'");
    MarkdownCheck.Parsed md = MarkdownCheck.check(run.out());
    assertThat(md.codeSpans()).contains("east", "west", "lost");
    assertThat(run.out())
        .contains("#### project `east` (cloud `east`)")
        .contains("#### project `west` (cloud `west`, region `w1`)")
        .contains("❌ **Failed:**")
        .contains("| `lost` | ❌ failed | - |");
  }

  @Test
  void aRegionSelectsItsEndpoint() throws IOException {
    // w2's endpoint is a closed port
    write(
        "repo/vpnform.projects.yaml",
        Files.readString(projects).replace("region: w1", "region: w2"));
    CliRun run = cli("plan", "--project", "west");
    assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("cannot connect");
  }

  @Test
  void usageErrors() {
    assertThat(cli("plan").err())
        .contains("give files or directories, or --project NAME or --all-projects");
    assertThat(cli("plan").exit()).isEqualTo(ExitCode.USAGE);
    assertThat(cli("plan", "--project", "east", "x.yaml").exit()).isEqualTo(ExitCode.USAGE);
    assertThat(cli("plan", "--all-projects", "--os-cloud", "east").exit())
        .isEqualTo(ExitCode.USAGE);
    assertThat(cli("plan", "--all-projects", "-o", "p.json").exit()).isEqualTo(ExitCode.USAGE);
    CliRun unknown = cli("plan", "--project", "esat");
    assertThat(unknown.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(unknown.err()).contains("no project is named 'esat'; did you mean 'east'?");
  }
}
