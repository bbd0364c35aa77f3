package dev.vpnform.sandbox.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real neutron-server started by {@code .ci/neutron/start.sh} is, read from the variables
 * its {@code env.sh} exports, and the one place that decides what happens when they are missing:
 *
 * <ul>
 *   <li>{@code VPNFORM_IT_REQUIRED=1} (CI): the test FAILS, naming the missing variable;
 *   <li>otherwise: the test is skipped by a JUnit assumption that says how to start the servers.
 * </ul>
 *
 * <p>Use: {@code static RealNeutron neutron = RealNeutron.find()} (the noauth server) or {@link
 * #findWithKeystone()} (also the Keystone-authenticated one) in {@code @BeforeAll} (fails once for
 * the class when required), {@code RealNeutron.assume(neutron)} in {@code @BeforeEach} (each test
 * is then reported as skipped, with the reason).
 *
 * <p>It also runs SQL through {@code .ci/neutron/db.sh} (found in the nearest ancestor of the
 * working directory, which Maven sets to the module) with the same {@code VPNFORM_NEUTRON_WORKDIR}.
 *
 * <p>Shared by the sandbox's contract suite and the CLI's integration tests through
 * vpnform-sandbox's test-jar, which holds only this package.
 */
public final class RealNeutron {
  public static final String REQUIRED = "VPNFORM_IT_REQUIRED";

  /** The variables every IT needs (the noauth server); the first one missing is named. */
  public static final List<String> VARIABLES =
      List.of("VPNFORM_NEUTRON_URL", "VPNFORM_SEED_JSON", "VPNFORM_NEUTRON_WORKDIR");

  /** What {@link #findWithKeystone()} needs besides {@link #VARIABLES}. */
  public static final List<String> KEYSTONE_VARIABLES =
      List.of("VPNFORM_NEUTRON_KS_URL", "VPNFORM_CLOUDS_YAML");

