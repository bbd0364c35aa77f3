package dev.vpnform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real neutron-server of {@code .ci/neutron/start.sh} is (the variables its {@code
 * env.sh} exports), and the one place that decides what a missing one means: with {@code
 * VPNFORM_IT_REQUIRED=1} (CI) the test FAILS naming it; otherwise it is skipped by an assumption
 * that says how to start the servers. Also runs SQL through {@code .ci/neutron/db.sh}, found from
 * the working directory (Maven's is the module, core/sandbox: the nearest ancestor that has it).
 *
 * <p>The cli module has the same class for its ITs (dev.vpnform.cli.it.RealNeutron): test classes
 * are not shared between the modules.
 */
final class RealNeutron {
  static final String REQUIRED = "VPNFORM_IT_REQUIRED";
  static final List<String> VARIABLES =
      List.of("VPNFORM_NEUTRON_URL", "VPNFORM_SEED_JSON", "VPNFORM_NEUTRON_WORKDIR");
  static final String HOW_TO_START =
      "start a real Neutron with: .ci/neutron/install.sh && .ci/neutron/start.sh &&"
          + " .ci/neutron/seed.sh && . $VPNFORM_NEUTRON_WORKDIR/env.sh (default"
          + " /tmp/vpnform-neutron/env.sh), see .ci/neutron/README.md";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  final URI url;
  final Path workdir;
  final Path repoRoot;
  final JsonNode seed;

  private RealNeutron(URI url, Path workdir, Path repoRoot, JsonNode seed) {
    this.url = url;
    this.workdir = workdir;
    this.repoRoot = repoRoot;
    this.seed = seed;
  }

  /**
   * For {@code @BeforeAll}: the real Neutron of this environment, or null when it is not configured
   * and not required (then {@link #assume} skips each test). Throws AssertionError when it is
   * required but not configured, or configured but not answering.
   */
  static RealNeutron find() {
    return find(System.getenv());
  }

  /** Why the tests are skipped, when {@link #find()} returned null. */
  static String skipReason;

  /**
   * For {@code @BeforeEach}: skips the test (a JUnit assumption, so the report lists it as skipped
   * with the reason) unless {@code found} is a server.
   */
  static RealNeutron assume(RealNeutron found) {
    Assumptions.assumeTrue(found != null, () -> skipReason);
    return found;
  }

  /** Fails (CI) or skips (elsewhere) the calling test when the servers are not configured. */
  /** {@link #find()} with the given environment. */
  static RealNeutron find(Map<String, String> env) {
    boolean required = "1".equals(env.get(REQUIRED)) || "true".equals(env.get(REQUIRED));
    for (String v : VARIABLES) {
      String value = env.get(v);
      if (value == null || value.isBlank()) {
        if (required) {
          throw new AssertionError(
              "real Neutron is required in CI but "
                  + v
                  + " is not set ("
                  + REQUIRED
                  + "=1); "
                  + HOW_TO_START);
        }
        skipReason =
            "real Neutron is not configured (" + v + " is not set): skipped; " + HOW_TO_START;
        System.out.println("[it] " + skipReason);
        return null;
      }
    }
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve(".ci/neutron/db.sh"))) {
      root = root.getParent();
    }
    if (root == null) {
      throw new AssertionError(
          "cannot find .ci/neutron/db.sh from the working directory "
              + Path.of("").toAbsolutePath());
    }
    String u = env.get("VPNFORM_NEUTRON_URL");
    URI url = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    JsonNode seed;
    try {
      seed = JSON.readTree(Files.readString(Path.of(env.get("VPNFORM_SEED_JSON"))));
    } catch (IOException e) {
      throw new AssertionError(
          "cannot read VPNFORM_SEED_JSON="
              + env.get("VPNFORM_SEED_JSON")
              + " (run .ci/neutron/seed.sh): "
              + e,
          e);
    }
    RealNeutron n = new RealNeutron(url, Path.of(env.get("VPNFORM_NEUTRON_WORKDIR")), root, seed);
    try {
      HttpResponse<String> r =
          n.send("GET", "/v2.0/vpn/ipsec-site-connections?fields=id&name=-", null);
      if (r.statusCode() != 200) {
        throw new AssertionError(
            "real Neutron at " + url + " answers " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new AssertionError(
          "VPNFORM_NEUTRON_URL="
              + url
              + " is set but nothing answers there ("
              + e
              + "); "
              + HOW_TO_START,
          e);
    }
    return n;
  }

  /** A request to the noauth server; {@code path} starts with /v2.0. */
  HttpResponse<String> send(String method, String path, String body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static JsonNode json(String s) throws IOException {
    return JSON.readTree(s);
  }

  static String write(Object o) throws IOException {
    return JSON.writeValueAsString(o);
  }

  /** Runs SQL on the neutron DB through .ci/neutron/db.sh (-N); returns its output. */
  String sql(String statement) {
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", repoRoot.resolve(".ci/neutron/db.sh").toString(), "-N", statement)
            .redirectErrorStream(true);
    pb.environment().put("VPNFORM_NEUTRON_WORKDIR", workdir.toString());
    pb.environment().remove("VPNFORM_NEUTRON_DB");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("db.sh timed out: " + statement);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("db.sh failed (" + p.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run db.sh: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
