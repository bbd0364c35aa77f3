package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive that {@code mvn package} builds ({@code target/vpnform-<version>-linux-x64.tar.gz})
 * works on a machine without Java: extracted to a fresh directory, its {@code bin/vpnform} runs
 * {@code --version} and {@code demo} with no {@code java} on PATH and no {@code JAVA_HOME}, from
 * another working directory, directly and through a symbolic link.
 */
class DistributionIT {
  @TempDir static Path tmp;
  static Path home;

  /** A PATH directory that has no java: the launcher must need only its own runtime. */
  static Path noJavaBin;

  @BeforeAll
  static void extract() throws Exception {
    Assumptions.assumeFalse(
        Boolean.getBoolean("vpnform.dist.skip"),
        "the distribution was skipped (-Dvpnform.dist.skip)");
    String version = System.getProperty("vpnform.version", "");
    Path archive = target().resolve("vpnform-" + version + "-linux-x64.tar.gz");
    assertThat(archive).as("built by mvn package (cli/src/dist/make-dist.sh)").isRegularFile();
    Path root = Files.createDirectory(tmp.resolve("opt"));
    Result untar =
        run(
            List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", root.toString()),
            null,
            root);
    assertThat(untar.code).as(untar.err).isZero();
    home = root.resolve("vpnform-" + version);
    noJavaBin = Files.createDirectory(tmp.resolve("bin-without-java"));
  }

  static Path target() {
    Path module = Path.of("target");
    return Files.isDirectory(module.resolve("classes")) ? module : Path.of("cli", "target");
  }

  @Test
  void theArchiveHoldsALauncherARuntimeTheApplicationAndAStartUpCache() {
    assertThat(home.resolve("bin/vpnform")).isExecutable();
    assertThat(home.resolve("runtime/bin/java")).isExecutable();
    assertThat(home.resolve("runtime/release")).isRegularFile();
    assertThat(home.resolve("lib/vpnform.jar")).isRegularFile();
    assertThat(
            Files.isRegularFile(home.resolve("lib/vpnform.aot"))
                || Files.isRegularFile(home.resolve("lib/vpnform.jsa")))
        .as("lib/vpnform.aot or lib/vpnform.jsa")
        .isTrue();
    assertThat(home.resolve("samples/openstack")).isDirectory();
  }

  @Test
  void noJavaIsOnThePathOfTheseRuns() throws Exception {
    Result r = run(List.of("/bin/sh", "-c", "command -v java"), env(), tmp);
    assertThat(r.code).as("command -v java finds: %s", r.out).isNotZero();
  }

  @Test
  void versionRunsWithoutAnInstalledJava() throws Exception {
    Result r = run(List.of(home.resolve("bin/vpnform").toString(), "--version"), env(), tmp);
    assertThat(r.err).isEmpty();
    assertThat(r.code).isZero();
    assertThat(r.out.strip()).isEqualTo("vpnform " + System.getProperty("vpnform.version"));
  }

  @Test
  void demoRunsFromAnyDirectoryWithoutAnInstalledJava() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("work"));
    Result r = run(List.of(home.resolve("bin/vpnform").toString(), "demo"), env(), elsewhere);
    assertThat(r.code).as("stdout:%n%s%nstderr:%n%s", r.out, r.err).isZero();
    assertThat(r.out)
        .contains("Started a sandbox Networking API")
        .contains("Apply complete! ")
        .contains("No changes.");
  }

  @Test
  void theLauncherFollowsASymbolicLink() throws Exception {
    // As the README installs it: a link in a PATH directory. Resolving it takes readlink.
    Path bin = Files.createDirectories(tmp.resolve("link-bin"));
    Files.createSymbolicLink(bin.resolve("readlink"), Path.of("/bin/readlink"));
    Path link = Files.createSymbolicLink(bin.resolve("vpnform"), home.resolve("bin/vpnform"));
    Map<String, String> env = env();
    env.put("PATH", bin.toString());
    Result r = run(List.of(link.toString(), "--version"), env, tmp);
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).startsWith("vpnform ");
  }

  private static Map<String, String> env() {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("PATH", noJavaBin.toString());
    env.put("HOME", tmp.toString());
    return env;
  }

  private record Result(int code, String out, String err) {}

  /** Runs {@code cmd} in {@code dir} with exactly {@code env} (inherited when null). */
  private static Result run(List<String> cmd, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile());
    if (env != null) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish within 5 minutes");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
