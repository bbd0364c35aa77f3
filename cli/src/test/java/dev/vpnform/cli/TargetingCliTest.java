package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --target and --exclude end to end against the sandbox: plan, saved plan, apply. */
class TargetingCliTest {
  static final String DC2 = "70000000-0000-4000-8000-000000000001";
  static final String DC3 = "70000000-0000-4000-8000-000000000002";

  @TempDir Path dir;
  Sandbox sandbox;
  Map<String, String> env;
  Path config;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.builder().build().start();
    env =
        Map.of(
            "HOME", dir.toString(),
            "OS_AUTH_TYPE", "none",
            "OS_ENDPOINT", sandbox.networkEndpoint().toString());
    config =
        write(
            "vpn/dc1.yaml",
            "connections:\n"
                + "  - name: dc1-to-dc2\n    mtu: 1450\n"
                + "  - name: dc1-to-dc3\n    mtu: 1450\n");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void onlyTheSelectedConnectionsArePlannedSavedAndApplied() throws IOException {
    Path saved = dir.resolve("plan.json");
    CliRun plan =
        CliRun.of(
            env,
            "plan",
            "--detailed-exitcode",
            "--target",
            "name:dc1-*",
            "--exclude",
            "dc1-to-dc3",
            "-o",
            saved.toString(),
            config.toString());
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out())
        .contains("~ dc1-to-dc2")
        .doesNotContain("~ dc1-to-dc3")
        .contains(
            "warning: [targeting] targeting is in effect: 1 of 2 connections are planned (target"
                + " name:dc1-*; exclude name:dc1-to-dc3)");
    assertThat(Files.readString(saved)).contains("targeting is in effect");

    CliRun show = CliRun.of(env, "show", "--format", "json", saved.toString());
    assertThat(show.out()).contains("\"rule\" : \"targeting\"");

    CliRun apply = CliRun.of(env, "apply", saved.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out()).contains("warning: [targeting] targeting is in effect: 1 of 2");
    assertThat(sandbox.connection(DC2).orElseThrow()).containsEntry("mtu", 1450);
    assertThat(sandbox.connection(DC3).orElseThrow()).containsEntry("mtu", 1500);

    CliRun again = CliRun.of(env, "apply", "--target", "x", saved.toString());
    assertThat(again.exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void selectorFilesAndMistakes() throws IOException {
    Path targets = write("targets.txt", "# only the third\nname:dc1-to-dc3\n");
    CliRun apply =
        CliRun.of(
            env, "apply", "--auto-approve", "--target-file", targets.toString(), config.toString());
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(sandbox.connection(DC3).orElseThrow()).containsEntry("mtu", 1450);
    assertThat(sandbox.connection(DC2).orElseThrow()).containsEntry("mtu", 1400);

    Path bad = write("bad.txt", "\nid:not-a-uuid\n");
    CliRun located = CliRun.of(env, "plan", "--exclude-file", bad.toString(), config.toString());
    assertThat(located.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(located.err()).contains(bad + ":2:1: error: [targeting] selector 'id:not-a-uuid'");
    assertThat(located.out()).isEmpty();

    CliRun none = CliRun.of(env, "plan", "--target", "dc9-to-dc2", config.toString());
    assertThat(none.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(none.err())
        .contains("target name:dc9-to-dc2 matches no connection; did you mean 'dc1-to-dc2'?")
        .doesNotContain("\tat ");
  }
}
