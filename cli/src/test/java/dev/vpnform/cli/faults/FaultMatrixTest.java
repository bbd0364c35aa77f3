package dev.vpnform.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.faults.FaultProxy.Fault;
import dev.vpnform.sandbox.Faults;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix: every fault vpnform must survive, injected into a real sandbox over loopback
 * HTTP (through the sandbox's own {@link Faults}, or the {@link FaultProxy} in front of it), with
 * the CLI run in-process. For each fault it records what vpnform did, the exit code, the final
 * state of every connection against the desired values (lost / duplicated / wrong updates) and
 * whether a re-run converges, and writes the whole table to {@code target/fault-matrix.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixTest {
  static final String VPNSERVICE = "30000000-0000-4000-8000-000000000001";
  static final String IKEPOLICY = "50000000-0000-4000-8000-000000000001";
  static final String IPSECPOLICY = "60000000-0000-4000-8000-000000000001";
  static final List<String> SAMPLE_IDS =
      List.of(
          "70000000-0000-4000-8000-000000000001",
          "70000000-0000-4000-8000-000000000002",
          "70000000-0000-4000-8000-000000000003");

  private static final Map<Integer, Row> ROWS = new TreeMap<>();

  @TempDir Path dir;

  /** One row of the table. */
  record Row(
      String fault,
      String how,
      String outcome,
      String exit,
      String finalState,
      String lostDupWrong,
      String rerun) {}

  /** A connection of the scenario: its values before, and the desired ones. */
  record Conn(String id, String name, int oldMtu, String oldDesc, int newMtu, String newDesc) {}

  /** Where a connection ended up. */
  enum End {
    DESIRED,
    OLD,
    DELETED,
    WRONG
  }

  /** A sandbox with n connections fm-01..fm-nn behind a fault proxy, and their configuration. */
  final class Scenario implements AutoCloseable {
    final Sandbox sandbox;
    final FaultProxy proxy;
    final List<Conn> conns = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();
    final Path config;
    final Map<String, Map<String, Object>> samplesBefore = new LinkedHashMap<>();

    /** Values a connection may legitimately keep instead of the old ones (out-of-band changes). */
    final Map<String, Integer> keptMtu = new HashMap<>();

    final List<AutoCloseable> extras = new ArrayList<>();

    Scenario(int n, Sandbox.Builder builder) throws IOException {
      sandbox = builder.build().start();
      for (int i = 1; i <= n; i++) {
        String name = String.format("fm-%02d", i);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("description", name + " before");
        f.put("vpnservice_id", VPNSERVICE);
        f.put("ikepolicy_id", IKEPOLICY);
        f.put("ipsecpolicy_id", IPSECPOLICY);
        f.put("peer_address", "198.51.100." + (100 + i));
        f.put("peer_id", "198.51.100." + (100 + i));
        f.put("peer_cidrs", List.of("172.16." + i + ".0/24"));
        f.put("psk", "fault-matrix-psk-" + i);
        f.put("mtu", 1400);
        String id = sandbox.createConnection(f);
        sandbox.setStatus(id, "ACTIVE");
        // every connection gets its own desired mtu, so a PUT that lands on the wrong one shows
        conns.add(new Conn(id, name, 1400, name + " before", 1400 + 4 * i, name + " after"));
      }
      for (String id : SAMPLE_IDS) {
        samplesBefore.put(id, sandbox.connection(id).orElseThrow());
      }
      proxy = FaultProxy.in(sandbox.networkEndpoint());
      env.put("HOME", dir.toString());
      env.put("OS_AUTH_TYPE", "none");
      env.put("OS_ENDPOINT", proxy.url());
      config = writeConfig("vpn.yaml", conns);
    }

    Path writeConfig(String file, List<Conn> cs) throws IOException {
      StringBuilder y = new StringBuilder("connections:\n");
      for (Conn c : cs) {
        y.append("  - name: ").append(c.name()).append('\n');
        y.append("    mtu: ").append(c.newMtu()).append('\n');
        y.append("    description: ").append(c.newDesc()).append('\n');
      }
      Path p = dir.resolve(file);
      Files.writeString(p, y);
      return p;
    }

    Conn conn(int i) {
      return conns.get(i - 1);
    }

    Cli.Run cli(String... args) {
      return Cli.run(env, args);
    }

    /** Faults off, at both the sandbox and the proxy. */
    void heal() {
      sandbox.faults(Faults.none());
      proxy.rule(null);
    }

    End end(Conn c) {
      Map<String, Object> now = sandbox.connection(c.id()).orElse(null);
      if (now == null) {
        return End.DELETED;
      }
      Object mtu = now.get("mtu");
      Object desc = now.get("description");
      boolean mtuNew = Integer.valueOf(c.newMtu()).equals(mtu);
      boolean descNew = c.newDesc().equals(desc);
      int old = keptMtu.getOrDefault(c.id(), c.oldMtu());
      boolean mtuOld = Integer.valueOf(old).equals(mtu);
      boolean descOld =
          c.oldDesc().equals(desc)
              || (keptMtu.containsKey(c.id()) && "changed by hand".equals(desc));
      if (mtuNew && descNew) {
        return End.DESIRED;
      }
      if (mtuOld && descOld) {
        return End.OLD;
      }
      return End.WRONG; // a value that is neither, or half of one PUT: PUTs are atomic
    }

    boolean samplesUntouched() {
      return untouched(sandbox, samplesBefore);
    }

    @Override
    public void close() {
      closeAll(extras, proxy, sandbox);
    }
  }

  /** Whether the sample connections are as they were before the row. */
  static boolean untouched(Sandbox sandbox, Map<String, Map<String, Object>> before) {
    for (String id : SAMPLE_IDS) {
      if (!sandbox.connection(id).orElseThrow().equals(before.get(id))) {
        return false;
      }
    }
    return true;
  }

  static void closeAll(List<AutoCloseable> extras, FaultProxy proxy, Sandbox sandbox) {
    for (AutoCloseable c : extras) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
    proxy.close();
    sandbox.close();
  }

  /** A clouds.yaml with cloud "fm": the sandbox's Keystone user admin, through {@code base}. */
  Path keystoneClouds(String base) throws IOException {
    Path clouds = dir.resolve("clouds.yaml");
    Files.writeString(
        clouds,
        """
        clouds:
          fm:
            auth:
              auth_url: %s/identity/v3
              username: admin
              password: admin
              project_name: admin
              user_domain_name: Default
              project_domain_name: Default
            region_name: RegionOne
        """
            .formatted(base));
    return clouds;
  }

  /** The command line of a vpnform child process, and how the table names it. */
  record Child(List<String> cmd, String launched) {}

  static Child child(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    Path jar = jar();
    String launched;
    if (jar != null) {
      cmd.addAll(List.of("-jar", jar.toString()));
      launched = "`java -jar cli/target/vpnform.jar`";
    } else {
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vpnform.cli.Main"));
      launched = "`java -cp <test classpath> dev.vpnform.cli.Main` (no cli/target/vpnform.jar)";
    }
    cmd.addAll(List.of(args));
    return new Child(cmd, launched);
  }

  /** What the final state says about one apply. */
  record Verdict(
      int desired,
      int old,
      int deleted,
      int wrong,
      int lost,
      int duplicated,
      boolean harmless,
      String state) {}

  Verdict verdict(Scenario s, Cli.Run apply, Set<String> excused) {
    List<String> failed = apply.ids("failed");
    List<String> updated = apply.ids("updated");
    int desired = 0;
    int old = 0;
    int deleted = 0;
    int wrong = 0;
    int lost = 0;
    List<String> notes = new ArrayList<>();
    for (Conn c : s.conns) {
      End e = s.end(c);
      switch (e) {
        case DESIRED -> desired++;
        case OLD -> old++;
        case DELETED -> deleted++;
        case WRONG -> wrong++;
      }
      if (e != End.DESIRED) {
        boolean reported = failed.contains(c.id()) || excused.contains(c.id());
        boolean claimed = apply.exit() == ExitCode.OK || updated.contains(c.id());
        boolean unreported = !reported && (claimed || !apply.outcomeLines().isEmpty());
        if (e != End.DELETED && unreported) {
          lost++;
        }
        notes.add(
            c.name()
                + " "
                + e.name().toLowerCase()
                + (failed.contains(c.id())
                    ? " (reported failed)"
                    : unreported ? " (NOT reported)" : ""));
      }
    }
    int duplicated = 0;
    boolean harmless = true;
    for (Map.Entry<String, List<String>> e : s.proxy.appliedPuts().entrySet()) {
      List<String> bodies = e.getValue();
      duplicated += Math.max(0, bodies.size() - 1);
      harmless &= bodies.stream().distinct().count() <= 1;
    }
    String state =
        desired
            + "/"
            + s.conns.size()
            + " desired"
            + (notes.isEmpty() ? "" : "; " + String.join(", ", notes))
            + (s.samplesUntouched()
                ? "; the 3 unmanaged sample connections untouched"
                : "; SAMPLE CONNECTIONS CHANGED");
    if (!s.samplesUntouched()) {
      wrong++;
    }
    return new Verdict(desired, old, deleted, wrong, lost, duplicated, harmless, state);
  }

  static String lostDupWrong(Verdict v) {
    return v.lost()
        + " / "
        + v.duplicated()
        + (v.duplicated() > 0
            ? (v.harmless() ? " (same body re-sent: harmless)" : " (DIFFERENT bodies)")
            : "")
        + " / "
        + v.wrong();
  }

  /** Plans again (and first applies again, with faults healed, when the apply had failures). */
  String rerun(Scenario s, Cli.Run apply, Path config) {
    s.heal();
    String how = "";
    if (apply.exit() != ExitCode.OK) {
      Cli.Run again = s.cli("apply", "--auto-approve", config.toString());
      assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCode.OK);
      how =
          "after a second apply ("
              + (again.summary().isEmpty() ? firstLine(again.out()) : again.summary())
              + ") ";
    }
    Cli.Run plan = s.cli("plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCode.OK);
    return "yes: " + how + "plan --detailed-exitcode exit " + plan.exit();
  }

  static String outcome(Cli.Run apply, String extra) {
    StringBuilder sb = new StringBuilder("`").append(apply.summary()).append('`');
    for (String l : apply.outcomeLines()) {
      if (l.contains("): failed")) {
        sb.append("<br>`")
            .append(l.replaceFirst("^\\[\\d+/\\d+\\] ", "").replaceAll("\\([0-9a-f-]{36}\\)", ""))
            .append('`');
      }
    }
    if (apply.summary().isEmpty()) {
      sb = new StringBuilder("`").append(firstLine(apply.err())).append('`');
    }
    if (extra != null && !extra.isEmpty()) {
      sb.append("<br>").append(extra);
    }
    return sb.toString();
  }

  static String firstLine(String s) {
    return s.lines().findFirst().orElse("");
  }

  static void record(int order, Row row) {
    synchronized (ROWS) {
      ROWS.put(order, row);
    }
  }

  /** Asserts the invariants of every row: nothing lost or wrong, and the expected exit code. */
  static void assertRow(Verdict v, Cli.Run apply, int expectedExit) {
    assertThat(v.lost()).as("lost updates\n%s", apply).isZero();
    assertThat(v.wrong()).as("wrong values\n%s", apply).isZero();
    assertThat(v.harmless()).as("a duplicated PUT with another body").isTrue();
    assertThat(apply.exit()).as(apply.toString()).isEqualTo(expectedExit);
    assertThat(apply.err()).as("no stack trace").doesNotContain("\tat ");
  }

  /**
   * The common shape: n connections, a fault, {@code apply --auto-approve}, the verdict, a re-run.
   */
  List<Long> simpleRow(
      int order,
      String fault,
      String how,
      int n,
      Consumer<Scenario> inject,
      int expectedExit,
      String... extraArgs)
      throws IOException {
    try (Scenario s = new Scenario(n, Sandbox.builder())) {
      inject.accept(s);
      List<String> args = new ArrayList<>(List.of("apply", "--auto-approve"));
      args.addAll(List.of(extraArgs));
      args.add(s.config.toString());
      long t0 = System.nanoTime();
      Cli.Run apply = s.cli(args.toArray(String[]::new));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      s.proxy.awaitIdle(Duration.ofSeconds(10)); // requests the proxy still holds reach the sandbox
      Verdict v = verdict(s, apply, Set.of());
      List<Long> gaps = s.proxy.putRetryGapsMs();
      String extra =
          (s.proxy.injected() > 0
                  ? s.proxy.injected() + " request(s) hit by the proxy's fault; "
                  : "")
              + statuses(s.proxy)
              + "; "
              + ms
              + " ms"
              + (gaps.isEmpty()
                  ? ""
                  : "; PUTs retried after "
                      + java.util.Collections.min(gaps)
                      + "-"
                      + java.util.Collections.max(gaps)
                      + " ms");
      for (AutoCloseable c : s.extras) {
        if (c instanceof TcpResetProxy tcp) {
          extra += "; " + tcp.resets() + " TCP reset(s) sent";
        }
      }
      String rerun;
      try {
        rerun = rerun(s, apply, s.config);
      } catch (AssertionError e) {
        rerun = "NO";
        record(
            order,
            new Row(
                fault, how, outcome(apply, extra), code(apply), v.state(), lostDupWrong(v), rerun));
        throw e;
      }
      record(
          order,
          new Row(
              fault, how, outcome(apply, extra), code(apply), v.state(), lostDupWrong(v), rerun));
      assertRow(v, apply, expectedExit);
      return gaps;
    }
  }

  static String code(Cli.Run r) {
    return Integer.toString(r.exit());
  }

  static String statuses(FaultProxy p) {
    List<String> parts = new ArrayList<>();
    for (int st : new int[] {401, 404, 429, 500, 503}) {
      if (p.answered(st) > 0) {
        parts.add(p.answered(st) + "x " + st);
      }
    }
    if (p.drops() > 0) {
      parts.add(p.drops() + "x closed without response");
    }
    return "client saw "
        + (parts.isEmpty() ? "no errors" : String.join(", ", parts))
        + ", "
        + p.appliedPutCount()
        + " PUT(s) applied by the sandbox";
  }

  // --- the rows -----------------------------------------------------------------------------

  @Test
  @Order(10)
  void noFaultControl() throws IOException {
    simpleRow(10, "none (control)", "-", 8, s -> {}, ExitCode.OK);
  }

  @Test
  @Order(20)
  void http500() throws IOException {
    simpleRow(
        20,
        "HTTP 500",
        "proxy answers 500 (NeutronError) to the 1st attempt of every request (list, GET, PUT); the sandbox never sees it",
        8,
        s ->
            s.proxy.rule(
                r -> r.isNetwork() && r.nth() == 1 ? Fault.statusBefore(500) : Fault.forward()),
        ExitCode.OK);
  }

  @Test
  @Order(30)
  void http503() throws IOException {
    simpleRow(
        30,
        "HTTP 503",
        "proxy answers 503 without Retry-After to the first 2 attempts of every request",
        8,
        s ->
            s.proxy.rule(
                r -> r.isNetwork() && r.nth() <= 2 ? Fault.statusBefore(503) : Fault.forward()),
        ExitCode.OK);
  }

  @Test
  @Order(40)
  void http500AfterCommit() throws IOException {
    simpleRow(
        40,
        "HTTP 500 after the PUT was applied",
        "proxy forwards the 1st attempt of each PUT (the sandbox applies it), then answers 500 instead",
        8,
        s ->
            s.proxy.rule(r -> r.isPut() && r.nth() == 1 ? Fault.statusAfter(500) : Fault.forward()),
        ExitCode.OK);
  }

  @Test
  @Order(50)
  void persistent500OnOneConnection() throws IOException {
    simpleRow(
        50,
        "HTTP 500 that does not go away (one connection)",
        "proxy answers 500 to every PUT of fm-03",
        8,
        s -> {
          String id = s.conn(3).id();
          s.proxy.rule(
              r ->
                  r.isPut() && id.equals(r.connectionId())
                      ? Fault.statusBefore(500)
                      : Fault.forward());
        },
        ExitCode.ERROR);
  }

  @Test
  @Order(52)
  void apiDown() throws IOException {
    simpleRow(
        52,
        "Networking API down (503 that does not go away)",
        "proxy answers 503 to every Networking API request",
        8,
        s -> s.proxy.rule(r -> r.isNetwork() ? Fault.statusBefore(503) : Fault.forward()),
        ExitCode.ERROR);
  }

  @Test
  @Order(55)
  void garbageAfterCommit() throws IOException {
    simpleRow(
        55,
        "PUT applied, but the 200 answer is not JSON",
        "proxy forwards the PUT of fm-06 (applied), then answers 200 with an HTML page",
        8,
        s -> {
          String id = s.conn(6).id();
          s.proxy.rule(
              r ->
                  r.isPut() && id.equals(r.connectionId())
                      ? Fault.garbageAfter()
                      : Fault.forward());
        },
        ExitCode.ERROR);
  }

  @Test
  @Order(60)
  void sandboxRandom5xx() throws IOException {
    simpleRow(
        60,
        "HTTP 500/503 at random",
        "sandbox `Faults.withErrorRate(0.3).withRandomSeed(6)`, `--parallelism 1` (deterministic order)",
        8,
        s -> s.sandbox.faults(Faults.none().withErrorRate(0.3).withRandomSeed(6)),
        ExitCode.OK,
        "--parallelism",
        "1");
  }

  @Test
  @Order(70)
  void tooManyRequests() throws IOException {
    simpleRow(
        70,
        "HTTP 429 with Retry-After",
        "sandbox `Faults.withTooManyRequests(1, 1)`: the next request (the plan's list) gets 429, `Retry-After: 1`",
        8,
        s -> s.sandbox.faults(Faults.none().withTooManyRequests(1, 1)),
        ExitCode.OK);
  }

  @Test
  @Order(75)
  void tooManyRequestsOnEveryPut() throws IOException {
    List<Long> gaps =
        simpleRow(
            75,
            "HTTP 429 with Retry-After on the PUTs",
            "proxy answers 429 `Retry-After: 1` to the 1st attempt of every PUT (8 in parallel)",
            8,
            s ->
                s.proxy.rule(
                    r -> r.isPut() && r.nth() == 1 ? Fault.tooManyRequests(1) : Fault.forward()),
            ExitCode.OK);
    assertThat(gaps)
        .as("each PUT retried once, after its Retry-After")
        .hasSize(8)
        .allMatch(g -> g >= 990);
  }

  @Test
  @Order(80)
  void droppedConnections() throws IOException {
    simpleRow(
        80,
        "connection dropped (no response)",
        "sandbox `Faults.withDropRate(0.3).withRandomSeed(8)`: closes the connection before handling; `--parallelism 1`",
        8,
        s -> s.sandbox.faults(Faults.none().withDropRate(0.3).withRandomSeed(8)),
        ExitCode.OK,
        "--parallelism",
        "1");
  }

  @Test
  @Order(90)
  void resetAfterCommit() throws IOException {
    simpleRow(
        90,
        "connection closed (FIN) after the PUT was applied",
        "proxy forwards the 1st attempt of each PUT (applied), then closes the socket without a response",
        8,
        s -> s.proxy.rule(r -> r.isPut() && r.nth() == 1 ? Fault.dropAfter() : Fault.forward()),
        ExitCode.OK);
  }

  @Test
  @Order(95)
  void tcpResetAfterCommit() throws IOException {
    simpleRow(
        95,
        "TCP reset (RST) after the PUT was applied",
        "byte-level relay in front: once the sandbox answers the 1st attempt of each PUT, the client socket is closed with SO_LINGER 0 (RST)",
        8,
        s -> {
          try {
            TcpResetProxy tcp = new TcpResetProxy(URI.create(s.proxy.url()).getPort());
            s.extras.add(tcp);
            s.env.put("OS_ENDPOINT", tcp.url());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        ExitCode.OK);
  }

  @Test
  @Order(100)
  void readTimeout() throws IOException {
    simpleRow(
        100,
        "read timeout",
        "`--timeout 1`; proxy holds the 1st attempt of each PUT 2 s before passing it to the sandbox (which then applies it, after the retry)",
        8,
        s -> s.proxy.rule(r -> r.isPut() && r.nth() == 1 ? Fault.delay(2000) : Fault.forward()),
        ExitCode.OK,
        "--timeout",
        "1");
  }

  @Test
  @Order(105)
  void stalledResponseBody() throws IOException {
    simpleRow(
        105,
        "response body stalls",
        "`--timeout 1`; for the 1st attempt of each PUT the proxy sends the headers and half the body, then waits 2.5 s",
        8,
        s -> s.proxy.rule(r -> r.isPut() && r.nth() == 1 ? Fault.stallBody(2500) : Fault.forward()),
        ExitCode.OK,
        "--timeout",
        "1");
  }

  @Test
  @Order(110)
  void stuckPending() throws IOException {
    simpleRow(
        110,
        "connection stuck in PENDING_UPDATE",
        "sandbox `Faults.withStuckPending({fm-03})`; `--wait-timeout 2s`",
        8,
        s -> s.sandbox.faults(Faults.none().withStuckPending(Set.of(s.conn(3).id()))),
        ExitCode.ERROR,
        "--wait-timeout",
        "2s");
  }

  @Test
  @Order(115)
  void goesPendingBetweenGetAndPut() throws IOException {
    java.util.concurrent.ScheduledExecutorService later =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      simpleRow(
          115,
          "connection goes PENDING between apply's GET and PUT",
          "when the 1st PUT of fm-03 arrives, sandbox `Faults.withStuckPending({fm-03})` (it answers 400 VPNStateInvalidToUpdate), cleared 1.5 s later; `--wait-timeout 20s`",
          8,
          s -> {
            String id = s.conn(3).id();
            AtomicBoolean first = new AtomicBoolean(true);
            s.proxy.rule(
                r ->
                    r.isPut() && id.equals(r.connectionId()) && first.getAndSet(false)
                        ? Fault.hook(
                            () -> {
                              s.sandbox.faults(Faults.none().withStuckPending(Set.of(id)));
                              later.schedule(
                                  () -> s.sandbox.faults(Faults.none()),
                                  1500,
                                  TimeUnit.MILLISECONDS);
                            })
                        : Fault.forward());
          },
          ExitCode.OK,
          "--wait-timeout",
          "20s");
    } finally {
      later.shutdownNow();
    }
  }

  @Test
  @Order(120)
  void deletedBetweenPlanAndApply() throws IOException {
    int order = 120;
    try (Scenario s = new Scenario(8, Sandbox.builder())) {
      Path saved = dir.resolve("plan.json");
      Cli.Run plan = s.cli("plan", "-o", saved.toString(), s.config.toString());
      assertThat(plan.exit()).as(plan.toString()).isZero();
      Conn gone = s.conn(2);
      assertThat(http("DELETE", s.sandbox.networkEndpoint(), gone.id(), null)).isEqualTo(204);
      Cli.Run apply = s.cli("apply", saved.toString());
      Verdict v = verdict(s, apply, Set.of());
      String st = statuses(s.proxy);
      // The configuration still names fm-02: planning it now is an error (it cannot be created).
      s.heal();
      Cli.Run full = s.cli("plan", "--detailed-exitcode", s.config.toString());
      List<Conn> rest = s.conns.stream().filter(c -> c != gone).toList();
      Path without = s.writeConfig("vpn-without-fm-02.yaml", rest);
      String rerun = rerun(s, apply, without);
      rerun +=
          "; the unchanged configuration (still naming fm-02) plans with exit "
              + full.exit()
              + ": `"
              + full.out()
                  .lines()
                  .filter(l -> l.contains("error"))
                  .findFirst()
                  .orElse(firstLine(full.all()))
                  .replaceAll("^\\S+: ", "")
              + "`";
      record(
          order,
          new Row(
              "404 mid-apply (connection deleted)",
              "`plan -o FILE`, then HTTP DELETE of fm-02 straight at the sandbox, then `apply FILE`",
              outcome(apply, st),
              code(apply),
              v.state(),
              lostDupWrong(v),
              rerun));
      assertRow(v, apply, ExitCode.ERROR);
      assertThat(apply.out())
          .contains("fm-02 (" + gone.id() + "): failed: it was deleted since the plan");
      assertThat(full.exit()).isEqualTo(ExitCode.ERROR);
    }
  }

  @Test
  @Order(130)
  void outOfBandChangeBetweenPlanAndApply() throws IOException {
    int order = 130;
    try (Scenario s = new Scenario(8, Sandbox.builder())) {
      Path saved = dir.resolve("plan.json");
      Cli.Run plan = s.cli("plan", "-o", saved.toString(), s.config.toString());
      assertThat(plan.exit()).as(plan.toString()).isZero();
      Conn moved = s.conn(4);
      assertThat(
              http(
                  "PUT",
                  s.sandbox.networkEndpoint(),
                  moved.id(),
                  "{\"ipsec_site_connection\": {\"mtu\": 1300, \"description\": \"changed by hand\"}}"))
          .isEqualTo(200);
      s.keptMtu.put(moved.id(), 1300);
      Cli.Run apply = s.cli("apply", saved.toString());
      Verdict v = verdict(s, apply, Set.of());
      String st = statuses(s.proxy);
      String rerun = rerun(s, apply, s.config);
      record(
          order,
          new Row(
              "out-of-band change between plan and apply",
              "`plan -o FILE`, then a PUT of fm-04 (mtu 1300, description) straight at the sandbox, then `apply FILE`",
              outcome(apply, st),
              code(apply),
              v.state() + " (fm-04 kept the out-of-band values)",
              lostDupWrong(v),
              rerun));
      assertRow(v, apply, ExitCode.ERROR);
      assertThat(apply.out())
          .contains("fm-04 (" + moved.id() + "): failed: changed since the plan");
    }
  }

  @Test
  @Order(135)
  void changedToTheDesiredValuesBetweenPlanAndApply() throws IOException {
    int order = 135;
    try (Scenario s = new Scenario(8, Sandbox.builder())) {
      Path saved = dir.resolve("plan.json");
      Cli.Run plan = s.cli("plan", "-o", saved.toString(), s.config.toString());
      assertThat(plan.exit()).as(plan.toString()).isZero();
      // what a killed apply's PUT still in flight, or a second apply of the same plan, does
      Conn done = s.conn(2);
      assertThat(
              http(
                  "PUT",
                  s.sandbox.networkEndpoint(),
                  done.id(),
                  "{\"ipsec_site_connection\": {\"mtu\": "
                      + done.newMtu()
                      + ", \"description\": \""
                      + done.newDesc()
                      + "\"}}"))
          .isEqualTo(200);
      Cli.Run apply = s.cli("apply", saved.toString());
      Verdict v = verdict(s, apply, Set.of());
      String st = statuses(s.proxy);
      String rerun = rerun(s, apply, s.config);
      record(
          order,
          new Row(
              "changed to exactly the desired values between plan and apply",
              "`plan -o FILE`, then fm-02 PUT to its desired mtu/description straight at the sandbox (a killed apply's late PUT, or the same plan applied twice), then `apply FILE`",
              outcome(apply, st),
              code(apply),
              v.state(),
              lostDupWrong(v),
              rerun));
      assertRow(v, apply, ExitCode.OK);
      assertThat(apply.out())
          .contains("fm-02 (" + done.id() + "): unchanged: already has the planned values");
    }
  }

  @Test
  @Order(140)
  void outOfBandChangeWhileAskingForYes() throws IOException {
    int order = 140;
    try (Scenario s = new Scenario(8, Sandbox.builder())) {
      Conn moved = s.conn(5);
      URI endpoint = s.sandbox.networkEndpoint();
      // stdin that changes fm-05 by hand when vpnform reads the answer, then answers yes
      InputStream yes =
          new InputStream() {
            final byte[] answer = "yes\n".getBytes(StandardCharsets.UTF_8);
            int pos = -1;

            @Override
            public int read() throws IOException {
              if (pos < 0) {
                assertThat(
                        http(
                            "PUT",
                            endpoint,
                            moved.id(),
                            "{\"ipsec_site_connection\": {\"mtu\": 1300, \"description\": \"changed by hand\"}}"))
                    .isEqualTo(200);
                pos = 0;
              }
              return pos < answer.length ? answer[pos++] : -1;
            }
          };
      s.keptMtu.put(moved.id(), 1300);
      Cli.Run apply = Cli.run(s.env, yes, "apply", s.config.toString());
      Verdict v = verdict(s, apply, Set.of());
      String st = statuses(s.proxy);
      String rerun = rerun(s, apply, s.config);
      record(
          order,
          new Row(
              "out-of-band change while apply waits for 'yes'",
              "interactive `apply`; stdin PUTs fm-05 (mtu 1300) straight at the sandbox, then answers `yes`",
              outcome(apply, st),
              code(apply),
              v.state() + " (fm-05 kept the out-of-band values)",
              lostDupWrong(v),
              rerun));
      assertRow(v, apply, ExitCode.ERROR);
      assertThat(apply.out())
          .contains("fm-05 (" + moved.id() + "): failed: changed since the plan");
    }
  }

  /** The configuration of the psk rows: it manages the psks too, already right on the server. */
  Path pskConfig(Scenario s) throws IOException {
    StringBuilder y = new StringBuilder("connections:\n");
    for (int i = 1; i <= s.conns.size(); i++) {
      Conn c = s.conn(i);
      y.append("  - name: ")
          .append(c.name())
          .append("\n    mtu: ")
          .append(c.newMtu())
          .append("\n    description: ")
          .append(c.newDesc())
          .append("\n    psk: {env: FM_PSK_")
          .append(i)
          .append("}\n");
      s.env.put("FM_PSK_" + i, "fault-matrix-psk-" + i);
    }
    Path config = dir.resolve("vpn-psk.yaml");
    Files.writeString(config, y);
    return config;
  }

  static final String PSK_BODY = "{\"ipsec_site_connection\": {\"psk\": \"rotated-out-of-band\"}}";

  @Test
  @Order(145)
  void outOfBandPskChangeBetweenPlanAndApplyFile() throws IOException {
    int order = 145;
    try (Scenario s = new Scenario(8, Sandbox.builder())) {
      Path config = pskConfig(s);
      Path saved = dir.resolve("plan.json");
      Cli.Run plan = s.cli("plan", "-o", saved.toString(), config.toString());
      assertThat(plan.exit()).as(plan.toString()).isZero();
      assertThat(plan.out()).doesNotContain("~ psk");
      Conn moved = s.conn(7);
      assertThat(http("PUT", s.sandbox.networkEndpoint(), moved.id(), PSK_BODY)).isEqualTo(200);
      s.proxy.resetCounters();
      Cli.Run apply = s.cli("apply", saved.toString());
      Verdict v = verdict(s, apply, Set.of());
      String st = statuses(s.proxy);
      Object psk = s.sandbox.connection(moved.id()).orElseThrow().get("psk");
      int putsOfMoved = s.proxy.appliedPuts().getOrDefault(moved.id(), List.of()).size();
      Cli.Run again = s.cli("plan", "--detailed-exitcode", config.toString());
      String rerun =
          rerun(s, again.exit() == 0 ? apply : new Cli.Run(1, "", "", List.of()), config);
      record(
          order,
          new Row(
              "out-of-band psk change between plan and apply FILE",
              "config also manages the (unchanged) psks; `plan -o FILE`, then a PUT of fm-07's psk straight at the sandbox, then `apply FILE`",
              outcome(
                  apply,
                  st
                      + "; the next plan: exit "
                      + again.exit()
                      + (again.out().contains("~ psk: (sensitive value)")
                          ? ", `~ psk: (sensitive value)` on fm-07"
                          : "")),
              code(apply),
              v.state()
                  + "; fm-07's psk is "
                  + ("rotated-out-of-band".equals(psk)
                      ? "still the out-of-band one (a saved plan holds no psk, so apply FILE cannot see a psk-only change)"
                      : "'" + psk + "'"),
              lostDupWrong(v),
              rerun));
      assertRow(v, apply, apply.exit());
      if (apply.ids("failed").contains(moved.id())) {
        assertThat(putsOfMoved)
            .as("a connection reported failed was changed by this apply:\n%s", apply)
            .isZero();
      }
      assertThat(apply.out()).doesNotContain("answered with other values");
    }
  }

  @Test
  @Order(147)
  void outOfBandPskChangeWhileAskingForYes() throws IOException {
    int order = 147;
    try (Scenario s = new Scenario(8, Sandbox.builder())) {
      Path config = pskConfig(s);
      Conn moved = s.conn(7);
      URI endpoint = s.sandbox.networkEndpoint();
      InputStream yes =
          new InputStream() {
            final byte[] answer = "yes\n".getBytes(StandardCharsets.UTF_8);
            int pos = -1;

            @Override
            public int read() throws IOException {
              if (pos < 0) {
                assertThat(http("PUT", endpoint, moved.id(), PSK_BODY)).isEqualTo(200);
                pos = 0;
              }
              return pos < answer.length ? answer[pos++] : -1;
            }
          };
      Cli.Run apply = Cli.run(s.env, yes, "apply", config.toString());
      Verdict v = verdict(s, apply, Set.of());
      String st = statuses(s.proxy);
      String rerun = rerun(s, apply, config);
      record(
          order,
          new Row(
              "out-of-band psk change while apply waits for 'yes'",
              "config also manages the (unchanged) psks; interactive `apply`; stdin PUTs fm-07's psk straight at the sandbox, then answers `yes`",
              outcome(apply, st),
              code(apply),
              v.state(),
              lostDupWrong(v),
              rerun));
      assertRow(v, apply, ExitCode.ERROR);
      assertThat(apply.out())
          .contains(
              "fm-07 (" + moved.id() + "): failed: changed since the plan (psk); nothing was sent");
    }
  }

  @Test
  @Order(150)
  void tokenExpiresMidRun() throws IOException {
    tokenRow(150, 1);
  }

  @Test
  @Order(155)
  void tokenExpiresMidRunWithParallelRequests() throws IOException {
    tokenRow(155, 4);
  }

  void tokenRow(int order, int parallelism) throws IOException {
    try (Scenario s = new Scenario(8, Sandbox.builder().keystone(true))) {
      Path clouds = keystoneClouds(s.proxy.url());
      s.env.clear();
      s.env.put("HOME", dir.toString());
      s.env.put("OS_CLIENT_CONFIG_FILE", clouds.toString());
      s.env.put("OS_CLOUD", "fm");
      Path saved = dir.resolve("plan.json");
      Cli.Run plan = s.cli("plan", "-o", saved.toString(), s.config.toString());
      assertThat(plan.exit()).as(plan.toString()).isZero();
      s.sandbox.expireTokens(); // the plan's token is gone: apply FILE authenticates afresh
      s.proxy.resetCounters();
      AtomicBoolean first = new AtomicBoolean(true);
      // ... and every token is revoked again when the first PUT arrives, mid-run
      s.proxy.rule(
          r ->
              r.isPut() && first.getAndSet(false)
                  ? Fault.hook(s.sandbox::expireTokens)
                  : Fault.forward());
      Cli.Run apply =
          s.cli("apply", "--parallelism", Integer.toString(parallelism), saved.toString());
      Verdict v = verdict(s, apply, Set.of());
      int posts = s.proxy.tokenPosts();
      int unauthorized = s.proxy.answered(401);
      String rerun = rerun(s, apply, s.config);
      record(
          order,
          new Row(
              parallelism == 1
                  ? "token expiring mid-run"
                  : "token expiring mid-run, requests in parallel",
              "sandbox with Keystone, clouds.yaml; `expireTokens()` after `plan -o`, and again when the 1st PUT of `apply FILE` arrives (`--parallelism "
                  + parallelism
                  + "`)",
              outcome(
                  apply,
                  unauthorized
                      + "x 401, "
                      + posts
                      + " POST /v3/auth/tokens in apply (1 login + "
                      + (posts - 1)
                      + " re-authentication)"),
              code(apply),
              v.state(),
              lostDupWrong(v),
              rerun));
      assertRow(v, apply, ExitCode.OK);
      if (parallelism == 1) {
        assertThat(unauthorized).as("one 401").isEqualTo(1);
      } else {
        assertThat(unauthorized).as("a 401 per request in flight").isBetween(1, parallelism);
      }
      assertThat(posts).as("one login and one re-authentication").isEqualTo(2);
    }
  }

  @Test
  @Order(160)
  void killMinus9MidApply() throws Exception {
    int order = 160;
    Path state = dir.resolve("sandbox-state.json");
    Duration latency = Duration.ofMillis(300);
    try (Scenario s =
        new Scenario(
            20, Sandbox.builder().stateFile(state).faults(Faults.none().withLatency(latency)))) {
      Child vpnform = child("apply", "--auto-approve", "--parallelism", "2", s.config.toString());
      String launched = vpnform.launched();
      ProcessBuilder pb = new ProcessBuilder(vpnform.cmd());
      pb.environment().clear();
      pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      pb.environment().putAll(s.env);
      Path childOut = dir.resolve("child.out");
      Path childErr = dir.resolve("child.err");
      pb.redirectOutput(childOut.toFile()).redirectError(childErr.toFile());
      long t0 = System.nanoTime();
      Process child = pb.start();
      boolean aliveAtKill;
      try {
        // kill -9 once it is well into the apply: ~1 s after its first PUT reached the sandbox
        long firstPut = 0;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < giveUp && child.isAlive()) {
          if (firstPut == 0 && s.proxy.appliedPutCount() > 0) {
            firstPut = System.nanoTime();
          }
          if (firstPut != 0
              && System.nanoTime() - firstPut >= TimeUnit.MILLISECONDS.toNanos(1000)) {
            break;
          }
          Thread.sleep(10);
        }
        aliveAtKill = child.isAlive();
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux
      }
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long killedAfterMs = (System.nanoTime() - t0) / 1_000_000;
      int childExit = child.exitValue();
      Thread.sleep(latency.toMillis() * 3); // let requests already at the sandbox finish
      String printed = Files.readString(childOut);
      long childLines = printed.lines().filter(l -> l.matches("^\\[\\d+/\\d+\\] .*")).count();
      int appliedByChild = s.proxy.appliedPutCount();
      int desiredAfterKill = 0;
      int wrongAfterKill = 0;
      for (Conn c : s.conns) {
        End e = s.end(c);
        desiredAfterKill += e == End.DESIRED ? 1 : 0;
        wrongAfterKill += e == End.WRONG ? 1 : 0;
      }
      // the state file a `vpnform sandbox --state FILE` would restart from agrees with memory
      Path copy = dir.resolve("state-copy.json");
      Files.copy(state, copy);
      int stateFileDisagrees = 0;
      try (Sandbox reloaded = Sandbox.builder().stateFile(copy).build().start()) {
        for (Conn c : s.conns) {
          if (!reloaded.connection(c.id()).equals(s.sandbox.connection(c.id()))) {
            stateFileDisagrees++;
          }
        }
      }
      Cli.Run rerunApply = s.cli("apply", "--auto-approve", s.config.toString());
      Verdict v = verdict(s, rerunApply, Set.of());
      Cli.Run plan = s.cli("plan", "--detailed-exitcode", s.config.toString());
      String how =
          launched
              + " `apply --auto-approve --parallelism 2` on 20 connections against an in-process sandbox with `--state FILE` and 300 ms latency (`Faults.withLatency`); "
              + "`Process.destroyForcibly()` (SIGKILL) "
              + killedAfterMs
              + " ms after start, ~1 s after its first PUT; then `apply --auto-approve` again in-process";
      String outcome =
          "child "
              + (aliveAtKill ? "killed mid-apply" : "HAD ALREADY EXITED")
              + " (exit "
              + childExit
              + ") after printing "
              + childLines
              + " outcome line(s); "
              + appliedByChild
              + " PUT(s) had reached the sandbox, "
              + desiredAfterKill
              + "/20 connections updated, "
              + wrongAfterKill
              + " wrong, state file "
              + (stateFileDisagrees == 0 ? "consistent" : "DISAGREES on " + stateFileDisagrees)
              + "<br>re-run: `"
              + rerunApply.summary()
              + "`";
      record(
          order,
          new Row(
              "`kill -9` of vpnform mid-apply",
              how,
              outcome,
              childExit + " (killed), re-run " + rerunApply.exit(),
              v.state(),
              lostDupWrong(v),
              plan.exit() == 0
                  ? "yes: plan --detailed-exitcode exit 0"
                  : "NO (plan exit " + plan.exit() + ")"));
      assertThat(aliveAtKill).as("the child was still applying when killed: %s", printed).isTrue();
      assertThat(childExit).isEqualTo(137);
      assertThat(wrongAfterKill).isZero();
      assertThat(stateFileDisagrees).isZero();
      assertRow(v, rerunApply, ExitCode.OK);
      assertThat(plan.exit()).as(plan.toString()).isZero();
    }
  }

  // --- creates and deletes (POST, DELETE) ----------------------------------------------------

  /**
   * A sandbox with Keystone (a create's project comes from the token) behind the proxy, {@code
   * creates} new connections fc-01.. to create and {@code deletes} existing ones fd-01.. with
   * {@code state: absent}, in one configuration.
   */
  final class Lifecycle implements AutoCloseable {
    final Sandbox sandbox;
    final FaultProxy proxy;
    final Map<String, String> env = new HashMap<>();
    final Path config;
    final List<String> creates = new ArrayList<>();
    final Map<String, String> deletes = new LinkedHashMap<>(); // name -> id
    final Map<String, Map<String, Object>> samplesBefore = new LinkedHashMap<>();
    final List<AutoCloseable> extras = new ArrayList<>();

    Lifecycle(int nCreates, int nDeletes, Sandbox.Builder builder) throws IOException {
      sandbox = builder.keystone(true).build().start();
      for (int i = 1; i <= nDeletes; i++) {
        String name = String.format("fd-%02d", i);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("vpnservice_id", VPNSERVICE);
        f.put("ikepolicy_id", IKEPOLICY);
        f.put("ipsecpolicy_id", IPSECPOLICY);
        f.put("peer_address", "198.51.100." + (200 + i));
        f.put("peer_id", "198.51.100." + (200 + i));
        f.put("peer_cidrs", List.of("172.18." + i + ".0/24"));
        f.put("psk", "fault-matrix-psk-d" + i);
        deletes.put(name, sandbox.createConnection(f));
      }
      for (String id : SAMPLE_IDS) {
        samplesBefore.put(id, sandbox.connection(id).orElseThrow());
      }
      proxy = FaultProxy.in(sandbox.networkEndpoint());
      Path clouds = keystoneClouds(proxy.url());
      env.put("HOME", dir.toString());
      env.put("OS_CLIENT_CONFIG_FILE", clouds.toString());
      env.put("OS_CLOUD", "fm");
      env.put("FC_PSK", "fault-matrix-create-psk");
      StringBuilder y = new StringBuilder("connections:\n");
      for (int i = 1; i <= nCreates; i++) {
        String name = String.format("fc-%02d", i);
        creates.add(name);
        y.append("  - name: ").append(name).append('\n');
        y.append("    vpnservice: dc1-vpn\n");
        y.append("    ikepolicy: ike-default\n");
        y.append("    ipsecpolicy: ipsec-default\n");
        y.append("    peer_address: ").append(peerOf(i)).append('\n');
        y.append("    peer_id: ").append(peerOf(i)).append('\n');
        y.append("    peer_cidrs: [172.17.").append(i).append(".0/24]\n");
        y.append("    psk: {env: FC_PSK}\n");
      }
      for (String name : deletes.keySet()) {
        y.append("  - name: ").append(name).append("\n    state: absent\n");
      }
      config = dir.resolve("vpn-lifecycle.yaml");
      Files.writeString(config, y);
    }

    String peerOf(int i) {
      return "198.51.100." + (100 + i);
    }

    Cli.Run cli(String... args) {
      return Cli.run(env, args);
    }

    void heal() {
      sandbox.faults(Faults.none());
      proxy.rule(null);
    }

    /** How many stored connections have each name. */
    Map<String, Integer> countByName() {
      Map<String, Integer> n = new TreeMap<>();
      for (Map<String, Object> c : sandbox.connections()) {
        n.merge(String.valueOf(c.get("name")), 1, Integer::sum);
      }
      return n;
    }

    boolean samplesUntouched() {
      return untouched(sandbox, samplesBefore);
    }

    @Override
    public void close() {
      closeAll(extras, proxy, sandbox);
    }
  }

  /** Where the creates and deletes ended up: each name exactly once, or gone. */
  record LifeVerdict(
      int once, int missing, int duplicated, int notDeleted, int wrong, String state) {
    String lostDupWrong() {
      return missing + " / " + duplicated + " / " + wrong;
    }
  }

  LifeVerdict lifeVerdict(Lifecycle s) {
    Map<String, Integer> count = s.countByName();
    int once = 0;
    int missing = 0;
    int duplicated = 0;
    int notDeleted = 0;
    int wrong = 0;
    List<String> notes = new ArrayList<>();
    for (Map<String, Object> c : s.sandbox.connections()) {
      int i = s.creates.indexOf(String.valueOf(c.get("name")));
      if (i >= 0 && !s.peerOf(i + 1).equals(c.get("peer_address"))) {
        wrong++;
        notes.add(c.get("name") + " has another peer_address");
      }
    }
    for (String name : s.creates) {
      int n = count.getOrDefault(name, 0);
      once += n == 1 ? 1 : 0;
      missing += n == 0 ? 1 : 0;
      duplicated += Math.max(0, n - 1);
      if (n != 1) {
        notes.add(name + " x" + n);
      }
    }
    for (String name : s.deletes.keySet()) {
      int n = count.getOrDefault(name, 0);
      notDeleted += n;
      if (n > 0) {
        notes.add(name + " still there");
      }
    }
    boolean samples = s.samplesUntouched();
    if (!samples) {
      wrong++;
    }
    String state =
        (s.creates.isEmpty() ? "" : once + "/" + s.creates.size() + " created exactly once")
            + (s.deletes.isEmpty()
                ? ""
                : (s.creates.isEmpty() ? "" : ", ")
                    + (s.deletes.size() - notDeleted)
                    + "/"
                    + s.deletes.size()
                    + " deleted")
            + (notes.isEmpty() ? "" : "; " + String.join(", ", notes))
            + (samples
                ? "; the 3 unmanaged sample connections untouched"
                : "; SAMPLE CONNECTIONS CHANGED");
    return new LifeVerdict(once, missing, duplicated, notDeleted, wrong, state);
  }

  static String posts(FaultProxy p) {
    long attempts = p.requests().stream().filter(FaultProxy.Seen::isPost).count();
    long lookups = p.requests().stream().filter(FaultProxy.Seen::isNameLookup).count();
    long deletes = p.requests().stream().filter(FaultProxy.Seen::isDelete).count();
    return attempts
        + " POST(s) reached the proxy, "
        + p.appliedPostCount()
        + " created by the sandbox; "
        + lookups
        + " lookup(s) by name"
        + (deletes > 0
            ? "; "
                + deletes
                + " DELETE(s), "
                + p.appliedDeletes().values().stream().mapToInt(Integer::intValue).sum()
                + " applied"
            : "");
  }

  /** Heals, applies again if the apply failed, then plans: no changes, and still once per name. */
  String lifeRerun(Lifecycle s, Cli.Run apply) {
    s.heal();
    String how = "";
    if (apply.exit() != ExitCode.OK) {
      Cli.Run again = s.cli("apply", "--auto-approve", s.config.toString());
      assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCode.OK);
      how =
          "after a second apply ("
              + (again.summary().isEmpty() ? firstLine(again.out()) : again.summary())
              + ") ";
    }
    Cli.Run plan = s.cli("plan", "--detailed-exitcode", s.config.toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCode.OK);
    LifeVerdict after = lifeVerdict(s);
    assertThat(after.missing() + after.duplicated() + after.notDeleted() + after.wrong())
        .as("after the re-run: %s", after.state())
        .isZero();
    return "yes: " + how + "plan --detailed-exitcode exit " + plan.exit() + "; " + after.state();
  }

  static String lifeOutcome(Cli.Run apply, String extra) {
    StringBuilder sb =
        new StringBuilder("`")
            .append(apply.summary().isEmpty() ? firstLine(apply.err()) : apply.summary())
            .append('`');
    long found = apply.out().lines().filter(l -> l.contains("found it by name")).count();
    if (found > 0) {
      sb.append("<br>")
          .append(found)
          .append("x `")
          .append(
              apply
                  .out()
                  .lines()
                  .filter(l -> l.contains("found it by name"))
                  .findFirst()
                  .orElseThrow()
                  .replaceFirst("^\\[\\d+/\\d+\\] ", "")
                  .replaceAll("\\([0-9a-f-]{36}\\)", "")
                  .replaceAll("req-[0-9a-z-]+", "req-…"))
          .append('`');
    }
    for (String l : apply.out().split("\n")) {
      if (l.contains("): failed")) {
        sb.append("<br>`")
            .append(l.replaceFirst("^\\[\\d+/\\d+\\] ", "").replaceAll("\\([0-9a-f-]{36}\\)", ""))
            .append('`');
      }
    }
    if (extra != null && !extra.isEmpty()) {
      sb.append("<br>").append(extra);
    }
    return sb.toString();
  }

  /**
   * The common shape of the POST/DELETE rows: a fault, {@code apply --auto-approve}, where every
   * name ended up, a re-run. Returns the apply.
   */
  Cli.Run lifeRow(
      int order,
      String fault,
      String how,
      int creates,
      int deletes,
      Consumer<Lifecycle> inject,
      int expectedExit,
      Consumer<Lifecycle> more)
      throws IOException {
    try (Lifecycle s = new Lifecycle(creates, deletes, Sandbox.builder())) {
      inject.accept(s);
      long t0 = System.nanoTime();
      Cli.Run apply = s.cli("apply", "--auto-approve", s.config.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      s.proxy.awaitIdle(Duration.ofSeconds(10));
      LifeVerdict v = lifeVerdict(s);
      String extra =
          (s.proxy.injected() > 0
                  ? s.proxy.injected() + " request(s) hit by the proxy's fault; "
                  : "")
              + posts(s.proxy)
              + "; "
              + ms
              + " ms";
      for (AutoCloseable c : s.extras) {
        if (c instanceof TcpResetProxy tcp) {
          extra += "; " + tcp.resets() + " TCP reset(s) sent";
        }
      }
      int createdByApply = s.proxy.appliedPostCount();
      Map<String, Integer> postsByName = s.proxy.appliedPosts();
      List<FaultProxy.Seen> requests = s.proxy.requests();
      String rerun = "NO";
      AssertionError diverged = null;
      try {
        rerun = lifeRerun(s, apply);
      } catch (AssertionError e) {
        diverged = e;
      }
      record(
          order,
          new Row(
              fault,
              how,
              lifeOutcome(apply, extra),
              code(apply),
              v.state(),
              v.lostDupWrong(),
              rerun));
      if (diverged != null) {
        throw diverged;
      }
      assertThat(v.duplicated()).as("duplicated connections\n%s", apply).isZero();
      assertThat(v.wrong()).as("wrong values\n%s", apply).isZero();
      assertThat(postsByName.values())
          .as("no name created twice by the apply: %s", postsByName)
          .allMatch(n -> n == 1);
      assertThat(createdByApply).isLessThanOrEqualTo(creates);
      if (expectedExit == ExitCode.OK) {
        assertThat(v.missing() + v.notDeleted()).as("%s", v.state()).isZero();
      }
      assertThat(apply.exit()).as(apply.toString()).isEqualTo(expectedExit);
      assertThat(apply.err()).as("no stack trace").doesNotContain("\tat ");
      assertThat(apply.all() + lifeOutcome(apply, extra))
          .as("the psk of the creates")
          .doesNotContain(s.env.get("FC_PSK"));
      assertLookupBeforeEveryRepeatedPost(requests);
      if (more != null) {
        more.accept(s);
      }
      lastRun = apply;
      return apply;
    }
  }

  /** The apply of the last lifeRow, for its extra checks. */
  private Cli.Run lastRun;

  /** Apply says, for each of {@code n} creates, that it found the connection by name. */
  static void assertFoundByName(Cli.Run apply, int n) {
    assertThat(apply.out().lines().filter(l -> l.contains("found it by name")).count())
        .as("apply says it found each one by name:\n%s", apply)
        .isEqualTo(n);
  }

  /** A create's POST is never sent twice without a lookup of its name in between. */
  static void assertLookupBeforeEveryRepeatedPost(List<FaultProxy.Seen> requests) {
    Map<String, Integer> lastPost = new HashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      FaultProxy.Seen r = requests.get(i);
      if (!r.isPost()) {
        continue;
      }
      String name = r.createdName();
      Integer prev = lastPost.put(name, i);
      if (prev != null) {
        boolean looked = false;
        for (int k = prev + 1; k < i; k++) {
          FaultProxy.Seen q = requests.get(k);
          looked |= q.isNameLookup() && q.query().contains("name=" + name);
        }
        assertThat(looked).as("a lookup of %s between its POSTs", name).isTrue();
      }
    }
  }

  @Test
  @Order(200)
  void postAnswerLostAfterCommit() throws IOException {
    Cli.Run apply =
        lifeRow(
            200,
            "POST applied, answer lost (connection closed)",
            "6 creates; proxy forwards the 1st POST of each name (the sandbox creates it), then closes the socket without a response",
            6,
            0,
            s ->
                s.proxy.rule(r -> r.isPost() && r.nth() == 1 ? Fault.dropAfter() : Fault.forward()),
            ExitCode.OK,
            null);
    assertFoundByName(apply, 6);
  }

  @Test
  @Order(205)
  void post500AfterCommit() throws IOException {
    Cli.Run apply =
        lifeRow(
            205,
            "POST applied, then HTTP 500",
            "6 creates; proxy forwards the 1st POST of each name (created), then answers 500 instead of the 201",
            6,
            0,
            s ->
                s.proxy.rule(
                    r -> r.isPost() && r.nth() == 1 ? Fault.statusAfter(500) : Fault.forward()),
            ExitCode.OK,
            null);
    assertFoundByName(apply, 6);
  }

  @Test
  @Order(210)
  void tcpResetBeforePost() throws IOException {
    lifeRow(
        210,
        "TCP reset (RST) before the POST reaches the server",
        "6 creates; byte-level relay as the Networking endpoint (`OS_ENDPOINT`): the 1st POST of each name is answered with RST (SO_LINGER 0) before a byte of it is passed on",
        6,
        0,
        s -> {
          try {
            TcpResetProxy tcp =
                new TcpResetProxy(
                    URI.create(s.proxy.url()).getPort(), TcpResetProxy.Mode.POST_BEFORE_UPSTREAM);
            s.extras.add(tcp);
            s.env.put("OS_ENDPOINT", tcp.url());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        ExitCode.OK,
        s -> {
          TcpResetProxy tcp = (TcpResetProxy) s.extras.get(0);
          assertThat(tcp.resets()).as("one reset per name").isEqualTo(6);
          assertThat(s.proxy.requests().stream().filter(FaultProxy.Seen::isPost).count())
              .as("each POST sent again once, after the lookup")
              .isEqualTo(6);
        });
  }

  @Test
  @Order(215)
  void http500BeforePost() throws IOException {
    lifeRow(
        215,
        "HTTP 500 from a proxy in front of the POST",
        "6 creates; proxy answers 500 to the 1st POST of each name; the sandbox never sees it",
        6,
        0,
        s ->
            s.proxy.rule(
                r -> r.isPost() && r.nth() == 1 ? Fault.statusBefore(500) : Fault.forward()),
        ExitCode.OK,
        s ->
            assertThat(s.proxy.requests().stream().filter(FaultProxy.Seen::isPost).count())
                .as("each POST sent twice, a lookup in between")
                .isEqualTo(12));
  }

  @Test
  @Order(220)
  void deleteAnswerLost() throws IOException {
    lifeRow(
        220,
        "DELETE applied, answer lost (connection closed)",
        "6 connections with `state: absent`; proxy forwards the 1st DELETE of each (the sandbox deletes it), then closes the socket without a response",
        0,
        6,
        s -> s.proxy.rule(r -> r.isDelete() && r.nth() == 1 ? Fault.dropAfter() : Fault.forward()),
        ExitCode.OK,
        s ->
            assertThat(s.proxy.appliedDeletes().values())
                .as("each connection deleted once")
                .hasSize(6)
                .allMatch(n -> n == 1));
    // the transport repeats a DELETE (it is idempotent); the repeat's 404 counts as done
    assertThat(lastRun.out().lines().filter(l -> l.contains("it was already gone")).count())
        .as("%s", lastRun)
        .isEqualTo(6);
  }

  @Test
  @Order(230)
  void killMinus9MidApplyWithCreates() throws Exception {
    int order = 230;
    Duration latency = Duration.ofMillis(300);
    try (Lifecycle s =
        new Lifecycle(
            20,
            0,
            Sandbox.builder()
                .stateFile(dir.resolve("sandbox-state.json"))
                .faults(Faults.none().withLatency(latency)))) {
      Child vpnform = child("apply", "--auto-approve", "--parallelism", "2", s.config.toString());
      String launched = vpnform.launched();
      ProcessBuilder pb = new ProcessBuilder(vpnform.cmd());
      pb.environment().clear();
      pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      pb.environment().putAll(s.env);
      Path childOut = dir.resolve("child.out");
      pb.redirectOutput(childOut.toFile()).redirectError(dir.resolve("child.err").toFile());
      // kill -9 when its 3rd POST arrives at the proxy; the proxy still passes that POST on, so
      // the sandbox creates a connection whose answer no one is left to read
      java.util.concurrent.atomic.AtomicReference<Process> running =
          new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicInteger postsSeen =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.CountDownLatch killed = new java.util.concurrent.CountDownLatch(1);
      AtomicBoolean aliveWhenKilled = new AtomicBoolean();
      s.proxy.rule(
          r ->
              r.isPost() && postsSeen.incrementAndGet() == 3
                  ? Fault.hook(
                      () -> {
                        Process p = running.get();
                        aliveWhenKilled.set(p.isAlive());
                        p.destroyForcibly(); // SIGKILL on Linux
                        try {
                          p.waitFor(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        killed.countDown();
                      })
                  : Fault.forward());
      long t0 = System.nanoTime();
      Process child = pb.start();
      running.set(child);
      boolean aliveAtKill;
      try {
        aliveAtKill = killed.await(60, TimeUnit.SECONDS) && aliveWhenKilled.get();
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long killedAfterMs = (System.nanoTime() - t0) / 1_000_000;
      int childExit = child.exitValue();
      Thread.sleep(latency.toMillis() * 3); // let requests already at the sandbox finish
      s.proxy.awaitIdle(Duration.ofSeconds(10));
      int createdByChild = s.proxy.appliedPostCount();
      long postsByChild = s.proxy.requests().stream().filter(FaultProxy.Seen::isPost).count();
      LifeVerdict afterKill = lifeVerdict(s);
      String printed = Files.readString(childOut);
      long childLines = printed.lines().filter(l -> l.matches("^\\[\\d+/\\d+\\] .*")).count();
      s.proxy.resetCounters();
      Cli.Run rerunApply = s.cli("apply", "--auto-approve", s.config.toString());
      LifeVerdict v = lifeVerdict(s);
      int createdByRerun = s.proxy.appliedPostCount();
      Map<String, Integer> rerunPosts = s.proxy.appliedPosts();
      Cli.Run plan = s.cli("plan", "--detailed-exitcode", s.config.toString());
      String how =
          launched
              + " `apply --auto-approve --parallelism 2` creating 20 connections against an in-process sandbox (Keystone, `--state FILE`, 300 ms latency); "
              + "`Process.destroyForcibly()` (SIGKILL) when its 3rd POST reached the proxy ("
              + killedAfterMs
              + " ms after start), which then passed that POST on to the sandbox; then `apply --auto-approve` again in-process";
      String outcome =
          "child "
              + (aliveAtKill ? "killed mid-apply" : "HAD ALREADY EXITED")
              + " (exit "
              + childExit
              + ") after printing "
              + childLines
              + " outcome line(s); "
              + postsByChild
              + " POST(s) sent, "
              + createdByChild
              + " created; "
              + afterKill.once()
              + "/20 existed (one created after the client died), "
              + afterKill.duplicated()
              + " duplicated<br>re-run: `"
              + rerunApply.summary()
              + "`, "
              + createdByRerun
              + " POST(s) created the rest";
      record(
          order,
          new Row(
              "`kill -9` of vpnform during an apply with creates",
              how,
              outcome,
              childExit + " (killed), re-run " + rerunApply.exit(),
              v.state(),
              v.lostDupWrong(),
              plan.exit() == 0
                  ? "yes: plan --detailed-exitcode exit 0"
                  : "NO (plan exit " + plan.exit() + ")"));
      assertThat(aliveAtKill).as("the child was still applying when killed: %s", printed).isTrue();
      assertThat(childExit).isEqualTo(137);
      assertThat(afterKill.duplicated()).isZero();
      assertThat(postsByChild)
          .as("the POST in flight at the kill still reached the sandbox")
          .isGreaterThanOrEqualTo(3);
      assertThat(afterKill.once()).isEqualTo(createdByChild);
      assertThat(rerunApply.exit()).as(rerunApply.toString()).isEqualTo(ExitCode.OK);
      assertThat(rerunPosts.keySet())
          .as("the re-run creates only what the killed apply had not")
          .hasSize(20 - afterKill.once());
      assertThat(v.once()).as(v.state()).isEqualTo(20);
      assertThat(v.duplicated() + v.wrong()).as(v.state()).isZero();
      assertThat(plan.exit()).as(plan.toString()).isZero();
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  /** cli/target/vpnform.jar, found from the module or the repository directory, or null. */
  static Path jar() {
    for (String p : List.of("target/vpnform.jar", "cli/target/vpnform.jar")) {
      Path j = Path.of(p).toAbsolutePath();
      if (Files.isRegularFile(j)) {
        return j;
      }
    }
    return null;
  }

  static int http(String method, URI endpoint, String id, String body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint.resolve("/v2.0/vpn/ipsec-site-connections/" + id))
            .timeout(Duration.ofSeconds(10));
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return HttpClient.newHttpClient()
          .send(b.build(), HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @AfterAll
  static void writeTable() throws IOException {
    for (java.lang.reflect.Method m : FaultMatrixTest.class.getDeclaredMethods()) {
      Disabled d = m.getAnnotation(Disabled.class);
      Order o = m.getAnnotation(Order.class);
      if (d != null && o != null) {
        synchronized (ROWS) {
          ROWS.putIfAbsent(
              o.value(),
              new Row(
                  m.getName().replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT),
                  "-",
                  "**row disabled** — " + d.value(),
                  "-",
                  "-",
                  "-",
                  "-"));
        }
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(
        "| fault | injected how | outcome | exit code | final state | lost / duplicated / wrong | re-run converges |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    synchronized (ROWS) {
      for (Row r : ROWS.values()) {
        md.append("| ")
            .append(
                List.of(
                        r.fault(),
                        r.how(),
                        r.outcome(),
                        r.exit(),
                        r.finalState(),
                        r.lostDupWrong(),
                        r.rerun())
                    .stream()
                    .map(c -> c.replace("|", "\\|").replace("\n", " "))
                    .collect(Collectors.joining(" | ")))
            .append(" |\n");
      }
    }
    String base = System.getProperty("basedir");
    Path target = (base != null ? Path.of(base) : Path.of("")).resolve("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("fault-matrix.md"), md);
    System.out.println("\nFault matrix (" + target.resolve("fault-matrix.md") + "):\n\n" + md);
  }
}
