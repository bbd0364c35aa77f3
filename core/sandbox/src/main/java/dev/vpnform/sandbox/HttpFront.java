package dev.vpnform.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vpnform.sandbox.Http.Req;
import dev.vpnform.sandbox.Http.Res;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Turns HTTP exchanges into {@link Req}s and {@link Res}s: counts requests, applies faults, guards
 * the network API with Keystone tokens when enabled, and writes responses with the headers neutron
 * sends. Nothing is logged.
 */
final class HttpFront implements HttpHandler {
  static final int MAX_BODY = 16 * 1024 * 1024;

  /** The faults in force, with the 429 countdown and random source they started. */
  static final class FaultState {
    private volatile Faults faults = Faults.none();
    private final AtomicInteger remaining429 = new AtomicInteger();
    private Random random = new Random(0);

    synchronized void set(Faults f) {
      faults = f;
      remaining429.set(f.tooManyRequests());
      random = new Random(f.randomSeed());
    }

    Faults current() {
      return faults;
    }

    boolean take429() {
      return remaining429.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    synchronized double nextDouble() {
      return random.nextDouble();
    }

    synchronized boolean nextBoolean() {
      return random.nextBoolean();
    }
  }

  private final NeutronApi api;
  private final Keystone keystone;
  private final FaultState faults;
  private final AtomicInteger requests;
  private final Supplier<String> defaultBaseUrl;

  HttpFront(
      NeutronApi api,
      Keystone keystone,
      FaultState faults,
      AtomicInteger requests,
      Supplier<String> defaultBaseUrl) {
    this.api = api;
    this.keystone = keystone;
    this.faults = faults;
    this.requests = requests;
    this.defaultBaseUrl = defaultBaseUrl;
  }

  @Override
  public void handle(HttpExchange ex) {
    requests.incrementAndGet();
    try (ex) {
      byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        // a safety limit of the sandbox (neutron itself has none on these resources)
        write(
            ex,
            Http.neutronError(
                new NeutronError(413, "HTTPRequestEntityTooLarge", "Request is too large.")));
        return;
      }
      Faults f = faults.current();
      if (!f.latency().isZero()) {
        sleep(f.latency());
      }
      if (faults.take429()) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("type", "HTTPTooManyRequests");
        inner.put("message", "Too many requests, retry after " + f.retryAfterSeconds() + " s.");
        inner.put("detail", "");
        write(
            ex,
            Res.json(429, Map.of("NeutronError", inner))
                .withHeader("Retry-After", Integer.toString(f.retryAfterSeconds())));
        return;
      }
      if (f.dropRate() > 0 && faults.nextDouble() < f.dropRate()) {
        return; // closing the exchange before any response closes the connection
      }
      if (f.errorRate() > 0 && faults.nextDouble() < f.errorRate()) {
        write(ex, faults.nextBoolean() ? serviceUnavailable() : internalError());
        return;
      }
      write(ex, dispatch(ex, body));
    } catch (RuntimeException e) {
      writeQuietly(ex, internalError());
    } catch (IOException e) {
      // the client went away; rethrowing would only make the JDK server log it
    }
  }

  private Res dispatch(HttpExchange ex, byte[] body) {
    String host = ex.getRequestHeaders().getFirst("Host");
    String baseUrl = host == null || host.isBlank() ? defaultBaseUrl.get() : "http://" + host;
    String path = ex.getRequestURI().getRawPath();
    Req req =
        new Req(
            ex.getRequestMethod(),
            path == null ? "/" : path,
            Http.parseQuery(ex.getRequestURI().getRawQuery()),
            Http.lowerCaseHeaders(ex.getRequestHeaders()),
            body,
            baseUrl);
    if (keystone != null
        && (req.rawPath().equals("/identity") || req.rawPath().startsWith("/identity/"))) {
      return keystone.handle(req);
    }
    VpnPlugin.Ctx ctx = VpnPlugin.Ctx.NOAUTH;
    if (keystone != null && !NeutronApi.isPublic(req.rawPath())) {
      String token = req.header("X-Auth-Token");
      ctx = keystone.authenticate(token != null ? token : req.header("X-Storage-Token"));
      if (ctx == null) {
        return keystoneMiddleware401();
      }
    }
    return api.handle(req, ctx);
  }

  /** keystonemiddleware's answer to a missing, unknown or expired token. */
  private Res keystoneMiddleware401() {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", 401);
    e.put("title", "Unauthorized");
    e.put("message", "The request you have made requires authentication.");
    return Res.json(401, Map.of("error", e))
        .withHeader("Www-Authenticate", "Keystone uri=\"" + defaultBaseUrl.get() + "/identity\"");
  }

  private static Res internalError() {
    return Http.neutronError(NeutronError.internal());
  }

  private static Res serviceUnavailable() {
    return Http.neutronError(
        new NeutronError(
            503,
            "HTTPServiceUnavailable",
            "The server is currently unavailable. Please try again at a later time."));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void writeQuietly(HttpExchange ex, Res res) {
    try {
      write(ex, res);
    } catch (IOException | RuntimeException ignored) {
      // the client is gone or headers were already sent: nothing more to say
    }
  }

  /**
   * Every response has Content-Type: application/json (except a 204, which has no body, as in
   * neutron), Content-Length and a fresh X-Openstack-Request-Id that is never the client's.
   */
  static void write(HttpExchange ex, Res res) throws IOException {
    var h = ex.getResponseHeaders();
    res.headers().forEach(h::set);
    h.set("X-Openstack-Request-Id", "req-" + UUID.randomUUID());
    byte[] body = res.body();
    if (body == null) {
      h.set("Content-Length", "0");
      ex.sendResponseHeaders(res.status(), -1);
      return;
    }
    h.set("Content-Type", "application/json");
    if (ex.getRequestMethod().equals("HEAD")) {
      // HEAD answers carry the length of the body they leave out
      h.set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(res.status(), -1);
      return;
    }
    ex.sendResponseHeaders(res.status(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
