package dev.vpnform.cli.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy in front of one server that records every request it forwards: how a test
 * counts what a client sends to a real neutron-server.
 */
final class CountingProxy implements AutoCloseable {
  private static final List<String> FORWARDED_HEADERS =
      List.of("Accept", "Content-Type", "X-Auth-Token", "User-Agent", "X-Openstack-Request-Id");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<String> requests = new ArrayList<>();

  CountingProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(pool);
    server.start();
  }

  /** http://127.0.0.1:PORT, to use as the endpoint instead of the target. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** "METHOD /path?query" of every request so far. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  synchronized void reset() {
    requests.clear();
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      String pathAndQuery =
          ex.getRequestURI().getRawPath()
              + (ex.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + ex.getRequestURI().getRawQuery());
      synchronized (this) {
        requests.add(ex.getRequestMethod() + " " + pathAndQuery);
      }
      byte[] body = ex.getRequestBody().readAllBytes();
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(target + pathAndQuery))
              .timeout(Duration.ofSeconds(60))
              .method(
                  ex.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String h : FORWARDED_HEADERS) {
        String v = ex.getRequestHeaders().getFirst(h);
        if (v != null) {
          b.header(h, v);
        }
      }
      HttpResponse<byte[]> r;
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      }
      r.headers()
          .firstValue("Content-Type")
          .ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
      r.headers()
          .firstValue("X-Openstack-Request-Id")
          .ifPresent(v -> ex.getResponseHeaders().set("X-Openstack-Request-Id", v));
      byte[] out = r.body();
      ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
