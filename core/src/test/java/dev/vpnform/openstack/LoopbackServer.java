package dev.vpnform.openstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A real HTTP(S) server on the loopback interface that records every request it receives. */
final class LoopbackServer implements AutoCloseable {
  record Recorded(String method, URI uri, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    /** Every value of query parameter {@code name}, decoded. */
    List<String> params(String name) {
      List<String> out = new ArrayList<>();
      String q = uri.getRawQuery();
      if (q == null) {
        return out;
      }
      for (String kv : q.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0 && URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
          out.add(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return out;
    }

    String param(String name) {
      List<String> v = params(name);
      return v.isEmpty() ? null : v.get(0);
    }
  }

  /** What to answer; {@link #RESET} closes the connection without answering. */
  record Reply(int status, String body, Map<String, String> headers) {
    static final Reply RESET = new Reply(-1, null, Map.of());

    static Reply json(int status, String body) {
      return new Reply(status, body, Map.of("Content-Type", "application/json"));
    }

    Reply with(String header, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(header, value);
      return new Reply(status, body, h);
    }
  }

  interface Handler {
    Reply handle(Recorded request) throws Exception;
  }

  final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Handler> routes = Collections.synchronizedMap(new LinkedHashMap<>());
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final String scheme;

  LoopbackServer() throws IOException {
    this(null);
  }

  /** An HTTPS server when {@code tls} is given. */
  LoopbackServer(SSLContext tls) throws IOException {
    InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(addr, 0);
      scheme = "http";
    } else {
      HttpsServer s = HttpsServer.create(addr, 0);
      s.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = s;
      scheme = "https";
    }
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  /** Requests whose path starts with {@code prefix} go to {@code h}; the longest prefix wins. */
  LoopbackServer route(String prefix, Handler h) {
    routes.put(prefix, h);
    return this;
  }

  String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Recorded> requestsTo(String pathPrefix) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.uri().getPath().startsWith(pathPrefix)).toList();
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Recorded rec =
          new Recorded(
              ex.getRequestMethod(), ex.getRequestURI(), Map.copyOf(ex.getRequestHeaders()), body);
      requests.add(rec);
      Handler h = null;
      int best = -1;
      synchronized (routes) {
        for (Map.Entry<String, Handler> e : routes.entrySet()) {
          if (rec.uri().getPath().startsWith(e.getKey()) && e.getKey().length() > best) {
            h = e.getValue();
            best = e.getKey().length();
          }
        }
      }
      Reply reply;
      try {
        reply = h == null ? Reply.json(404, "{\"error\": \"no route\"}") : h.handle(rec);
      } catch (Exception e) {
        reply = Reply.json(599, "{\"test handler failed\": \"" + e + "\"}");
      }
      if (reply == Reply.RESET) {
        return; // closing the exchange without a response drops the connection
      }
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] out =
          reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