  public static final String HOW_TO_START =
      "start a real Neutron with: .ci/neutron/install.sh && .ci/neutron/start.sh &&"
          + " .ci/neutron/seed.sh && . $VPNFORM_NEUTRON_WORKDIR/env.sh (default"
          + " /tmp/vpnform-neutron/env.sh), see .ci/neutron/README.md";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Why the tests are skipped, when {@link #find()} returned null. */
  private static volatile String skipReason;

  private final URI url;
  private final URI ksUrl;
  private final Path cloudsYaml;
  private final Path workdir;
  private final Path repoRoot;
  private final JsonNode seed;

  private RealNeutron(Map<String, String> env, boolean keystone, Path repoRoot) throws IOException {
    this.url = URI.create(strip(env.get("VPNFORM_NEUTRON_URL")));
    this.ksUrl = keystone ? URI.create(strip(env.get("VPNFORM_NEUTRON_KS_URL"))) : null;
    this.cloudsYaml = keystone ? Path.of(env.get("VPNFORM_CLOUDS_YAML")) : null;
    this.workdir = Path.of(env.get("VPNFORM_NEUTRON_WORKDIR"));
    this.repoRoot = repoRoot;
    this.seed = JSON.readTree(Files.readString(Path.of(env.get("VPNFORM_SEED_JSON"))));
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * For {@code @BeforeAll}: the real noauth Neutron of this environment, or null when it is not
   * configured and not required (then {@link #assume} skips each test). Throws AssertionError when
   * it is required but not configured, or configured but not answering.
   */
  public static RealNeutron find() {
    return find(System.getenv(), false);
  }

  /** {@link #find()}, also requiring the Keystone-authenticated server ({@link #ksUrl()}). */
  public static RealNeutron findWithKeystone() {
    return find(System.getenv(), true);
  }

  /**
   * For {@code @BeforeEach}: skips the test (a JUnit assumption, so the report lists it as skipped
   * with the reason) unless {@code found} is a server.
   */
  public static RealNeutron assume(RealNeutron found) {
    Assumptions.assumeTrue(found != null, () -> skipReason);
    return found;
  }

  /** {@link #find()} or {@link #findWithKeystone()} with the given environment. */
  public static RealNeutron find(Map<String, String> env, boolean keystone) {
    boolean required = "1".equals(env.get(REQUIRED)) || "true".equals(env.get(REQUIRED));
    List<String> needed = new ArrayList<>(VARIABLES);
    if (keystone) {
      needed.addAll(KEYSTONE_VARIABLES);
    }
    for (String v : needed) {
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
              + Path.of("").toAbsolutePath()
              + " (expected a module directory of the vpnform checkout)");
    }
    RealNeutron n;
    try {
      n = new RealNeutron(env, keystone, root);
    } catch (IOException e) {
      throw new AssertionError(
          "cannot read VPNFORM_SEED_JSON="
              + env.get("VPNFORM_SEED_JSON")
              + " (run .ci/neutron/seed.sh): "
              + e,
          e);
    }
    // The variables say a server is there: one that does not answer is a failure, never a skip.
    try {
      HttpResponse<String> r =
          n.send("GET", "/v2.0/vpn/ipsec-site-connections?fields=id&name=-", null);
      if (r.statusCode() != 200) {
        throw new AssertionError(
            "real Neutron at " + n.url + " answers " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new AssertionError(
          "VPNFORM_NEUTRON_URL="
              + n.url
              + " is set but nothing answers there ("
              + e
              + "); is the instance still running? "
              + HOW_TO_START,
          e);
    }
    return n;
  }

  // --- where ----------------------------------------------------------------------------------

  /** The noauth server's base URL, without a trailing slash (requests append /v2.0/...). */
  public URI url() {
    return url;
  }

  /** The Keystone-authenticated server's base URL; only after {@link #findWithKeystone()}. */
  public URI ksUrl() {
    if (ksUrl == null) {
      throw new IllegalStateException("found with find(): use findWithKeystone()");
    }
    return ksUrl;
  }

  /** The clouds.yaml that seed.sh wrote for Keystone; only after {@link #findWithKeystone()}. */
  public Path cloudsYaml() {
    if (cloudsYaml == null) {
      throw new IllegalStateException("found with find(): use findWithKeystone()");
    }
    return cloudsYaml;
  }

  /** The servers' work directory (VPNFORM_NEUTRON_WORKDIR). */
  public Path workdir() {
    return workdir;
  }

  // --- seed -----------------------------------------------------------------------------------

  /** seed.json: the ids seed.sh created (see .ci/neutron/README.md). */
  public JsonNode seed() {
    return seed;
  }

  /** The base set ({@code demo-project}) or the keystone admin project's set of seed.json. */
  public Section section(boolean admin) {
    JsonNode s = admin ? seed.get("admin") : seed;
    return new Section(
        s.get("tenant_id").asText(),
        s.get("vpnservice_legacy").asText(),
        s.get("vpnservice_epg").asText(),
        s.get("ikepolicy").asText(),
        s.get("ipsecpolicy").asText(),
        s.get("endpoint_groups").get("local_a").asText(),
        s.get("endpoint_groups").get("local_b").asText(),
        s.get("endpoint_groups").get("peer_a").asText(),
        s.get("endpoint_groups").get("peer_b").asText());
  }

  /** The ids of one seeded set. */
  public record Section(
      String tenantId,
      String vpnserviceLegacy,
      String vpnserviceEpg,
      String ikepolicy,
      String ipsecpolicy,
      String localA,
      String localB,
      String peerA,
      String peerB) {}

  // --- HTTP to the noauth server -------------------------------------------------------------

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * A request to the noauth server; {@code path} starts with /v2.0.
   *
   * <p>Debian 12's neutron-server (eventlet 0.33 on greenlet 2.0.2 and Python 3.11) now and then
   * drops a request: its hub prints {@code SystemError: <built-in method switch of GreenThread>
   * returned NULL without setting an exception} and "Removing descriptor", and the client never
   * gets an answer (eventlet issue 525, gevent issue 1985). A GET or a DELETE that gets no answer
   * in 20 seconds is therefore sent once more (a DELETE whose first copy did reach the server
   * answers 404, which the callers take as done). A POST or PUT is never repeated here.
   */
  public HttpResponse<String> send(String method, String path, String body) throws IOException {
    boolean idempotent = method.equals("GET") || method.equals("DELETE");
    try {
      return sendOnce(method, path, body);
    } catch (java.net.http.HttpTimeoutException e) {
      if (!idempotent) {
        throw e;
      }
      System.out.println(
          "[RealNeutron] " + method + " " + path + ": no answer in time; sending it once more");
      return sendOnce(method, path, body);
    }
  }

  private HttpResponse<String> sendOnce(String method, String path, String body)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(20))
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

  public static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  public static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // --- db.sh -----------------------------------------------------------------------------------

  /**
   * Runs SQL on the neutron DB through .ci/neutron/db.sh ({@code -N}: no header); returns stdout.
   */
  public String sql(String statement) {
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add(repoRoot.resolve(".ci/neutron/db.sh").toString());
    cmd.add("-N");
    cmd.add(statement);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("VPNFORM_NEUTRON_WORKDIR", workdir.toString());
    pb.environment().remove("VPNFORM_NEUTRON_DB");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("db.sh timed out: " + statement);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "db.sh failed (" + p.exitValue() + "): " + text + " for: " + statement);
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run db.sh: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Sets a connection's status in the DB, as a VPN agent would. */
  public void setStatus(String connectionId, String status) {
    requireUuid(connectionId);
    if (!status.matches("[A-Z_]+")) {
      throw new IllegalArgumentException(status);
    }
    sql(
        "UPDATE ipsec_site_connections SET status='"
            + status
            + "' WHERE id='"
            + connectionId
            + "'");
  }

  public static void requireUuid(String id) {
    if (!id.matches("[0-9a-f-]{36}")) {
      throw new IllegalArgumentException("not an id: " + id);
    }
  }
}
