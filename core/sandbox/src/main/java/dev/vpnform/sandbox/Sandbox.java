package dev.vpnform.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local, in-memory server that answers the Neutron VPNaaS API the way a real neutron-server 21
 * (Zed) with neutron-vpnaas does: same status codes, NeutronError types and messages, in the same
 * order of checks, as measured on a real server (neutron-vpnaas-api.md). It serves {@code /},
 * {@code /v2.0/}, the five {@code /v2.0/vpn/...} collections (ipsec-site-connections, vpnservices,
 * endpoint-groups, ikepolicies, ipsecpolicies), optionally a minimal Keystone v3 under {@code
 * /identity}, and can inject faults. Nothing is logged; pre-shared keys and tokens never leave the
 * API responses (and the state file, which is written with mode 0600).
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().build().start()) {
 *   URI endpoint = sandbox.networkEndpoint(); // clients append /v2.0
 * }
 * }</pre>
 *
 * <p>The built-in sample (used when there is no state file, no seed and {@code builtInSample} is
 * left on) belongs to the project {@code admin}, id {@value #SAMPLE_PROJECT_ID}; its resources and
 * their fixed ids are listed in this module's README.md ({@code core/sandbox/README.md}).
 *
 * <p>The state file and seed format is described in {@code State}: {@code {"format_version": 1,
 * "ipsec_site_connections": [...], "vpnservices": [...], "endpoint_groups": [...], "ikepolicies":
 * [...], "ipsecpolicies": [...]}} with the API's field names, plus optional {@code routers} and
 * {@code subnets}.
 */
public final class Sandbox implements AutoCloseable {
  /** The project (tenant) id of the built-in sample and of the default Keystone user. */
  public static final String SAMPLE_PROJECT_ID = "1f86b2c10a04347f8ed483ce32f97037";

  private final Builder config;
  private final AtomicInteger requests = new AtomicInteger();
  private final HttpFront.FaultState faultState = new HttpFront.FaultState();
  private HttpServer server;
  private ExecutorService executor;
  private VpnPlugin plugin;
  private NeutronApi api;
  private Keystone keystone;
  private URI networkEndpoint;

  private Sandbox(Builder config) {
    this.config = config;
    faultState.set(config.faults);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings for a {@link Sandbox}; see each method for its default. */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private boolean allowRemote;
    private int port;
    private Path seed;
    private Boolean builtInSample;
    private Path stateFile;
    private boolean keystone;
    private Duration tokenTtl = Duration.ofHours(1);
    private final List<Keystone.User> users = new ArrayList<>();
    private final List<Keystone.AppCred> appCreds = new ArrayList<>();
    private Duration pendingToActiveAfter;
    private Faults faults = Faults.none();

    private Builder() {}

    /** Default "127.0.0.1"; a non-loopback address needs {@link #allowRemote(boolean)}. */
    public Builder bindAddress(String host) {
      this.bindAddress = host;
      return this;
    }

    /** Allow binding to a non-loopback address: the sandbox has no real security. */
    public Builder allowRemote(boolean allow) {
      this.allowRemote = allow;
      return this;
    }

    /** Default 0: an ephemeral port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Initial state from a JSON file in the state-file format (ignored if the state file exists).
     */
    public Builder seed(Path json) {
      this.seed = json;
      return this;
    }

    /** Whether to load the built-in sample when there is no state file and no seed (default on). */
    public Builder builtInSample(boolean b) {
      this.builtInSample = b;
      return this;
    }

    /** Persist the state here after every change (atomically, mode 0600); load it if it exists. */
    public Builder stateFile(Path json) {
      this.stateFile = json;
      return this;
    }

    /** Serve Keystone v3 under /identity and require X-Auth-Token on the network API. */
    public Builder keystone(boolean enabled) {
      this.keystone = enabled;
      return this;
    }

    /** How long issued tokens stay valid (default 1 hour). */
    public Builder tokenTtl(Duration ttl) {
      this.tokenTtl = ttl;
      return this;
    }

    /**
     * Adds a Keystone user in the Default domain with a role on {@code project}; {@code admin}
     * users see every project's resources. Without any, there is admin/admin in project admin.
     */
    public Builder user(String name, String password, String project, boolean admin) {
      users.add(new Keystone.User(name, password, project, admin));
      return this;
    }

    /**
     * Adds an application credential of {@code userName}. Without any, there is {@code
     * sandbox-app-cred} / {@code sandbox-app-secret} of the admin user.
     */
    public Builder applicationCredential(String id, String secret, String userName) {
      appCreds.add(new Keystone.AppCred(id, secret, userName));
      return this;
    }

    /**
     * Connections and VPN services that enter a PENDING_* state (created, or set so with {@link
     * Sandbox#setStatus}) become ACTIVE after this long. Default: they stay as they are, like on a
     * server without a VPN agent.
     */
    public Builder pendingToActiveAfter(Duration d) {
      this.pendingToActiveAfter = d;
      return this;
    }

    public Builder faults(Faults f) {
      this.faults = f == null ? Faults.none() : f;
      return this;
    }

    public Sandbox build() {
      if (!allowRemote && !isLoopback(bindAddress)) {
        throw new IllegalArgumentException(
            "refusing to bind the sandbox to a non-loopback address without allowRemote(true)");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535");
      }
      if (tokenTtl == null || tokenTtl.isNegative()) {
        throw new IllegalArgumentException("tokenTtl must not be negative");
      }
      if (pendingToActiveAfter != null && pendingToActiveAfter.isNegative()) {
        throw new IllegalArgumentException("pendingToActiveAfter must not be negative");
      }
      Builder copy = new Builder();
      copy.bindAddress = bindAddress;
      copy.allowRemote = allowRemote;
      copy.port = port;
      copy.seed = seed;
      copy.builtInSample = builtInSample;
      copy.stateFile = stateFile;
      copy.keystone = keystone;
      copy.tokenTtl = tokenTtl;
      copy.users.addAll(
          users.isEmpty() ? List.of(new Keystone.User("admin", "admin", "admin", true)) : users);
      copy.appCreds.addAll(
          appCreds.isEmpty()
              ? List.of(new Keystone.AppCred("sandbox-app-cred", "sandbox-app-secret", "admin"))
              : appCreds);
      copy.pendingToActiveAfter = pendingToActiveAfter;
      copy.faults = faults;
      return new Sandbox(copy);
    }

    private static boolean isLoopback(String host) {
      if (host == null) {
        return false;
      }
      String h =
          host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      if (h.toLowerCase(Locale.ROOT).equals("localhost")) {
        return true;
      }
      byte[] v4 = Net.pton4(h);
      if (v4 != null) {
        return v4[0] == 127;
      }
      byte[] v6 = Net.pton6(h);
      return v6 != null && Net.ntop6(v6).equals("::1");
    }
  }

  /** Loads the state, binds the port and starts serving. */
  public synchronized Sandbox start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the sandbox is already started");
    }
    State state = loadState();
    plugin = new VpnPlugin(state, config.stateFile, config.pendingToActiveAfter, Instant::now);
    plugin.stuckPending(config.faults.stuckPending());
    plugin.persistNow();
    api = new NeutronApi(plugin);
    HttpServer s = HttpServer.create(new InetSocketAddress(config.bindAddress, config.port), 0);
    String host =
        s.getAddress().getAddress().isAnyLocalAddress()
            ? "127.0.0.1"
            : s.getAddress().getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    networkEndpoint = URI.create("http://" + host + ":" + s.getAddress().getPort());
    String base = networkEndpoint.toString();
    keystone =
        config.keystone
            ? new Keystone(config.users, config.appCreds, config.tokenTtl, Instant::now, () -> base)
            : null;
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "vpnform-sandbox-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    s.setExecutor(executor);
    s.createContext("/", new HttpFront(api, keystone, faultState, requests, () -> base));
    s.start();
    server = s;
    return this;
  }

  private State loadState() throws IOException {
    String tenant = SAMPLE_PROJECT_ID;
    if (config.stateFile != null && Files.exists(config.stateFile)) {
      return State.load(config.stateFile, tenant);
    }
    if (config.seed != null) {
      return State.load(config.seed, tenant);
    }
    if (config.builtInSample == null || config.builtInSample) {
      try (InputStream in = Sandbox.class.getResourceAsStream("sample-state.json")) {
        if (in == null) {
          throw new IOException("the built-in sample is missing from the classpath");
        }
        try {
          return State.fromJson(Json.parse(in.readAllBytes()), tenant);
        } catch (Json.Malformed e) {
          throw new IOException("the built-in sample is not valid JSON");
        }
      }
    }
    return new State();
  }

  /** http://HOST:PORT, without /v2.0: clients append it, like openstackclient does. */
  public URI networkEndpoint() {
    requireStarted();
    return networkEndpoint;
  }

  /** http://HOST:PORT/identity/v3; only when Keystone is enabled. */
  public URI identityEndpoint() {
    requireStarted();
    if (keystone == null) {
      throw new IllegalStateException("keystone is not enabled on this sandbox");
    }
    return URI.create(networkEndpoint + "/identity/v3");
  }

  /** How many HTTP requests arrived so far, including those answered by a fault. */
  public int requestCount() {
    return requests.get();
  }

  /**
   * Sets a connection's stored status, as a VPN agent would. A PENDING_* status starts the
   * pending-to-active timer, if one is configured.
   */
  public void setStatus(String connectionId, String status) {
    requireStarted();
    if (status == null || status.isBlank()) {
      throw new IllegalArgumentException("status must not be blank");
    }
    plugin.write(
        st -> {
          plugin.setStatus(connectionId, status);
          return null;
        });
  }

  /** A copy of the stored connection as GET would return it, if it exists. */
  public Optional<Map<String, Object>> connection(String id) {
    requireStarted();
    return plugin.read(
        st -> {
          Map<String, Object> row = st.table(Specs.CONNECTIONS).get(id);
          return row == null
              ? Optional.<Map<String, Object>>empty()
              : Optional.of(plugin.view(Specs.CONNECTIONS, row));
        });
  }

  /**
   * Copies of every stored connection, as an admin's list would return them (ascending id): what a
   * test checks after an apply, whatever the mode (Keystone or not).
   */
  public List<Map<String, Object>> connections() {
    requireStarted();
    return plugin.read(st -> plugin.list(Specs.CONNECTIONS, Map.of(), VpnPlugin.Ctx.NOAUTH));
  }

  /**
   * Creates a connection with POST semantics (defaults, validation, PENDING_CREATE) and returns its
   * id. Without tenant_id/project_id it goes to the sample project. Errors are
   * IllegalArgumentException("Type: message"), with the psk never in the message.
   */
  public String createConnection(Map<String, Object> fields) {
    requireStarted();
    if (fields == null) {
      throw new IllegalArgumentException("fields must not be null");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> body = Json.MAPPER.convertValue(fields, LinkedHashMap.class);
    if (!body.containsKey("tenant_id") && !body.containsKey("project_id")) {
      body.put("tenant_id", SAMPLE_PROJECT_ID);
    }
    try {
      Map<String, Object> created = api.createDirect(Specs.CONNECTIONS, body, VpnPlugin.Ctx.NOAUTH);
      Object conn = created.get(Specs.CONNECTIONS.resource());
      return (String) VpnPlugin.castMap(conn).get("id");
    } catch (NeutronError e) {
      String message = e.getMessage();
      if (body.get("psk") != null) {
        String psk = Py.str(body.get("psk"));
        if (!psk.isEmpty()) {
          message = message.replace(psk, "***");
        }
      }
      throw new IllegalArgumentException(e.type + ": " + message);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "HTTPInternalServerError: " + NeutronError.INTERNAL_MESSAGE);
    }
  }

  /** Replaces the fault injection; a tooManyRequests count starts over. */
  public void faults(Faults f) {
    Faults faults = f == null ? Faults.none() : f;
    faultState.set(faults);
    if (plugin != null) {
      plugin.stuckPending(faults.stuckPending());
    }
  }

  /** Makes every token issued so far invalid (Keystone mode). */
  public void expireTokens() {
    if (keystone != null) {
      keystone.expireAll();
    }
  }

  /** Stops serving; the state file already holds every change. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  private void requireStarted() {
    if (plugin == null) {
      throw new IllegalStateException("the sandbox is not started");
    }
  }
}
