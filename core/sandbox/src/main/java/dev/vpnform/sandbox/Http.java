package dev.vpnform.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Transport-neutral request and response, and the URL handling neutron's webob does. */
final class Http {
  private Http() {}

  /**
   * One request.
   *
   * @param rawPath the path as sent, still percent-encoded
   * @param query the decoded query parameters in order (webob's GET multidict)
   * @param headers header values by lower-cased name
   * @param baseUrl scheme and authority the client used, e.g. http://127.0.0.1:9696
   */
  record Req(
      String method,
      String rawPath,
      List<Map.Entry<String, String>> query,
      Map<String, List<String>> headers,
      byte[] body,
      String baseUrl) {

    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** All non-empty values of a query parameter (neutron's list_args). */
    List<String> all(String name) {
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, String> e : query) {
        if (e.getKey().equals(name) && !e.getValue().isEmpty()) {
          out.add(e.getValue());
        }
      }
      return out;
    }

    /** webob's {@code GET.get(name)}: the last value, or null. */
    String last(String name) {
      String v = null;
      for (Map.Entry<String, String> e : query) {
        if (e.getKey().equals(name)) {
          v = e.getValue();
        }
      }
      return v;
    }
  }

  /** One response; a null body means none (204). */
  record Res(int status, byte[] body, Map<String, String> headers) {
    static Res json(int status, Object body) {
      return new Res(status, Json.write(body), new LinkedHashMap<>());
    }

    static Res noContent() {
      return new Res(204, null, new LinkedHashMap<>());
    }

    Res withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Res(status, body, h);
    }
  }

  static Res neutronError(NeutronError e) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("type", e.type);
    inner.put("message", e.getMessage());
    inner.put("detail", "");
    return Res.json(e.status, Map.of("NeutronError", inner));
  }

  /** Python's parse_qsl(keep_blank_values=True): '&'-separated, '+' is a space, UTF-8. */
  static List<Map.Entry<String, String>> parseQuery(String rawQuery) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String piece : rawQuery.split("&")) {
      if (piece.isEmpty()) {
        continue;
      }
      int eq = piece.indexOf('=');
      String k = eq < 0 ? piece : piece.substring(0, eq);
      String v = eq < 0 ? "" : piece.substring(eq + 1);
      out.add(
          new AbstractMap.SimpleImmutableEntry<>(
              percentDecode(k.replace('+', ' ')), percentDecode(v.replace('+', ' '))));
    }
    return out;
  }

  /** Decodes %XX sequences as UTF-8 (invalid sequences are kept as they are). */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%' && i + 2 < in.length) {
        int hi = Character.digit(in[i + 1], 16);
        int lo = Character.digit(in[i + 2], 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out.write(in[i]);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static Map<String, List<String>> lowerCaseHeaders(Map<String, List<String>> in) {
    Map<String, List<String>> out = new TreeMap<>();
    in.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }
}
