package dev.vpnform.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.faults.FaultProxy.Fault;
import dev.vpnform.sandbox.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret canaries end to end: distinctive psks, a Keystone password, tokens and an application
 * credential secret go through every command, every way of passing them (environment, clouds.yaml
 * and secure.yaml, command-line flags) and the failure paths, all with {@code --debug} (the HTTP
 * wire log) where the command has it. None may ever appear in stdout, stderr, a file vpnform wrote,
 * the JVM's own System.out/System.err, or any java.util.logging / System.Logger record.
 *
 * <p>Every canary contains {@value #MARK}, so a canary that leaks truncated, escaped or quoted is
 * still caught. Tokens the sandbox's Keystone issues are random: the proxy in front of it collects
 * each one, and they are checked too.
 */
class SecretCanaryTest {
  static final String MARK = "CNRY";
  static final String PSK_ACTUAL = "CNRY-actual-psk-1a"; // on the server, returned by every GET
  static final String PSK_ENV = "CNRY-env-psk-2b";
  static final String PSK_FILE = "CNRY-file-psk-3c";
  static final String PSK_SPECIAL = "CNRY\"q\\b/é<&>'-4d"; // characters that get escaped
  static final String PSK_LITERAL = "CNRY-literal-psk-5e";
  static final String PSK_H10 = "CNRY?bad psk-6f"; // '?' and a space: H10 under huaweicloud
  static final String PASSWORD = "CNRY-password-7g";
  static final String WRONG_PASSWORD = "CNRY-wrong-password-8h";
  static final String APP_ID = "canary-app-cred";
  static final String APP_SECRET = "CNRY-app-secret-9i";
  static final String WRONG_APP_SECRET = "CNRY-wrong-app-secret-0j";
  static final String FAKE_TOKEN = "CNRY-fake-token-1k";
  static final String USER = "canary-user";

  // --- what is captured over the whole class ---------------------------------------------------

  static final List<LogRecord> LOG = new CopyOnWriteArrayList<>();
  static final ByteArrayOutputStream JVM_OUT = new ByteArrayOutputStream();
  static final ByteArrayOutputStream JVM_ERR = new ByteArrayOutputStream();
  static final Set<String> TOKENS = java.util.concurrent.ConcurrentHashMap.newKeySet();
  static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  static int runs;
  static PrintStream savedOut;
  static PrintStream savedErr;
  static Level savedLevel;
  static Handler handler;

  /**
   * The JDK HttpClient's internal debug logger: at level ALL it writes ~500 records per run, so it
   * is captured in one test ({@link #jdkHttpClientDebugRecordsHoldNoSecret}) and off elsewhere.
   */
  static final Logger JDK_HTTP_DEBUG = Logger.getLogger("jdk.internal.httpclient.debug");

  static Set<Path> cwdBefore;
  static long startMillis;

  @BeforeAll
  static void capture() throws IOException {
    startMillis = System.currentTimeMillis();
    cwdBefore = listing(Path.of("").toAbsolutePath());
    Logger root = Logger.getLogger("");
    savedLevel = root.getLevel();
    root.setLevel(Level.ALL);
    JDK_HTTP_DEBUG.setLevel(Level.OFF);
    handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            LOG.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(new Tee(savedOut, JVM_OUT), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(savedErr, JVM_ERR), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void release() throws IOException {
    System.setOut(savedOut);
    System.setErr(savedErr);
    Logger root = Logger.getLogger("");
    root.removeHandler(handler);
    root.setLevel(savedLevel);
    JDK_HTTP_DEBUG.setLevel(null);
    List<String> leaks = new ArrayList<>();
    scanInto(leaks, "the JVM's System.out", JVM_OUT.toString(StandardCharsets.UTF_8));
    scanInto(leaks, "the JVM's System.err", JVM_ERR.toString(StandardCharsets.UTF_8));
    int ours = 0;
    for (LogRecord r : LOG) {
      String text =
          r.getLoggerName()
              + " "
              + r.getMessage()
              + " "
              + java.util.Arrays.toString(r.getParameters())
              + (r.getThrown() != null ? " " + r.getThrown() : "");
      scanInto(leaks, "log record of " + r.getLoggerName(), text);
      if (r.getLoggerName() != null && r.getLoggerName().startsWith("dev.vpnform")) {
        ours++;
      }
    }
    // files vpnform may have left in the working directory
    for (Path p : listing(Path.of("").toAbsolutePath())) {
      if (!cwdBefore.contains(p) && Files.isRegularFile(p) && Files.size(p) < 10_000_000) {
        scanInto(leaks, "new file " + p, Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    Map<String, Long> byLogger = new java.util.TreeMap<>();
    for (LogRecord r : LOG) {
      byLogger.merge(String.valueOf(r.getLoggerName()), 1L, Long::sum);
    }
    System.out.println(
        "SecretCanaryTest: "
            + runs
            + " vpnform runs, "
            + TOKENS.size()
            + " Keystone tokens tracked, "
            + LOG.size()
            + " log records captured at level ALL ("
            + ours
            + " from dev.vpnform loggers): "
            + byLogger);
    assertThat(leaks).as("canaries in JVM output or logs").isEmpty();
    assertThat(ours).as("vpnform logs nothing through java.util.logging / System.Logger").isZero();
  }

  /** Top-level entries of a directory, without target/ (the build's). */
  static Set<Path> listing(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return new HashSet<>(s.filter(p -> !p.getFileName().toString().equals("target")).toList());
    }
  }

  /** Writes to two streams. */
  static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      synchronized (b) {
        b.write(c);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      a.flush();
    }
  }

  // --- per test ----------------------------------------------------------------------------------

  @TempDir Path dir;
  Sandbox sandbox;
  FaultProxy proxy;
  Map<String, String> ids = new LinkedHashMap<>();

  /** Files the test wrote (inputs that hold canaries on purpose); every other file is scanned. */
  Set<Path> inputs = new HashSet<>();

  Path configA;
  Path configB;
  Path configC;

  @BeforeEach
  void start() throws IOException {
    sandbox =
        Sandbox.builder()
            .keystone(true)
            .user(USER, PASSWORD, "admin", true)
            .applicationCredential(APP_ID, APP_SECRET, USER)
            .build()
            .start();
    for (int i = 1; i <= 3; i++) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", "cn-" + i);
      f.put("vpnservice_id", FaultMatrixTest.VPNSERVICE);
      f.put("ikepolicy_id", FaultMatrixTest.IKEPOLICY);
      f.put("ipsecpolicy_id", FaultMatrixTest.IPSECPOLICY);
      f.put("peer_address", "198.51.100." + (200 + i));
      f.put("peer_id", "198.51.100." + (200 + i));
      f.put("peer_cidrs", List.of("172.17." + i + ".0/24"));
      f.put("psk", PSK_ACTUAL);
      String id = sandbox.createConnection(f);
      sandbox.setStatus(id, "ACTIVE");
      ids.put("cn-" + i, id);
    }
    proxy = FaultProxy.in(sandbox.networkEndpoint());
    input("secrets/psk.txt", PSK_FILE + "\n");
    configA =
        input(
            "a/vpn.yaml",
            """
            connections:
              - name: cn-1
                psk: {env: VPN_PSK_ONE}
                mtu: 1450
              - name: cn-2
                psk: {file: ../secrets/psk.txt}
                mtu: 1450
              - name: cn-3
                description: cn-3 A
            """);
    configB =
        input(
            "b/vpn.yaml",
            """
            connections:
              - name: cn-1
                psk: {env: VPN_PSK_TWO}
                mtu: 1460
            """);
    configC =
        input(
            "c/vpn.yaml",
            """
            connections:
              - name: cn-3
                psk: '%s'
                mtu: 1470
            """
                .formatted(PSK_LITERAL));
  }

  @AfterEach
  void stop() throws IOException {
    TOKENS.addAll(proxy.issuedTokens());
    proxy.close();
    sandbox.close();
    // every file in the test directory that the test did not write itself was written by vpnform
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        if (!inputs.contains(p)) {
          scanInto(
              leaks, "file " + dir.relativize(p), Files.readString(p, StandardCharsets.ISO_8859_1));
        }
      }
    }
    LEAKS.addAll(leaks);
    List<String> all = List.copyOf(LEAKS);
    LEAKS.clear();
    assertThat(all).as("canaries that leaked").isEmpty();
  }

  Path input(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    inputs.add(p);
    return p;
  }

  // --- scanning -----------------------------------------------------------------------------

  static void scanInto(List<String> leaks, String where, String text) {
    if (text == null) {
      return;
    }
    int i = text.indexOf(MARK);
    if (i >= 0) {
      leaks.add(where + ": ..." + excerpt(text, i) + "...");
    }
    for (String t : TOKENS) {
      String core = t.length() > 30 ? t.substring(6, 30) : t; // past the common "gAAAAA" prefix
      int j = text.indexOf(core);
      if (j >= 0) {
        leaks.add(where + ": a Keystone token: ..." + excerpt(text, j) + "...");
      }
    }
  }

  static String excerpt(String text, int at) {
    return text.substring(Math.max(0, at - 80), Math.min(text.length(), at + 40))
        .replace("\n", "\\n");
  }

  /** Runs vpnform, then scans what it printed (tokens issued so far included). */
  Cli.Run run(Map<String, String> env, String stdin, List<String> args) {
    Cli.Run r =
        stdin == null
            ? Cli.run(env, args.toArray(String[]::new))
            : Cli.withStdin(env, stdin, args.toArray(String[]::new));
    runs++;
    TOKENS.addAll(proxy.issuedTokens());
    String label = "vpnform " + String.join(" ", args).replace(dir.toString(), "$DIR");
    scanInto(LEAKS, label + " (exit " + r.exit() + ") stdout", r.out());
    scanInto(LEAKS, label + " (exit " + r.exit() + ") stderr", r.err());
    return r;
  }

  Cli.Run expect(int exit, Map<String, String> env, List<String> args) {
    return expect(exit, env, null, args);
  }

  Cli.Run expect(int exit, Map<String, String> env, String stdin, List<String> args) {
    Cli.Run r = run(env, stdin, args);
    assertThat(r.exit()).as("%s", r).isEqualTo(exit);
    if (!args.contains("--debug")) {
      assertThat(r.err()).as("no stack trace without --debug: %s", r).doesNotContain("\tat ");
    }
    return r;
  }

  void scanFile(Path p) throws IOException {
    assertThat(p).exists();
    scanInto(LEAKS, "file " + p.getFileName(), Files.readString(p, StandardCharsets.ISO_8859_1));
  }

  static List<String> args(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  String psk(String name) {
    return (String) sandbox.connection(ids.get(name)).orElseThrow().get("psk");
  }

  // --- how the credentials come in ---------------------------------------------------------

  /** A way of passing credentials: environment variables, extra arguments. */
  record Auth(String name, Map<String, String> env, List<String> args) {}

  Map<String, String> baseEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("VPN_PSK_ONE", PSK_ENV);
    env.put("VPN_PSK_TWO", PSK_SPECIAL);
    env.put("VPN_PSK_H10", PSK_H10);
    return env;
  }

  String authUrl() {
    return proxy.url() + "/identity/v3";
  }

  /** A real token from the sandbox's Keystone, obtained through the proxy (so it is tracked). */
  String realToken() throws IOException {
    String body =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
         "domain": {"name": "Default"}, "password": "%s"}}},
         "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
        """
            .formatted(USER, PASSWORD);
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(authUrl() + "/auth/tokens"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(201);
      String token = r.headers().firstValue("X-Subject-Token").orElseThrow();
      TOKENS.add(token);
      return token;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  Path clouds(String cloudsYaml, String secureYaml) throws IOException {
    Path c = input("os/clouds.yaml", cloudsYaml);
    if (secureYaml != null) {
      input("os/secure.yaml", secureYaml);
    } else {
      Files.deleteIfExists(dir.resolve("os/secure.yaml"));
    }
    return c;
  }

  Auth passwordEnv(String password) {
    Map<String, String> env = new HashMap<>();
    env.put("OS_AUTH_URL", authUrl());
    env.put("OS_USERNAME", USER);
    env.put("OS_PASSWORD", password);
    env.put("OS_PROJECT_NAME", "admin");
    env.put("OS_USER_DOMAIN_NAME", "Default");
    env.put("OS_PROJECT_DOMAIN_NAME", "Default");
    return new Auth("password via OS_PASSWORD", env, List.of());
  }

  Auth passwordFlags(String password) {
    return new Auth(
        "password via --os-password",
        Map.of(),
        List.of(
            "--os-auth-url",
            authUrl(),
            "--os-username",
            USER,
            "--os-password",
            password,
            "--os-project-name",
            "admin",
            "--os-user-domain-name",
            "Default",
            "--os-project-domain-name",
            "Default"));
  }

  Auth passwordSecureYaml(String password) throws IOException {
    Path c =
        clouds(
            """
            clouds:
              canary:
                auth:
                  auth_url: %s
                  username: %s
                  project_name: admin
                  user_domain_name: Default
                  project_domain_name: Default
                region_name: RegionOne
            """
                .formatted(authUrl(), USER),
            """
            clouds:
              canary:
                auth:
                  password: '%s'
            """
                .formatted(password));
    return new Auth(
        "password in secure.yaml",
        Map.of("OS_CLIENT_CONFIG_FILE", c.toString(), "OS_CLOUD", "canary"),
        List.of());
  }

  Auth passwordCloudsYaml(String password) throws IOException {
    Path c =
        clouds(
            """
            clouds:
              canary:
                auth:
                  auth_url: %s
                  username: %s
                  password: '%s'
                  project_name: admin
                  user_domain_name: Default
                  project_domain_name: Default
            """
                .formatted(authUrl(), USER, password),
            null);
    return new Auth(
        "password in clouds.yaml",
        Map.of("OS_CLIENT_CONFIG_FILE", c.toString(), "OS_CLOUD", "canary"),
        List.of());
  }

  Auth appCredEnv(String secret) {
    return new Auth(
        "application credential via OS_APPLICATION_CREDENTIAL_SECRET",
        Map.of(
            "OS_AUTH_TYPE",
            "v3applicationcredential",
            "OS_AUTH_URL",
            authUrl(),
            "OS_APPLICATION_CREDENTIAL_ID",
            APP_ID,
            "OS_APPLICATION_CREDENTIAL_SECRET",
            secret),
        List.of());
  }

  Auth appCredFlags(String secret) {
    return new Auth(
        "application credential via --os-application-credential-secret",
        Map.of(),
        List.of(
            "--os-auth-type",
            "v3applicationcredential",
            "--os-auth-url",
            authUrl(),
            "--os-application-credential-id",
            APP_ID,
            "--os-application-credential-secret",
            secret));
  }

  Auth appCredSecureYaml(String secret) throws IOException {
    Path c =
        clouds(
            """
            clouds:
              canary:
                auth_type: v3applicationcredential
                auth:
                  auth_url: %s
                  application_credential_id: %s
            """
                .formatted(authUrl(), APP_ID),
            """
            clouds:
              canary:
                auth:
                  application_credential_secret: '%s'
            """
                .formatted(secret));
    return new Auth(
        "application credential secret in secure.yaml",
        Map.of("OS_CLIENT_CONFIG_FILE", c.toString(), "OS_CLOUD", "canary"),
        List.of());
  }

  Auth tokenEnvDirect(String token) {
    return new Auth(
        "token via OS_TOKEN against OS_ENDPOINT",
        Map.of("OS_AUTH_TYPE", "token", "OS_TOKEN", token, "OS_ENDPOINT", proxy.url()),
        List.of());
  }

  Auth tokenFlagKeystone(String token) {
    return new Auth(
        "token via --os-token, re-scoped by Keystone",
        Map.of(),
        List.of(
            "--os-auth-type",
            "token",
            "--os-auth-url",
            authUrl(),
            "--os-token",
            token,
            "--os-project-name",
            "admin",
            "--os-project-domain-name",
            "Default"));
  }

  Auth tokenSecureYaml(String token) throws IOException {
    Path c =
        clouds(
            """
            clouds:
              canary:
                auth_type: token
                auth:
                  auth_url: %s
                  project_name: admin
                  project_domain_name: Default
            """
                .formatted(authUrl()),
            """
            clouds:
              canary:
                auth:
                  token: '%s'
            """
                .formatted(token));
    return new Auth(
        "token in secure.yaml",
        Map.of("OS_CLIENT_CONFIG_FILE", c.toString(), "OS_CLOUD", "canary"),
        List.of());
  }

  Map<String, String> env(Auth a) {
    Map<String, String> env = baseEnv();
    env.putAll(a.env());
    return env;
  }

  // --- every command, every way in ---------------------------------------------------------

  /**
   * validate, plan (text, json, diff, markdown, -o, --markdown-out), show (text, json, diff,
   * markdown), apply FILE, apply --auto-approve (with a Markdown report), interactive apply, export
   * (stdout, -o, --name), all with --debug where the command has it; each apply really sends a
   * canary psk.
   */
  void everyCommand(Auth auth) throws IOException {
    Map<String, String> env = env(auth);
    List<String> a = auth.args();
    String cfgA = configA.toString();
    expect(0, env, List.of("validate", cfgA));
    expect(0, env, List.of("validate", "--debug", "--format", "json", cfgA));
    expect(0, env, args(List.of("plan", "--debug"), args(a, List.of(cfgA))));
    expect(0, env, args(List.of("plan", "--debug", "--format", "json"), args(a, List.of(cfgA))));
    expect(0, env, args(List.of("plan", "--debug", "--format", "diff"), args(a, List.of(cfgA))));
    Path report = dir.resolve("out/plan.md");
    expect(
        0,
        env,
        args(
            List.of(
                "plan",
                "--format",
                "markdown",
                "--markdown-out",
                report.toString(),
                "--events-out",
                dir.resolve("out/plan-events.ndjson").toString()),
            args(a, List.of(cfgA))));
    expect(
        0,
        env,
        args(
            List.of("plan", "--target", "name:cn-*", "--exclude", "cn-3"), args(a, List.of(cfgA))));
    if (a.isEmpty()) {
      // A project without a cloud authenticates from the OS_* variables, canaries included.
      Path projectsFile =
          input(
              "vpnform.projects.yaml",
              "format: 1\nprojects:\n  - name: a\n    paths: ["
                  + dir.relativize(configA.getParent())
                  + "]\n");
      expect(
          0,
          env,
          List.of("projects", "--format", "json", "--projects-file", projectsFile.toString()));
      expect(
          0,
          env,
          List.of(
              "plan",
              "--all-projects",
              "--projects-file",
              projectsFile.toString(),
              "--format",
              "markdown",
              "--markdown-out",
              dir.resolve("out/projects.md").toString()));
    }
    expect(0, env, List.of("completion", "bash"));
    Path saved = dir.resolve("out/saved-plan.json");
    Files.createDirectories(saved.getParent());
    Files.deleteIfExists(saved);
    expect(
        0, env, args(List.of("plan", "--debug", "-o", saved.toString()), args(a, List.of(cfgA))));
    scanFile(saved);
    expect(0, env, List.of("show", saved.toString()));
    expect(0, env, List.of("show", "--debug", "--format", "json", saved.toString()));
    expect(0, env, List.of("show", "--format", "diff", saved.toString()));
    expect(
        0,
        env,
        List.of(
            "show",
            "--format",
            "markdown",
            "--markdown-out",
            dir.resolve("out/show.md").toString(),
            saved.toString()));
    Cli.Run applied =
        expect(0, env, args(List.of("apply", "--debug"), args(a, List.of(saved.toString()))));
    // the secrets really went through the wire log, masked
    assertThat(applied.err())
        .contains("DEBUG > PUT ")
        .contains("DEBUG > {\"ipsec_site_connection\":{\"psk\":\"(sensitive value)\"")
        .contains("\"psk\":\"(sensitive value)\",") // the actual psk in GET answers
        .contains("DEBUG > X-Auth-Token: (sensitive value)");
    if (!auth.name().contains("OS_ENDPOINT")) {
      assertThat(applied.err())
          .contains("DEBUG > POST " + authUrl() + "/auth/tokens")
          .containsIgnoringCase("DEBUG < X-Subject-Token: (sensitive value)");
    }
    assertThat(psk("cn-1")).isEqualTo(PSK_ENV);
    assertThat(psk("cn-2")).isEqualTo(PSK_FILE);
    expect(
        0,
        env,
        args(
            List.of(
                "apply",
                "--debug",
                "--auto-approve",
                "--format",
                "markdown",
                "--markdown-out",
                dir.resolve("out/apply.md").toString(),
                "--events-out",
                dir.resolve("out/apply-events.ndjson").toString()),
            args(a, List.of(configB.toString()))));
    assertThat(psk("cn-1")).isEqualTo(PSK_SPECIAL);
    Cli.Run interactive =
        expect(
            0,
            env,
            "yes\n",
            args(List.of("apply", "--debug"), args(a, List.of(configC.toString()))));
    assertThat(interactive.out()).contains("Only 'yes' will be accepted");
    assertThat(psk("cn-3")).isEqualTo(PSK_LITERAL);
    expect(0, env, args(List.of("export", "--debug", "--all"), a));
    Path exported = dir.resolve("out/exported.yaml");
    expect(0, env, args(List.of("export", "--debug", "--all", "-o", exported.toString()), a));
    scanFile(exported);
    expect(
        0, env, args(List.of("export", "--debug", "--name", "cn-1", "--id", ids.get("cn-2")), a));
  }

  @Test
  void passwordFromTheEnvironment() throws IOException {
    everyCommand(passwordEnv(PASSWORD));
  }

  static final java.util.regex.Pattern CREATED =
      java.util.regex.Pattern.compile("(?m)^\\[\\d+/\\d+\\] (\\S+) \\(([0-9a-f-]{36})\\): (\\w+)");

  /** The id apply reported for {@code name} with {@code outcome}. */
  static String idOf(Cli.Run apply, String name, String outcome) {
    java.util.regex.Matcher m = CREATED.matcher(apply.out());
    while (m.find()) {
      if (m.group(1).equals(name) && m.group(3).equals(outcome)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no '" + outcome + "' line for " + name + " in " + apply);
  }

  /**
   * Creates, replaces and deletes: every format of a plan that makes them (the create's and the
   * replace's POST bodies hold a canary psk; the delete shows the live connection, whose psk is the
   * server's canary), the saved plan, its POSTs in the {@code --debug} wire log, a refused POST
   * whose error quotes the body and token, and POSTs whose answer is lost (the server committed).
   */
  @Test
  void createsReplacesAndDeletes() throws IOException {
    Map<String, String> env = env(passwordEnv(PASSWORD));
    String body =
        """
          - name: %s
            vpnservice: dc1-vpn
            ikepolicy: ike-default
            ipsecpolicy_id: %s
            peer_address: 198.51.100.%d
            peer_id: 198.51.100.%d
            peer_cidrs: [172.18.%d.0/24]
            psk: {env: VPN_PSK_TWO}
        """;
    Path every =
        input(
            "every/vpn.yaml",
            "connections:\n"
                + body.formatted("cn-new", FaultMatrixTest.IPSECPOLICY, 91, 91, 91)
                + """
                  - name: cn-3
                    vpnservice_id: %s
                    ikepolicy_id: 50000000-0000-4000-8000-000000000002
                    ipsecpolicy_id: %s
                    peer_address: 198.51.100.203
                    peer_id: 198.51.100.203
                    peer_cidrs: [172.17.3.0/24]
                    psk: {file: ../secrets/psk.txt}
                  - name: cn-2
                    state: absent
                """
                    .formatted(FaultMatrixTest.VPNSERVICE, FaultMatrixTest.IPSECPOLICY));
    String cfg = every.toString();
    Cli.Run plan = expect(0, env, List.of("plan", "--debug", cfg));
    assertThat(plan.out())
        .contains("+ cn-new", "-/+ cn-3", "- cn-2", "+ psk: (sensitive value)")
        .contains("- psk: (sensitive value)")
        .contains("Plan: 2 to add, 0 to change, 2 to destroy.");
    expect(0, env, List.of("plan", "--format", "json", cfg));
    expect(0, env, List.of("plan", "--format", "diff", cfg));
    expect(
        0,
        env,
        List.of(
            "plan",
            "--format",
            "markdown",
            "--markdown-out",
            dir.resolve("out/every.md").toString(),
            "--events-out",
            dir.resolve("out/every-events.ndjson").toString(),
            cfg));
    Path saved = dir.resolve("out/every.plan");
    expect(0, env, List.of("plan", "-o", saved.toString(), cfg));
    scanFile(saved);
    for (String format : List.of("text", "json", "diff", "markdown")) {
      expect(0, env, List.of("show", "--debug", "--format", format, saved.toString()));
    }
    Cli.Run applied =
        expect(
            0,
            env,
            List.of(
                "apply",
                "--debug",
                "--events-out",
                dir.resolve("out/apply-every.ndjson").toString(),
                "--markdown-out",
                dir.resolve("out/apply-every.md").toString(),
                saved.toString()));
    assertThat(applied.err())
        .contains("DEBUG > POST ")
        .contains("DEBUG > DELETE ")
        .containsPattern(
            "DEBUG > \\{\"ipsec_site_connection\":\\{[^\\n]*\"psk\":\"\\(sensitive value\\)\"");
    assertThat(applied.out())
        .contains("Apply complete! Resources: 2 added, 0 changed, 2 destroyed.");
    String created = idOf(applied, "cn-new", "created");
    assertThat(sandbox.connection(created).orElseThrow()).containsEntry("psk", PSK_SPECIAL);
    String replaced = idOf(applied, "cn-3", "replaced");
    assertThat(sandbox.connection(replaced).orElseThrow()).containsEntry("psk", PSK_FILE);

    // A refused POST whose error quotes the body (the psk) and the token.
    Path refused =
        input(
            "refused/vpn.yaml",
            "connections:\n"
                + body.formatted("cn-refused", FaultMatrixTest.IPSECPOLICY, 92, 92, 92));
    proxy.rule(r -> r.method().equals("POST") && r.isNetwork() ? Fault.echo400() : Fault.forward());
    Cli.Run no = expect(1, env, List.of("apply", "--debug", "--auto-approve", refused.toString()));
    assertThat(no.out()).contains("cn-refused: failed: ").contains("could not understand");
    expect(1, env, List.of("apply", "--auto-approve", "--format", "markdown", refused.toString()));

    // The server commits the POST, and its answer is lost: found by name, never sent twice.
    for (Fault lost : List.of(Fault.statusAfter(500), Fault.dropAfter())) {
      String name = lost.kind() == FaultProxy.Kind.DROP_AFTER ? "cn-dropped" : "cn-500";
      Path p =
          input(
              name + "/vpn.yaml",
              "connections:\n" + body.formatted(name, FaultMatrixTest.IPSECPOLICY, 93, 93, 93));
      proxy.resetAttempts();
      proxy.rule(
          r -> r.method().equals("POST") && r.isNetwork() && r.nth() == 1 ? lost : Fault.forward());
      Cli.Run found = expect(0, env, List.of("apply", "--debug", "--auto-approve", p.toString()));
      assertThat(found.out()).as(found.toString()).contains(name).contains("found it by name");
      proxy.rule(null);
      expect(0, env, List.of("plan", "--detailed-exitcode", p.toString()));
    }
  }

  /**
   * The whole graph: plans that create, replace and delete IKE policies, IPsec policies, endpoint
   * groups and VPN services beside a connection whose psk is a canary, in every format, saved,
   * shown and applied with the wire log, events and the Markdown report; then export --all, which
   * holds every live connection (each with the server's canary psk).
   */
  @Test
  void theWholeGraph() throws IOException {
    Map<String, String> env = env(passwordEnv(PASSWORD));
    String site =
        """
        ikepolicies:
          - name: cn-ike
            auth_algorithm: sha256
            encryption_algorithm: aes-256
            ike_version: v2
        ipsecpolicies:
          - name: cn-ipsec
            auth_algorithm: sha256
            encryption_algorithm: aes-256
        endpoint_groups:
          - name: cn-local
            type: subnet
            endpoints: [dc1-app]
          - name: cn-peer
            type: cidr
            endpoints: [%s]
        vpnservices:
          - name: cn-vpn
            router: sandbox-router
        connections:
          - name: cn-graph
            vpnservice: cn-vpn
            ikepolicy: cn-ike
            ipsecpolicy: cn-ipsec
            local_ep_group: cn-local
            peer_ep_group: cn-peer
            peer_address: 198.51.100.77
            peer_id: 198.51.100.77
            psk: {env: VPN_PSK_TWO}
        """;
    for (String cidr : List.of("172.19.1.0/24", "172.19.2.0/24")) {
      Path cfg = input("graph-" + cidr.charAt(7) + "/vpn.yaml", site.formatted(cidr));
      for (String format : List.of("text", "json", "diff")) {
        expect(0, env, List.of("plan", "--debug", "--format", format, cfg.toString()));
      }
      Path saved = dir.resolve("out/graph-" + cidr.charAt(7) + ".plan");
      Cli.Run plan =
          expect(
              0,
              env,
              List.of(
                  "plan",
                  "-o",
                  saved.toString(),
                  "--markdown-out",
                  dir.resolve("out/graph-plan-" + cidr.charAt(7) + ".md").toString(),
                  "--events-out",
                  dir.resolve("out/graph-plan-" + cidr.charAt(7) + ".ndjson").toString(),
                  cfg.toString()));
      assertThat(plan.out()).contains("# endpoint_group \"cn-peer\" ");
      scanFile(saved);
      for (String format : List.of("text", "json", "diff", "markdown")) {
        expect(0, env, List.of("show", "--debug", "--format", format, saved.toString()));
      }
      Cli.Run applied =
          expect(
              0,
              env,
              List.of(
                  "apply",
                  "--debug",
                  "--events-out",
                  dir.resolve("out/graph-apply-" + cidr.charAt(7) + ".ndjson").toString(),
                  "--markdown-out",
                  dir.resolve("out/graph-apply-" + cidr.charAt(7) + ".md").toString(),
                  saved.toString()));
      assertThat(applied.out()).contains("endpoint_group.cn-peer: ", "Apply complete!");
      if (applied.out().contains("cn-graph (")) {
        // settled, as an agent would, so that the next apply need not wait
        java.util.regex.Matcher id =
            java.util.regex.Pattern.compile("cn-graph \\(([0-9a-f-]{36})\\)")
                .matcher(applied.out());
        assertThat(id.find()).isTrue();
        sandbox.setStatus(id.group(1), "ACTIVE");
      }
    }
    Cli.Run export = expect(0, env, List.of("export", "--all", "--debug"));
    assertThat(export.out()).contains("name: cn-ike", "vpnservice: cn-vpn", "cn-1");
    Cli.Run gone =
        expect(
            0,
            env,
            List.of(
                "apply",
                "--auto-approve",
                "--format",
                "markdown",
                input(
                        "graph-gone/vpn.yaml",
                        site.formatted("172.19.2.0/24")
                            .replaceAll("(?m)^(  - name: .*)$", "$1\n    state: absent"))
                    .toString()));
    assertThat(gone.out()).contains("vpnservice \"cn-vpn\"");
  }

  @Test
  void jdkHttpClientDebugRecordsHoldNoSecret() throws IOException {
    int before = LOG.size();
    JDK_HTTP_DEBUG.setLevel(Level.ALL);
    try {
      everyCommand(tokenFlagKeystone(realToken()));
    } finally {
      JDK_HTTP_DEBUG.setLevel(Level.OFF);
    }
    assertThat(LOG.subList(before, LOG.size()))
        .as("the JDK's own debug records were captured")
        .anyMatch(r -> "jdk.internal.httpclient.debug".equals(r.getLoggerName()));
  }

  @Test
  void passwordFromFlags() throws IOException {
    everyCommand(passwordFlags(PASSWORD));
  }

  @Test
  void passwordFromSecureYaml() throws IOException {
    everyCommand(passwordSecureYaml(PASSWORD));
  }

  @Test
  void passwordFromCloudsYaml() throws IOException {
    everyCommand(passwordCloudsYaml(PASSWORD));
  }

  @Test
  void applicationCredentialFromTheEnvironment() throws IOException {
    everyCommand(appCredEnv(APP_SECRET));
  }

  @Test
  void applicationCredentialFromFlags() throws IOException {
    everyCommand(appCredFlags(APP_SECRET));
  }

  @Test
  void applicationCredentialFromSecureYaml() throws IOException {
    everyCommand(appCredSecureYaml(APP_SECRET));
  }

  @Test
  void tokenFromTheEnvironmentAgainstAnEndpoint() throws IOException {
    everyCommand(tokenEnvDirect(realToken()));
  }

  @Test
  void tokenFromAFlagThroughKeystone() throws IOException {
    everyCommand(tokenFlagKeystone(realToken()));
  }

  @Test
  void tokenFromSecureYaml() throws IOException {
    everyCommand(tokenSecureYaml(realToken()));
  }

  @Test
  void demoWithEveryCanaryInTheEnvironment() {
    Map<String, String> env = env(passwordEnv(PASSWORD));
    env.put("OS_APPLICATION_CREDENTIAL_SECRET", APP_SECRET);
    env.put("OS_TOKEN", FAKE_TOKEN);
    Path samples = Path.of("..", "samples", "openstack");
    if (!Files.isDirectory(samples)) {
      samples = Path.of("samples", "openstack");
    }
    expect(0, env, List.of("demo", "--format", "json", samples.toString()));
  }

  // --- failure paths ------------------------------------------------------------------------

  @Test
  void wrongPasswordIs401Everywhere() throws IOException {
    for (Auth auth :
        List.of(
            passwordEnv(WRONG_PASSWORD),
            passwordFlags(WRONG_PASSWORD),
            passwordSecureYaml(WRONG_PASSWORD),
            passwordCloudsYaml(WRONG_PASSWORD))) {
      Map<String, String> env = env(auth);
      Cli.Run plan =
          expect(
              1,
              env,
              args(List.of("plan", "--debug"), args(auth.args(), List.of(configA.toString()))));
      assertThat(plan.err()).as(auth.name()).contains("401");
      expect(
          1,
          env,
          args(List.of("apply", "--auto-approve"), args(auth.args(), List.of(configA.toString()))));
      expect(1, env, args(List.of("export", "--debug", "--all"), auth.args()));
    }
  }

  @Test
  void wrongApplicationCredentialSecretIs401() throws IOException {
    for (Auth auth :
        List.of(
            appCredEnv(WRONG_APP_SECRET),
            appCredFlags(WRONG_APP_SECRET),
            appCredSecureYaml(WRONG_APP_SECRET))) {
      Cli.Run plan =
          expect(
              1,
              env(auth),
              args(List.of("plan", "--debug"), args(auth.args(), List.of(configA.toString()))));
      assertThat(plan.err()).as(auth.name()).contains("401");
    }
  }

  @Test
  void anInvalidTokenIs401() throws IOException {
    for (Auth auth :
        List.of(
            tokenEnvDirect(FAKE_TOKEN),
            tokenFlagKeystone(FAKE_TOKEN),
            tokenSecureYaml(FAKE_TOKEN))) {
      Cli.Run plan =
          expect(
              1,
              env(auth),
              args(List.of("plan", "--debug"), args(auth.args(), List.of(configA.toString()))));
      assertThat(plan.err()).as(auth.name()).contains("401");
      expect(
          1,
          env(auth),
          args(List.of("apply", "--auto-approve"), args(auth.args(), List.of(configA.toString()))));
    }
  }

  @Test
  void aServer400ThatEchoesTheRequest() throws IOException {
    // the PUT's body (with the psk) and its X-Auth-Token come back in the error message
    proxy.rule(r -> r.isPut() ? Fault.echo400() : Fault.forward());
    for (Auth auth : List.of(passwordEnv(PASSWORD), tokenEnvDirect(realToken()))) {
      Cli.Run apply =
          expect(
              1,
              env(auth),
              args(
                  List.of("apply", "--debug", "--auto-approve"),
                  args(auth.args(), List.of(configB.toString()))));
      assertThat(apply.out()).contains("failed: ").contains("400");
      apply =
          expect(
              1,
              env(auth),
              args(
                  List.of("apply", "--auto-approve"),
                  args(auth.args(), List.of(configA.toString()))));
      assertThat(apply.out()).contains("could not understand");
    }
    // Keystone's token request (password, secret or token) comes back in the error
    proxy.rule(r -> r.isKeystoneTokenPost() ? Fault.echo400() : Fault.forward());
    for (Auth auth :
        List.of(
            passwordEnv(PASSWORD),
            appCredFlags(APP_SECRET),
            tokenFlagKeystone(realTokenDirect()),
            passwordSecureYaml(PASSWORD))) {
      Cli.Run plan =
          expect(
              1,
              env(auth),
              args(List.of("plan", "--debug"), args(auth.args(), List.of(configA.toString()))));
      assertThat(plan.err()).contains("could not understand");
      expect(1, env(auth), args(List.of("plan"), args(auth.args(), List.of(configA.toString()))));
    }
    // a list request's token comes back
    proxy.rule(r -> r.isNetwork() && r.method().equals("GET") ? Fault.echo400() : Fault.forward());
    for (Auth auth : List.of(passwordEnv(PASSWORD), tokenEnvDirect(realTokenDirect()))) {
      Cli.Run plan =
          expect(
              1,
              env(auth),
              args(List.of("plan", "--debug"), args(auth.args(), List.of(configA.toString()))));
      assertThat(plan.err()).contains("could not understand");
      expect(1, env(auth), args(List.of("export", "--all"), auth.args()));
    }
  }

  /** A token obtained while the proxy may be injecting faults: straight from the sandbox. */
  String realTokenDirect() throws IOException {
    FaultProxy.Rule none = r -> Fault.forward();
    // the proxy rule is global: take the token through a second, clean proxy
    try (FaultProxy clean = FaultProxy.in(sandbox.networkEndpoint())) {
      clean.rule(none);
      String body =
          """
          {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
           "domain": {"name": "Default"}, "password": "%s"}}},
           "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
          """
              .formatted(USER, PASSWORD);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(clean.url() + "/identity/v3/auth/tokens"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      String token = r.headers().firstValue("X-Subject-Token").orElseThrow();
      TOKENS.add(token);
      return token;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Test
  void keystoneAnswering500ToEveryAttempt() {
    proxy.rule(r -> r.isKeystoneTokenPost() ? Fault.statusBefore(500) : Fault.forward());
    Auth auth = passwordEnv(PASSWORD);
    Cli.Run plan = expect(1, env(auth), List.of("plan", "--debug", configA.toString()));
    assertThat(plan.err()).contains("after 5 attempts");
  }

  @Test
  void aPskThatFailsH10UnderHuaweicloud() throws IOException {
    Path h10 =
        input(
            "h10/vpn.yaml",
            """
            connections:
              - name: cn-1
                psk: {env: VPN_PSK_H10}
                mtu: 1450
            """);
    Path h10Literal =
        input(
            "h10-literal/vpn.yaml",
            """
            connections:
              - name: cn-1
                psk: '%s'
            """
                .formatted(PSK_H10));
    Auth auth = passwordEnv(PASSWORD);
    for (Path p : List.of(h10, h10Literal)) {
      Cli.Run v =
          expect(1, env(auth), List.of("validate", "--profile", "huaweicloud", p.toString()));
      assertThat(v.all()).contains("H10");
      expect(
          1,
          env(auth),
          List.of("validate", "--profile", "huaweicloud", "--format", "json", p.toString()));
      expect(1, env(auth), List.of("plan", "--debug", "--profile", "huaweicloud", p.toString()));
      expect(
          1,
          env(auth),
          List.of("plan", "--debug", "--profile", "huaweicloud", "--format", "json", p.toString()));
      expect(
          1,
          env(auth),
          List.of("apply", "--debug", "--auto-approve", "--profile", "huaweicloud", p.toString()));
      Path out = dir.resolve("out/h10-plan.json");
      expect(
          1,
          env(auth),
          List.of("plan", "--profile", "huaweicloud", "-o", out.toString(), p.toString()));
    }
    assertThat(psk("cn-1")).isEqualTo(PSK_ACTUAL);
  }

  @Test
  void anUnreachableEndpoint() {
    Map<String, String> env = baseEnv();
    env.putAll(
        Map.of(
            "OS_AUTH_TYPE", "token", "OS_TOKEN", FAKE_TOKEN, "OS_ENDPOINT", "http://127.0.0.1:9"));
    expect(1, env, List.of("plan", "--debug", "--timeout", "1", configA.toString()));
    expect(
        1,
        env,
        List.of("apply", "--debug", "--auto-approve", "--timeout", "1", configB.toString()));
    Map<String, String> pw = baseEnv();
    pw.putAll(passwordEnv(PASSWORD).env());
    pw.put("OS_AUTH_URL", "http://127.0.0.1:9/identity/v3");
    expect(
        1, pw, List.of("export", "--debug", "--all", "--timeout", "1", "--os-password", PASSWORD));
    // Credentials written into the URLs themselves: never used, never shown.
    Map<String, String> inUrl = baseEnv();
    inUrl.putAll(passwordEnv(PASSWORD).env());
    inUrl.put("OS_AUTH_URL", "http://admin:" + PASSWORD + "@127.0.0.1:9/identity/v3");
    Cli.Run r = expect(1, inUrl, List.of("plan", "--debug", "--timeout", "1", configA.toString()));
    assertThat(r.err()).contains("cannot connect to http://127.0.0.1:9");
    Map<String, String> tokenInUrl = baseEnv();
    tokenInUrl.putAll(
        Map.of(
            "OS_AUTH_TYPE",
            "token",
            "OS_TOKEN",
            FAKE_TOKEN,
            "OS_ENDPOINT",
            "http://x:" + FAKE_TOKEN + "@127.0.0.1:9"));
    expect(1, tokenInUrl, List.of("plan", "--debug", "--timeout", "1", configA.toString()));
  }

  @Test
  void configurationErrorsNearAPsk() throws IOException {
    Map<String, String> env = env(passwordEnv(PASSWORD));
    List<String> broken =
        List.of(
            "connections:\n  - name: cn-1\n    psk: \"" + PSK_LITERAL + "\n    mtu: 1400\n",
            "connections:\n  - name: cn-1\n    psk: " + PSK_LITERAL + ": x\n",
            "connections:\n  - name: cn-1\n    psk: [" + PSK_LITERAL + "]\n",
            "connections:\n  - name: cn-1\n    psk: \"" + PSK_LITERAL + "\\x\"\n",
            "connections:\n  - name: cn-1\n    psk: "
                + PSK_LITERAL
                + "\n    psk: "
                + PSK_FILE
                + "\n",
            "connections:\n  - name: cn-1\n    pks: " + PSK_LITERAL + "\n",
            "connections:\n  - name: cn-1\n    psk: {env: VPN_PSK_ONE, value: "
                + PSK_LITERAL
                + "}\n",
            "connections:\n  - name: cn-1\n    psk: !!binary Q05SWQ==\n",
            "connections:\n  - name: cn-1\n    psk: {env: NOT_SET_ANYWHERE}\n",
            "connections:\n  - name: cn-1\n    psk: {file: missing.txt}\n");
    int i = 0;
    for (String yaml : broken) {
      Path p = input("broken-" + i++ + "/vpn.yaml", yaml);
      expect(1, env, List.of("validate", p.toString()));
      expect(1, env, List.of("validate", "--format", "json", p.toString()));
      expect(1, env, List.of("plan", "--debug", p.toString()));
      expect(1, env, List.of("plan", "--format", "json", p.toString()));
      expect(
          1,
          env,
          List.of(
              "plan",
              "--format",
              "markdown",
              "--markdown-out",
              p.resolveSibling("plan.md").toString(),
              p.toString()));
      expect(1, env, List.of("apply", "--debug", "--auto-approve", p.toString()));
    }
  }

  @Test
  void aPlanWithALiteralPskIsNotSaved() {
    Map<String, String> env = env(passwordEnv(PASSWORD));
    Path out = dir.resolve("out/literal-plan.json");
    Cli.Run r =
        expect(1, env, List.of("plan", "--debug", "-o", out.toString(), configC.toString()));
    assertThat(r.err()).contains("Cannot save the plan");
  }

  @Test
  void aSavedPlanEditedToHoldAPsk() throws IOException {
    Map<String, String> env = env(passwordEnv(PASSWORD));
    Path saved = dir.resolve("out/edited.json");
    Files.createDirectories(saved.getParent());
    expect(0, env, List.of("plan", "-o", saved.toString(), configA.toString()));
    String json = Files.readString(saved);
    assertThat(json).contains("\"env\" : \"VPN_PSK_ONE\"");
    Path edited =
        input(
            "edited/plan.json",
            json.replace("\"env\" : \"VPN_PSK_ONE\"", "\"value\" : \"" + PSK_LITERAL + "\""));
    Path edited2 =
        input(
            "edited2/plan.json",
            json.replaceFirst("\"psk\" : \\{[^}]*\\}", "\"psk\" : \"" + PSK_LITERAL + "\""));
    Path edited3 =
        input(
            "edited3/plan.json",
            json.replaceFirst("\"psk\" : \\{", "\"psk\" : \"" + PSK_LITERAL + "\", \"x\": {"));
    for (Path p : List.of(edited, edited2, edited3)) {
      expect(1, env, List.of("apply", "--debug", p.toString()));
      expect(1, env, List.of("show", "--debug", p.toString()));
      expect(1, env, List.of("show", "--format", "json", p.toString()));
    }
    assertThat(psk("cn-1")).isEqualTo(PSK_ACTUAL);
  }

  @Test
  void brokenCloudsYamlAndSecureYaml() throws IOException {
    List<String[]> cases =
        List.of(
            new String[] {
              "auth:\n      auth_url: "
                  + authUrl()
                  + "\n      username: u\n      password: \""
                  + PASSWORD
                  + "\n",
              null
            },
            new String[] {
              "auth:\n      auth_url: "
                  + authUrl()
                  + "\n      username: u\n      password: ["
                  + PASSWORD
                  + "]\n",
              null
            },
            new String[] {
              "auth:\n      auth_url: "
                  + authUrl()
                  + "\n      username: u\n      password: "
                  + PASSWORD
                  + ": x\n",
              null
            },
            new String[] {
              "auth:\n      auth_url: " + authUrl() + "\n      username: u\n",
              "      password: \"" + PASSWORD + "\n"
            },
            new String[] {
              "auth:\n      auth_url: " + authUrl() + "\n      username: u\n",
              "      password: {" + PASSWORD + ": 1}\n"
            },
            new String[] {
              "auth:\n      auth_url: "
                  + authUrl()
                  + "\n      passwrd: "
                  + PASSWORD
                  + "\n      username: u\n",
              null
            },
            new String[] {
              "auth:\n      auth_url: " + authUrl() + "\n      token: [" + FAKE_TOKEN + "]\n", null
            },
            new String[] {
              "auth:\n      auth_url: "
                  + authUrl()
                  + "\n      application_credential_id: x\n      application_credential_secret: \""
                  + APP_SECRET
                  + "\n",
              null
            });
    for (String[] c : cases) {
      Path cl =
          clouds(
              "clouds:\n  canary:\n    " + c[0],
              c[1] == null ? null : "clouds:\n  canary:\n    auth:\n" + c[1]);
      Map<String, String> env = baseEnv();
      env.put("OS_CLIENT_CONFIG_FILE", cl.toString());
      env.put("OS_CLOUD", "canary");
      expect(1, env, List.of("plan", "--debug", configA.toString()));
      expect(1, env, List.of("export", "--all"));
    }
  }

  @Test
  void usageErrorsWithASecretBesideThem() {
    Map<String, String> env = baseEnv();
    expect(ExitCode.USAGE, env, List.of("validate", "--os-password", PASSWORD, configA.toString()));
    expect(
        ExitCode.USAGE,
        env,
        List.of("apply", "--parallelism", "0", "--os-password", PASSWORD, configA.toString()));
    expect(
        ExitCode.USAGE,
        env,
        List.of("plan", "--os-password", PASSWORD, "--timeout", "soon", configA.toString()));
    expect(
        ExitCode.USAGE,
        env,
        List.of("plan", "--os-token", FAKE_TOKEN, "--format", "yaml", configA.toString()));
    expect(
        ExitCode.USAGE,
        env,
        List.of(
            "export", "--os-application-credential-secret", APP_SECRET, "--all", "--name", "x"));
    expect(ExitCode.USAGE, env, List.of("plan", "--os-pasword", PASSWORD, configA.toString()));
  }

  @Test
  void unknownOptionsWithAnAttachedSecret() {
    Map<String, String> env = baseEnv();
    expect(
        ExitCode.USAGE, env, List.of("validate", "--os-password=" + PASSWORD, configA.toString()));
    expect(ExitCode.USAGE, env, List.of("show", "--os-token=" + FAKE_TOKEN, configA.toString()));
    expect(
        ExitCode.USAGE, env, List.of("demo", "--os-application-credential-secret=" + APP_SECRET));
    expect(ExitCode.USAGE, env, List.of("plan", "--os-pasword=" + PASSWORD, configA.toString()));
    expect(
        ExitCode.USAGE,
        env,
        List.of(
            "apply", "--os-token=" + FAKE_TOKEN, "--os-tokn=" + FAKE_TOKEN, configA.toString()));
  }
}
