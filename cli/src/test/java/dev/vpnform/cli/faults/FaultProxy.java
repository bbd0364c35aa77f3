package dev.vpnform.cli.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A reverse proxy in front of a sandbox, over real loopback HTTP (or HTTPS), that injects faults
 * the sandbox's own {@code Faults} cannot express precisely (a given status on the n-th attempt of
 * a request, a failure after the sandbox already applied a PUT, a delay on one request only, an
 * error body that echoes the request) and counts what reached the sandbox.
 *
 * <p>Like a real reverse proxy it rewrites the sandbox's own base URL in response bodies and
 * headers (Keystone's catalog, next links) to its own, so every request goes through it.
 */
final class FaultProxy implements AutoCloseable {
  private static final Pattern CONNECTION_PATH =
      Pattern.compile("/v2\\.0/vpn/ipsec-site-connections/([^/?]+)$");
  private static final String CONNECTIONS = "/v2.0/vpn/ipsec-site-connections";
  private static final Pattern NAME =
      Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "content-length",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection",
          "date");

  /** What the proxy does with one request. */
  enum Kind {
    FORWARD,
    /** Answer with a status, without forwarding: the sandbox never sees the request. */
    STATUS_BEFORE,
    /** Forward (the sandbox applies it), then answer with a status instead of its response. */
    STATUS_AFTER,
    /** Close the connection without a response, without forwarding. */
    DROP_BEFORE,
    /** Forward (the sandbox applies it), then close the connection without a response. */
    DROP_AFTER,
    /** Wait, then forward. */
    DELAY_BEFORE,
    /** Answer 400 with a NeutronError whose message quotes the request body and token. */
    ECHO_400,
    /** Forward (applied), send the headers and half the body, wait, then the rest. */
    STALL_BODY,
    /** Forward (applied), then answer 200 with a body that is not JSON. */
    GARBAGE_AFTER
  }

  record Fault(Kind kind, int status, long delayMs, Runnable before, String retryAfter) {
    Fault(Kind kind, int status, long delayMs, Runnable before) {
      this(kind, status, delayMs, before, null);
    }

    static Fault forward() {
      return new Fault(Kind.FORWARD, 0, 0, null);
    }

    /** Answer 429 with this Retry-After, without forwarding. */
    static Fault tooManyRequests(int retryAfterSeconds) {
      return new Fault(Kind.STATUS_BEFORE, 429, 0, null, Integer.toString(retryAfterSeconds));
    }

    static Fault garbageAfter() {
      return new Fault(Kind.GARBAGE_AFTER, 200, 0, null);
    }

    static Fault stallBody(long ms) {
      return new Fault(Kind.STALL_BODY, 0, ms, null);
    }

    static Fault statusBefore(int status) {
      return new Fault(Kind.STATUS_BEFORE, status, 0, null);
    }

    static Fault statusAfter(int status) {
      return new Fault(Kind.STATUS_AFTER, status, 0, null);
    }

    static Fault dropBefore() {
      return new Fault(Kind.DROP_BEFORE, 0, 0, null);
    }

    static Fault dropAfter() {
      return new Fault(Kind.DROP_AFTER, 0, 0, null);
    }

    static Fault delay(long ms) {
      return new Fault(Kind.DELAY_BEFORE, 0, ms, null);
    }

    static Fault echo400() {
      return new Fault(Kind.ECHO_400, 400, 0, null);
    }

    /** Runs {@code r} first, then forwards. */
    static Fault hook(Runnable r) {
      return new Fault(Kind.FORWARD, 0, 0, r);
    }
  }

  /**
   * One request as the proxy saw it. {@code nth} counts requests with the same method and path
   * (query excluded), from 1: the n-th attempt of the same call; for a connection POST, whose path
   * is the same for every create, it counts the POSTs of the same name.
   */
  record Seen(String method, String path, String query, int nth, int index, String body) {
    /** The name in a body, or null: what a connection POST creates. */
    static String nameIn(String body) {
      Matcher m = NAME.matcher(body);
      return m.find() ? m.group(1) : null;
    }

    /** The name of the connection a POST creates, or null. */
    String createdName() {
      return isPost() ? nameIn(body) : null;
    }

    /** A POST that creates an IPsec site connection. */
    boolean isPost() {
      return method.equals("POST") && path.equals(CONNECTIONS);
    }

    boolean isDelete() {
      return method.equals("DELETE") && connectionId() != null;
    }

    /** A list of connections filtered by name, as a create's lookup asks. */
    boolean isNameLookup() {
      return method.equals("GET")
          && path.equals(CONNECTIONS)
          && query != null
          && query.contains("name=");
    }

    /** The connection id of {@code /v2.0/vpn/ipsec-site-connections/{id}}, or null. */
    String connectionId() {
      Matcher m = CONNECTION_PATH.matcher(path);
      return m.find() ? m.group(1) : null;
    }

    boolean isPut() {
      return method.equals("PUT") && connectionId() != null;
    }

    boolean isConnectionGet() {
      return method.equals("GET") && connectionId() != null;
    }

    boolean isKeystoneTokenPost() {
      return method.equals("POST") && path.endsWith("/auth/tokens");
    }

    boolean isNetwork() {
      return path.startsWith("/v2.0");
    }
  }

  interface Rule {
    Fault decide(Seen s);
  }

  private final URI upstream;
  private final String upstreamBase;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient http;
  private final String base;
  private volatile Rule rule = s -> Fault.forward();

  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
  private final AtomicInteger index = new AtomicInteger();
  private final Map<String, List<String>> appliedPutBodies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> appliedPosts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> appliedDeletes = new ConcurrentHashMap<>();
  private final List<Seen> log = new CopyOnWriteArrayList<>();
  private final Map<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger drops = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger tokenPosts = new AtomicInteger();
  private final List<String> subjectTokens = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();

  /** {@code tls} null: plain HTTP. */
  FaultProxy(URI upstream, SSLContext tls) throws IOException {
    this.upstream = upstream;
    this.upstreamBase = upstream.toString().replaceAll("/+$", "");
    InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
    if (tls != null) {
      HttpsServer s = HttpsServer.create(bind, 0);
      s.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = s;
    } else {
      server = HttpServer.create(bind, 0);
    }
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fault-proxy-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    base = (tls != null ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  static FaultProxy in(URI upstream) throws IOException {
    return new FaultProxy(upstream, null);
  }

  /** http(s)://127.0.0.1:PORT of the proxy. */
  String url() {
    return base;
  }

  FaultProxy rule(Rule r) {
    this.rule = r == null ? s -> Fault.forward() : r;
    return this;
  }

  /** Forgets the per-call attempt counts (not the other counters). */
  void resetAttempts() {
    seen.clear();
  }

  /** PUT bodies the sandbox answered 200, per connection id (in arrival order). */
  Map<String, List<String>> appliedPuts() {
    Map<String, List<String>> out = new ConcurrentHashMap<>();
    appliedPutBodies.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  int appliedPutCount() {
    return appliedPutBodies.values().stream().mapToInt(List::size).sum();
  }

  /** Connection POSTs the sandbox answered 201, per name: how many connections each made. */
  Map<String, Integer> appliedPosts() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    appliedPosts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  int appliedPostCount() {
    return appliedPosts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Connection DELETEs the sandbox answered 204, per id. */
  Map<String, Integer> appliedDeletes() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    appliedDeletes.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Every request, in arrival order (bodies may hold psks: never print them). */
  List<Seen> requests() {
    return List.copyOf(log);
  }

  /** How many responses with this status went back to the client. */
  int answered(int status) {
    AtomicInteger a = answered.get(status);
    return a == null ? 0 : a.get();
  }

  int injected() {
    return injected.get();
  }

  /**
   * For each connection PUT that arrived at least twice, the milliseconds between its 1st and 2nd
   * attempt: how long the client waited before retrying.
   */
  List<Long> putRetryGapsMs() {
    List<Long> out = new ArrayList<>();
    arrivals.forEach(
        (k, v) -> {
          if (k.startsWith("PUT ") && v.size() >= 2) {
            out.add((v.get(1) - v.get(0)) / 1_000_000);
          }
        });
    return out;
  }

  /** Connections closed without a response (injected, or passed on from the sandbox). */
  int drops() {
    return drops.get();
  }

  /** Waits until no request is being handled (a held request has reached the sandbox). */
  void awaitIdle(Duration max) {
    long end = System.nanoTime() + max.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < end) {
      sleep(20);
    }
  }

  int tokenPosts() {
    return tokenPosts.get();
  }

  /** Every X-Subject-Token the sandbox's Keystone issued through this proxy. */
  List<String> issuedTokens() {
    return List.copyOf(subjectTokens);
  }

  List<String> events() {
    return List.copyOf(events);
  }

  void resetCounters() {
    appliedPutBodies.clear();
    appliedPosts.clear();
    appliedDeletes.clear();
    log.clear();
    answered.clear();
    injected.set(0);
    drops.set(0);
    tokenPosts.set(0);
    events.clear();
    seen.clear();
    arrivals.clear();
  }

  private void handle(HttpExchange ex) {
    inFlight.incrementAndGet();
    try {
      handleCounted(ex);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void handleCounted(HttpExchange ex) {
    try (ex) {
      byte[] bodyBytes = ex.getRequestBody().readAllBytes();
      String body = new String(bodyBytes, StandardCharsets.UTF_8);
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      String key = method + " " + path;
      if (method.equals("POST") && path.equals(CONNECTIONS)) {
        key += " " + Seen.nameIn(body);
      }
      int nth = seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      arrivals
          .computeIfAbsent(method + " " + path, k -> new CopyOnWriteArrayList<>())
          .add(System.nanoTime());
      Seen s = new Seen(method, path, query, nth, index.incrementAndGet(), body);
      log.add(s);
      Fault f = rule.decide(s);
      if (f == null) {
        f = Fault.forward();
      }
      if (f.kind() != Kind.FORWARD || f.before() != null) {
        injected.incrementAndGet();
      }
      events.add(
          method
              + " "
              + path
              + " #"
              + nth
              + " -> "
              + f.kind()
              + (f.status() > 0 ? " " + f.status() : ""));
      if (f.before() != null) {
        f.before().run();
      }
      if (s.isKeystoneTokenPost()) {
        tokenPosts.incrementAndGet();
      }
      switch (f.kind()) {
        case STATUS_BEFORE -> {
          if (f.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", f.retryAfter());
          }
          respondError(ex, f.status(), null);
          return;
        }
        case DROP_BEFORE -> {
          drops.incrementAndGet();
          return; // closing the exchange without a response closes the connection
        }
        case ECHO_400 -> {
          String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
          respondError(
              ex,
              400,
              "Invalid input for operation: could not understand "
                  + body
                  + (token != null ? " (token " + token + ")" : "")
                  + " at "
                  + path
                  + (query != null ? "?" + query : ""));
          return;
        }
        case DELAY_BEFORE -> sleep(f.delayMs());
        default -> {}
      }
      HttpResponse<byte[]> up = forward(ex, method, path, query, bodyBytes);
      if (up == null) {
        drops.incrementAndGet();
        return; // the sandbox closed the connection: so does the proxy
      }
      if (s.isPut() && up.statusCode() == 200) {
        appliedPutBodies
            .computeIfAbsent(s.connectionId(), k -> Collections.synchronizedList(new ArrayList<>()))
            .add(body);
      }
      if (s.isPost() && up.statusCode() == 201) {
        appliedPosts
            .computeIfAbsent(String.valueOf(s.createdName()), k -> new AtomicInteger())
            .incrementAndGet();
      }
      if (s.isDelete() && up.statusCode() == 204) {
        appliedDeletes
            .computeIfAbsent(s.connectionId(), k -> new AtomicInteger())
            .incrementAndGet();
      }
      up.headers().firstValue("x-subject-token").ifPresent(subjectTokens::add);
      switch (f.kind()) {
        case STATUS_AFTER -> respondError(ex, f.status(), null);
        case DROP_AFTER -> drops.incrementAndGet();
        case STALL_BODY -> relay(ex, up, f.delayMs());
        case GARBAGE_AFTER -> {
          byte[] html = "<html><body>OK</body></html>".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html");
          count(200);
          ex.sendResponseHeaders(200, html.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(html);
          }
        }
        default -> relay(ex, up, 0);
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or the exchange was already answered
    }
  }

  private HttpResponse<byte[]> forward(
      HttpExchange ex, String method, String path, String query, byte[] body) {
    URI target = URI.create(upstreamBase + path + (query != null ? "?" + query : ""));
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60));
    ex.getRequestHeaders()
        .forEach(
            (k, vs) -> {
              if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                vs.forEach(v -> b.header(k, v));
              }
            });
    b.method(
        method,
        body.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void relay(HttpExchange ex, HttpResponse<byte[]> up, long stallMs) throws IOException {
    var h = ex.getResponseHeaders();
    up.headers()
        .map()
        .forEach(
            (k, vs) -> {
              if (!k.startsWith(":") && !HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                vs.forEach(v -> h.add(k, v.replace(upstreamBase, base)));
              }
            });
    byte[] body = up.body();
    if (body != null && body.length > 0) {
      body =
          new String(body, StandardCharsets.UTF_8)
              .replace(upstreamBase, base)
              .getBytes(StandardCharsets.UTF_8);
    }
    count(up.statusCode());
    if (body == null || body.length == 0) {
      ex.sendResponseHeaders(up.statusCode(), -1);
      return;
    }
    ex.sendResponseHeaders(up.statusCode(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (stallMs > 0) {
        out.write(body, 0, body.length / 2);
        out.flush();
        sleep(stallMs);
        out.write(body, body.length / 2, body.length - body.length / 2);
      } else {
        out.write(body);
      }
    }
  }

  private void respondError(HttpExchange ex, int status, String message) throws IOException {
    String type =
        switch (status) {
          case 400 -> "HTTPBadRequest";
          case 429 -> "HTTPTooManyRequests";
          case 502 -> "HTTPBadGateway";
          case 503 -> "HTTPServiceUnavailable";
          case 504 -> "HTTPGatewayTimeout";
          default -> "HTTPInternalServerError";
        };
    String text =
        message != null
            ? message
            : status == 500
                ? "Request Failed: internal server error while processing your request."
                : "Injected by the fault proxy.";
    String json =
        "{\"NeutronError\": {\"type\": \""
            + type
            + "\", \"message\": "
            + jsonString(text)
            + ", \"detail\": \"\"}}";
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("X-Openstack-Request-Id", "req-fault-proxy-" + index.get());
    count(status);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private void count(int status) {
    answered.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
  }

  static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "FaultProxy[" + base + " -> " + upstream + "]";
  }
}
