package dev.vpnform.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small JSON-over-HTTP client for the sandbox tests. */
final class TestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /** A response: status, headers and the parsed JSON body (null if none). */
  record Reply(int status, Map<String, List<String>> headers, Object body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    /** A value by dotted path, e.g. "ipsec_site_connection.dpd.interval". */
    Object at(String path) {
      Object cur = body;
      for (String p : path.split("\\.")) {
        if (cur instanceof Map<?, ?> m) {
          cur = m.get(p);
        } else if (cur instanceof List<?> l) {
          cur = l.get(Integer.parseInt(p));
        } else {
          return null;
        }
      }
      return cur;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String key) {
      return (List<Map<String, Object>>) at(key);
    }
  }

  TestClient(URI endpoint) {
    this.base = endpoint.toString();
  }

  TestClient header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  Reply put(String path, Object body) throws IOException, InterruptedException {
    return send("PUT", path, body);
  }

  Reply post(String path, Object body) throws IOException, InterruptedException {
    return send("POST", path, body);
  }

  Reply delete(String path) throws IOException, InterruptedException {
    return send("DELETE", path, null);
  }

  Reply send(String method, String path, Object body) throws IOException, InterruptedException {
    String url = path.startsWith("http") ? path : base + path;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    headers.forEach(b::header);
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    Object parsed = r.body().length == 0 ? null : JSON.readValue(r.body(), Object.class);
    return new Reply(r.statusCode(), r.headers().map(), parsed);
  }

  static Map<String, Object> wrap(String resource, Object... kv) {
    Map<String, Object> inner = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      inner.put((String) kv[i], kv[i + 1]);
    }
    return Map.of(resource, inner);
  }
}
