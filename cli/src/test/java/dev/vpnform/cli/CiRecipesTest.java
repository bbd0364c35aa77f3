package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The CI recipes of samples/ci run their own shell steps, taken from the YAML, against two
 * in-process sandboxes (the two clouds of the sample projects file). vpnform on PATH is this build;
 * gh and curl are stand-ins that keep comments, notes and issues as files (curl opens no
 * connection). The install steps and the actions ({@code uses:}) are not run.
 */
class CiRecipesTest {
  static final Path CI = Path.of("../samples/ci");
  static final String DC2 = "70000000-0000-4000-8000-000000000001";
  static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");

  @TempDir Path tmp;
  Sandbox dc1;
  Sandbox branches;
  Path repo;
  Path bin;
  String clouds;

  @BeforeEach
  void setUp() throws IOException {
    assertThat(
            Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "jq"))))
        .as("the recipes use jq (.ci/neutron/install.sh installs it)")
        .isTrue();
    dc1 = Sandbox.builder().build().start();
    branches = Sandbox.builder().build().start();
    clouds =
        """
        clouds:
          dc1: {auth_type: none, network_endpoint_override: "%s"}
          branches: {auth_type: none, network_endpoint_override: "%s"}
        """
            .formatted(dc1.networkEndpoint(), branches.networkEndpoint());
    repo = Files.createDirectories(tmp.resolve("repo"));
    Files.copy(CI.resolve("vpnform.projects.yaml"), repo.resolve("vpnform.projects.yaml"));
    copyTree(Path.of("../samples/openstack"), repo.resolve("openstack"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    for (String stub : List.of("gh", "curl")) {
      Path p = bin.resolve(stub);
      Files.copy(Path.of("src/test/resources/ci").resolve(stub), p);
      p.toFile().setExecutable(true);
    }
    // vpnform as this build: the test's own class path
    Path vpnform = bin.resolve("vpnform");
    Files.writeString(
        vpnform,
        "#!/bin/sh\nexec '%s' -XX:TieredStopAtLevel=1 -cp '%s' dev.vpnform.cli.Main \"$@\"\n"
            .formatted(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path")));
    vpnform.toFile().setExecutable(true);
  }

  @AfterEach
  void tearDown() {
    dc1.close();
    branches.close();
  }

  // ---- GitHub Actions ------------------------------------------------------------------------

  @Test
  void githubActionsPlansOnPullRequestsAppliesOnMainAndWatchesForDrift() throws Exception {
    Map<String, Object> workflow = yaml(CI.resolve("github-actions.yml"));
    Path github = Files.createDirectories(tmp.resolve("github"));
    Map<String, String> expressions = new LinkedHashMap<>();
    expressions.put("secrets.VPNFORM_CLOUDS_YAML", clouds);
    expressions.put("secrets.VPNFORM_PSK_DC1_TO_DC2", "not-used-by-the-sample");
    expressions.put("github.event.pull_request.number", "7");
    expressions.put("github.token", "test-token");

    // pull request: one report comment, replaced (not added to) on the next push
    Job plan = job(workflow, "plan", expressions, github);
    assertThat(plan.output("exitcode")).isEqualTo("2");
    assertThat(plan.summary()).startsWith("<!-- vpnform:report kind=plan key=");
    List<Path> comments = files(github.resolve("comments"), ".md");
    assertThat(comments).hasSize(1);
    String report = Files.readString(comments.get(0));
    MarkdownCheck.check(report);
    assertThat(report)
        .contains("#### project `dc1` (cloud `dc1`)")
        .contains("#### project `branches` (cloud `branches`)");
    job(workflow, "plan", expressions, github);
    assertThat(files(github.resolve("comments"), ".md")).hasSize(1).doesNotContain(comments.get(0));
    assertThat(Files.readString(github.resolve("calls.log"))).contains("gh api -X DELETE");

    // push to main: a matrix of projects, each planned, saved and applied
    Job projects = job(workflow, "projects", expressions, github);
    JsonNode list = GoldenTest.JSON.readTree(projects.output("list"));
    assertThat(list.findValuesAsText("name")).containsExactly("dc1", "branches");
    for (JsonNode p : list) {
      expressions.put("matrix.project.name", p.get("name").asText());
      Job apply = job(workflow, "apply", expressions, github);
      assertThat(apply.summary()).startsWith("<!-- vpnform:report kind=apply key=");
    }
    assertThat(dc1.connection(DC2).orElseThrow()).containsEntry("mtu", 1450);

    // nightly: no drift, then drift (an issue), drift again (a comment on it), then none (closed)
    job(workflow, "drift", expressions, github);
    assertThat(files(github.resolve("issues"), "")).isEmpty();
    tamper(dc1, DC2);
    job(workflow, "drift", expressions, github);
    List<Path> issues = files(github.resolve("issues"), ".open");
    assertThat(issues).hasSize(1);
    assertThat(Files.readString(issues.get(0))).contains("-mtu: 1300", "+mtu: 1450");
    job(workflow, "drift", expressions, github);
    assertThat(files(github.resolve("issues"), ".open")).hasSize(1);
    expressions.put("matrix.project.name", "dc1");
    job(workflow, "apply", expressions, github);
    job(workflow, "drift", expressions, github);
    assertThat(files(github.resolve("issues"), ".open")).isEmpty();
    assertThat(files(github.resolve("issues"), ".closed")).hasSize(1);
  }

  /** Runs one job's shell steps in order, as a runner would (bash -e -o pipefail). */
  private Job job(
      Map<String, Object> workflow, String name, Map<String, String> expressions, Path github)
      throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> job = (Map<String, Object>) map(workflow, "jobs").get(name);
    Path runner = Files.createDirectories(tmp.resolve("runner-" + name + "-" + System.nanoTime()));
    Path output = runner.resolve("output");
    Path summary = runner.resolve("summary");
    Path envFile = runner.resolve("env");
    Path pathFile = runner.resolve("path");
    for (Path p : List.of(output, summary, envFile, pathFile)) {
      Files.createFile(p);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("HOME", tmp.toString());
    env.put("RUNNER_TEMP", runner.toString());
    env.put("GITHUB_OUTPUT", output.toString());
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    env.put("GITHUB_ENV", envFile.toString());
    env.put("GITHUB_PATH", pathFile.toString());
    env.put("GITHUB_REPOSITORY", "acme/vpn");
    env.put("FAKE_GITHUB", github.toString());
    env.putAll(substitute(map(workflow, "env"), expressions));
    env.putAll(substitute(map(job, "env"), expressions));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
    for (Map<String, Object> step : steps) {
      if (step.containsKey("uses") || "install".equals(step.get("id"))) {
        continue;
      }
      String script = (String) step.get("run");
      assertThat(script).as("no expression pasted into a script").doesNotContain("${{");
      Map<String, String> stepEnv = new LinkedHashMap<>(env);
      stepEnv.putAll(substitute(map(step, "env"), expressions));
      for (String line : Files.readAllLines(envFile)) {
        if (line.contains("=")) {
          stepEnv.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      }
      Bash run = bash(script, stepEnv);
      assertThat(run.exit()).as(name + " / " + step.get("name") + ":\n" + run.output()).isZero();
    }
    return new Job(output, summary);
  }

  record Job(Path outputFile, Path summaryFile) {
    String output(String key) throws IOException {
      String value = null;
      for (String line : Files.readAllLines(outputFile)) {
        if (line.startsWith(key + "=")) {
          value = line.substring(key.length() + 1);
        }
      }
      return value;
    }

    String summary() throws IOException {
      return Files.readString(summaryFile);
    }
  }

  // ---- GitLab CI -----------------------------------------------------------------------------

  @Test
  void gitlabCiPlansOnMergeRequestsAppliesOnTheDefaultBranchAndWatchesForDrift() throws Exception {
    Map<String, Object> pipeline = yaml(CI.resolve("gitlab-ci.yml"));
    Path gitlab = Files.createDirectories(tmp.resolve("gitlab"));
    Path cloudsFile = tmp.resolve("clouds.yaml");
    Files.writeString(cloudsFile, clouds);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("HOME", tmp.toString());
    env.put("FAKE_GITLAB", gitlab.toString());
    env.put("CI_PROJECT_DIR", repo.toString());
    env.put("CI_API_V4_URL", "https://gitlab.example/api/v4");
    env.put("CI_PROJECT_ID", "42");
    env.put("CI_MERGE_REQUEST_IID", "7");
    env.put("VPNFORM_NOTE_TOKEN", "test-token");
    env.put("VPNFORM_CLOUDS_YAML", cloudsFile.toString());
    map(pipeline, "variables").forEach((k, v) -> env.put(k, expand(String.valueOf(v), env)));

    assertThat(gitlabJob(pipeline, "plan", env).exit()).isZero();
    List<Path> notes = files(gitlab.resolve("notes"), ".md");
    assertThat(notes).hasSize(1);
    MarkdownCheck.check(Files.readString(notes.get(0)));
    assertThat(gitlabJob(pipeline, "plan", env).exit()).isZero();
    assertThat(files(gitlab.resolve("notes"), ".md")).hasSize(1).doesNotContain(notes.get(0));

    @SuppressWarnings("unchecked")
    List<String> matrix =
        (List<String>)
            ((List<Map<String, Object>>) map(map(pipeline, "apply"), "parallel").get("matrix"))
                .get(0)
                .get("PROJECT");
    CliRun projects =
        CliRun.of(
            "projects",
            "--format",
            "json",
            "--projects-file",
            repo.resolve("vpnform.projects.yaml").toString());
    assertThat(matrix)
        .as("the apply matrix names the projects of vpnform.projects.yaml")
        .containsExactlyElementsOf(
            GoldenTest.JSON.readTree(projects.out()).findValuesAsText("name"));
    for (String project : matrix) {
      Map<String, String> e = new LinkedHashMap<>(env);
      e.put("PROJECT", project);
      Bash apply = gitlabJob(pipeline, "apply", e);
      assertThat(apply.exit()).as(apply.output()).isZero();
    }
    assertThat(dc1.connection(DC2).orElseThrow()).containsEntry("mtu", 1450);

    assertThat(gitlabJob(pipeline, "drift", env).exit()).isZero();
    tamper(dc1, DC2);
    Bash drift = gitlabJob(pipeline, "drift", env);
    assertThat(drift.exit()).isNotZero();
    assertThat(drift.output()).contains("Drift detected");
    assertThat(Files.readString(repo.resolve("drift.md"))).contains("-mtu: 1300", "+mtu: 1450");
  }

  /** One job's script, its lines in order in one shell, as GitLab's runner does. */
  private Bash gitlabJob(Map<String, Object> pipeline, String name, Map<String, String> env)
      throws Exception {
    @SuppressWarnings("unchecked")
    List<String> script = (List<String>) map(pipeline, name).get("script");
    return bash(String.join("\n", script), env);
  }

  // ---- helpers -------------------------------------------------------------------------------

  record Bash(int exit, String output) {}

  private Bash bash(String script, Map<String, String> env) throws Exception {
    Path file = Files.createTempFile(tmp, "step", ".sh");
    Files.writeString(file, script);
    ProcessBuilder pb =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", file.toString())
            .directory(repo.toFile())
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Bash(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** A change made behind vpnform's back: the drift the nightly job must find. */
  private static void tamper(Sandbox sandbox, String id) throws Exception {
    HttpRequest put =
        HttpRequest.newBuilder(
                URI.create(sandbox.networkEndpoint() + "/v2.0/vpn/ipsec-site-connections/" + id))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofString("{\"ipsec_site_connection\": {\"mtu\": 1300}}"))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private Map<String, String> substitute(Map<String, Object> values, Map<String, String> known) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          Matcher m = EXPRESSION.matcher(String.valueOf(v));
          StringBuilder sb = new StringBuilder();
          while (m.find()) {
            assertThat(known).as("a value for ${{ " + m.group(1) + " }}").containsKey(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(known.get(m.group(1))));
          }
          m.appendTail(sb);
          out.put(k, sb.toString());
        });
    return out;
  }

  private static String expand(String value, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$([A-Z_][A-Z0-9_]*)").matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? Map.of() : (Map<String, Object>) v;
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return new Yaml().load(Files.readString(file));
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(from)) {
      all = new ArrayList<>(s.toList());
    }
    for (Path p : all) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
