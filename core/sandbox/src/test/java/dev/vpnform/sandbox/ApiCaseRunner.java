package dev.vpnform.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the data-driven API cases (a JSON list, see {@code sandbox/neutron-vpnaas-cases.json}) over
 * real HTTP against any {@link ApiTarget}. It knows nothing of the sandbox, so the same cases can
 * run against a real neutron-server.
 *
 * <p>A case is {@code {"name", "doc", "requires": [...], "steps": [step...]}}, or a single step
 * written inline. A step is {@code {"method", "path", "body" | "raw", "headers", "expect",
 * "save"}}:
 *
 * <ul>
 *   <li>{@code body} is any JSON value, sent serialised; {@code raw} is a string sent verbatim.
 *       Either gets {@code Content-Type: application/json} unless {@code headers} maps it to null.
 *   <li>{@code expect}: {@code status}; {@code type}/{@code message} (the NeutronError's); {@code
 *       json}: path to expected value or matcher; {@code headers}: name to expected value or
 *       matcher.
 *   <li>paths: {@code a.b[0].c}; {@code $} is the whole body.
 *   <li>matchers: {@code {"$set": [...]}} (any order), {@code {"$absent": true}}, {@code {"$size":
 *       n}}, {@code {"$keys": [...]}} (exactly these keys, any order), {@code {"$regex": "..."}},
 *       {@code {"$sortedBy": "key", "desc": false}} (a list ordered by that key).
 *   <li>{@code save}: variable name to path, to use in later steps as {@code ${name}}.
 * </ul>
 *
 * <p>Strings anywhere in a step may use {@code ${variable}}; {@code ${run}} is 8 hex digits new to
 * each run of a case.
 *
 * <p>A case with {@code "each": {"v": [values...], "w": [...]}} is a generated family: one case per
 * combination of the values (the cartesian product, in order), with {@code ${v}} replaced in its
 * name, doc and steps when the file is loaded. A string that is exactly {@code "${v}"} becomes the
 * value itself (a number, null, an object...); inside a longer string the value's text is used. A
 * value that is an object with the key {@code "$as"} gives a different text for names: {@code
 * {"$as": "long", "value": "xxx..."}}. {@code "each": [{"v": 1, "w": 2}, ...]} lists the bindings
 * instead (one case each), e.g. one per resource kind. In a body, {@code "$merge": "${extra}"} adds
 * the fields of the object {@code extra} (a kind's required fields).
 */
final class ApiCaseRunner {
  static final String MISSING_ID = "00000000-0000-0000-0000-000000000000";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  /** One case as read from the file. */
  record ApiCase(String name, String doc, List<String> requires, List<Map<String, Object>> steps) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The outcome: empty failures means passed; a non-null skipReason means not applicable. */
  record Result(List<String> failures, String skipReason) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @SuppressWarnings("unchecked")
  static List<ApiCase> load(String resource) throws IOException {
    try (InputStream in = ApiCaseRunner.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no resource " + resource);
      }
      List<Map<String, Object>> raw = JSON.readValue(in, List.class);
      List<ApiCase> out = new ArrayList<>();
      for (Map<String, Object> c0 : raw) {
        for (Map<String, Object> c : expand(c0)) {
          List<Map<String, Object>> steps =
              c.containsKey("steps") ? (List<Map<String, Object>>) c.get("steps") : List.of(c);
          out.add(
              new ApiCase(
                  (String) c.get("name"),
                  (String) c.getOrDefault("doc", ""),
                  (List<String>) c.getOrDefault("requires", List.of()),
                  steps));
        }
      }
      return out;
    }
  }

  /** The cases of a family ({@code "each"}), or the case itself. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> expand(Map<String, Object> c) {
    Object spec = c.get("each");
    if (spec == null) {
      return List.of(c);
    }
    List<Map<String, Object>> bindings = new ArrayList<>();
    if (spec instanceof List<?> rows) {
      rows.forEach(r -> bindings.add((Map<String, Object>) r));
    } else {
      bindings.add(new LinkedHashMap<>());
    }
    Map<String, Object> each = spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    for (Map.Entry<String, Object> e : each.entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> b : bindings) {
        for (Object v : (List<Object>) e.getValue()) {
          Map<String, Object> nb = new LinkedHashMap<>(b);
          nb.put(e.getKey(), v);
          next.add(nb);
        }
      }
      bindings.clear();
      bindings.addAll(next);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> b : bindings) {
      Map<String, Object> copy = new LinkedHashMap<>(c);
      copy.remove("each");
      Map<String, Object> bound = (Map<String, Object>) bindAll(copy, b, true);
      bound.put("name", bindAll(c.get("name"), b, false));
      out.add(bound);
    }
    return out;
  }

  /**
   * Replaces the family's variables. {@code values}: false in names and keys, where a {@code
   * {"$as"}} value gives its short text.
   */
  private static Object bindAll(Object o, Map<String, Object> b, boolean values) {
    if (o instanceof String s) {
      Matcher whole = VAR.matcher(s);
      if (values && whole.matches() && b.containsKey(whole.group(1))) {
        Object v = b.get(whole.group(1));
        return v instanceof Map<?, ?> m && m.containsKey("$as") ? m.get("value") : v;
      }
      Matcher m = VAR.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String text = m.group();
        if (b.containsKey(m.group(1))) {
          Object v = b.get(m.group(1));
          if (v instanceof Map<?, ?> as && as.containsKey("$as")) {
            v = values ? as.get("value") : as.get("$as");
          }
          text = v instanceof String str ? str : writeJson(v);
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(text));
      }
      m.appendTail(sb);
      return sb.toString();
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) -> {
            Object bound = bindAll(v, b, values);
            if ("$merge".equals(k) && bound instanceof Map<?, ?> extra) {
              extra.forEach((k2, v2) -> out.put((String) k2, v2)); // a family's extra fields
            } else {
              out.put((String) bindAll(k, b, false), bound);
            }
          });
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(bindAll(v, b, values)));
      return out;
    }
    return o;
  }

  private static String writeJson(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  Result run(ApiCase c, ApiTarget target) throws IOException, InterruptedException {
    Map<String, String> vars = new HashMap<>(target.variables());
    vars.put("endpoint", target.endpoint().toString());
    vars.put("missing", MISSING_ID);
    // unique per run of a case, for names on a server that other runs share
    vars.put("run", java.util.UUID.randomUUID().toString().substring(0, 8));
    for (String r : c.requires()) {
      if (!vars.containsKey(r) && !target.capabilities().contains(r)) {
        return new Result(List.of(), "the target has no " + r);
      }
    }
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < c.steps().size(); i++) {
      Map<String, Object> step = c.steps().get(i);
      Set<String> unknown = new java.util.TreeSet<>();
      collectVars(step, unknown);
      unknown.removeAll(vars.keySet());
      if (!unknown.isEmpty()) {
        return new Result(List.of(), "the target has no " + String.join(", ", unknown));
      }
      String prefix =
          "step " + (i + 1) + " (" + step.get("method") + " " + step.get("path") + "): ";
      HttpResponse<byte[]> resp = send(step, vars, target);
      int before = failures.size();
      check(step, vars, resp, prefix, failures);
      if (failures.size() > before) {
        break; // later steps build on this one
      }
      save(step, resp, vars);
    }
    return new Result(failures, null);
  }

  private HttpResponse<byte[]> send(Map<String, Object> step, Map<String, String> vars, ApiTarget t)
      throws IOException, InterruptedException {
    String method = (String) step.get("method");
    String path = subst((String) step.get("path"), vars);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(t.endpoint() + path)).timeout(Duration.ofSeconds(20));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    byte[] body = null;
    if (step.containsKey("raw")) {
      body = subst((String) step.get("raw"), vars).getBytes(StandardCharsets.UTF_8);
    } else if (step.containsKey("body")) {
      body = JSON.writeValueAsBytes(substAll(step.get("body"), vars));
    }
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    headers.putAll(t.headers());
    @SuppressWarnings("unchecked")
    Map<String, Object> extra = (Map<String, Object>) step.getOrDefault("headers", Map.of());
    extra.forEach((k, v) -> headers.put(k, v == null ? null : subst(String.valueOf(v), vars)));
    headers.forEach(
        (k, v) -> {
          if (v != null) {
            b.header(k, v);
          }
        });
    HttpRequest.BodyPublisher pub =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body);
    b.method(method, pub);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @SuppressWarnings("unchecked")
  private void check(
      Map<String, Object> step,
      Map<String, String> vars,
      HttpResponse<byte[]> resp,
      String prefix,
      List<String> failures) {
    Map<String, Object> expect =
        (Map<String, Object>) substAll(step.getOrDefault("expect", Map.of()), vars);
    String text = new String(resp.body(), StandardCharsets.UTF_8);
    Object parsedBody = null;
    boolean parsed = false;
    if (resp.body().length > 0) {
      try {
        parsedBody = JSON.readValue(resp.body(), Object.class);
        parsed = true;
      } catch (IOException e) {
        failures.add(prefix + "the response body is not JSON: " + abbreviate(text));
      }
    }
    final Object body = parsedBody;
    if (expect.containsKey("status")
        && ((Number) expect.get("status")).intValue() != resp.statusCode()) {
      failures.add(
          prefix
              + "status "
              + resp.statusCode()
              + ", expected "
              + expect.get("status")
              + "; body "
              + abbreviate(text));
      return;
    }
    if (expect.containsKey("type")) {
      matchAt(body, "NeutronError.type", expect.get("type"), prefix, failures);
    }
    if (expect.containsKey("message")) {
      matchAt(body, "NeutronError.message", expect.get("message"), prefix, failures);
    }
    if (expect.containsKey("json")) {
      if (!parsed && resp.body().length == 0) {
        failures.add(prefix + "no response body");
      }
      Map<String, Object> json = (Map<String, Object>) expect.get("json");
      json.forEach((path, want) -> matchAt(body, path, want, prefix, failures));
    }
    if (expect.containsKey("headers")) {
      Map<String, Object> hs = (Map<String, Object>) expect.get("headers");
      hs.forEach(
          (name, want) -> {
            Object got = resp.headers().firstValue(name).orElse(null);
            String err = match(got, want, got != null);
            if (err != null) {
              failures.add(prefix + "header " + name + ": " + err);
            }
          });
    }
  }

  private void matchAt(
      Object body, String path, Object want, String prefix, List<String> failures) {
    Object[] found = resolve(body, path);
    String err = match(found[0], want, found[1] != null);
    if (err != null) {
      failures.add(prefix + path + ": " + err);
    }
  }

  /** Returns {value, presentMarker}; presentMarker is null when the path does not exist. */
  private static Object[] resolve(Object body, String path) {
    if (path.equals("$")) {
      return new Object[] {body, Boolean.TRUE};
    }
    Object cur = body;
    for (String part : path.split("\\.")) {
      Matcher m = Pattern.compile("^([^\\[]*)((\\[\\d+])*)$").matcher(part);
      if (!m.matches()) {
        return new Object[] {null, null};
      }
      if (!m.group(1).isEmpty()) {
        if (!(cur instanceof Map<?, ?> map) || !map.containsKey(m.group(1))) {
          return new Object[] {null, null};
        }
        cur = map.get(m.group(1));
      }
      Matcher idx = Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
      while (idx.find()) {
        int i = Integer.parseInt(idx.group(1));
        if (!(cur instanceof List<?> list) || i >= list.size()) {
          return new Object[] {null, null};
        }
        cur = list.get(i);
      }
    }
    return new Object[] {cur, Boolean.TRUE};
  }

  @SuppressWarnings("unchecked")
  private static String match(Object got, Object want, boolean present) {
    if (want instanceof Map<?, ?> w
        && w.keySet().stream().anyMatch(k -> ((String) k).startsWith("$"))) {
      if (w.containsKey("$absent")) {
        return present ? "expected absent, got " + show(got) : null;
      }
      if (!present) {
        return "missing";
      }
      if (w.containsKey("$set")) {
        if (!(got instanceof List<?> l)) {
          return "expected a list, got " + show(got);
        }
        List<Object> a = new ArrayList<>(l);
        List<Object> b = new ArrayList<>((Collection<Object>) w.get("$set"));
        return a.size() == b.size() && a.containsAll(b) && b.containsAll(a)
            ? null
            : "expected the set " + show(b) + ", got " + show(got);
      }
      if (w.containsKey("$size")) {
        int n = ((Number) w.get("$size")).intValue();
        int size = got instanceof List<?> l ? l.size() : got instanceof Map<?, ?> m ? m.size() : -1;
        return size == n ? null : "expected size " + n + ", got " + show(got);
      }
      if (w.containsKey("$keys")) {
        if (!(got instanceof Map<?, ?> m)) {
          return "expected an object, got " + show(got);
        }
        Set<Object> want2 = new java.util.HashSet<>((Collection<Object>) w.get("$keys"));
        return m.keySet().equals(want2) ? null : "expected keys " + want2 + ", got " + m.keySet();
      }
      if (w.containsKey("$regex")) {
        return got instanceof String s
                && Pattern.compile((String) w.get("$regex")).matcher(s).matches()
            ? null
            : "expected to match " + w.get("$regex") + ", got " + show(got);
      }
      if (w.containsKey("$sortedBy")) {
        if (!(got instanceof List<?> l)) {
          return "expected a list, got " + show(got);
        }
        String key = (String) w.get("$sortedBy");
        boolean desc = Boolean.TRUE.equals(w.get("desc"));
        for (int i = 1; i < l.size(); i++) {
          String a = String.valueOf(((Map<?, ?>) l.get(i - 1)).get(key));
          String b = String.valueOf(((Map<?, ?>) l.get(i)).get(key));
          int cmp = a.compareTo(b);
          if (desc ? cmp < 0 : cmp > 0) {
            return "not sorted by " + key + (desc ? " desc" : "") + ": " + show(got);
          }
        }
        return null;
      }
      return "unknown matcher " + w.keySet();
    }
    if (!present) {
      return "missing (expected " + show(want) + ")";
    }
    return jsonEquals(got, want) ? null : "expected " + show(want) + ", got " + show(got);
  }

  private static boolean jsonEquals(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new java.math.BigDecimal(x.toString())
              .compareTo(new java.math.BigDecimal(y.toString()))
          == 0;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!jsonEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      return x.keySet().stream().allMatch(k -> jsonEquals(x.get(k), y.get(k)));
    }
    return Objects.equals(a, b);
  }

  @SuppressWarnings("unchecked")
  private void save(Map<String, Object> step, HttpResponse<byte[]> resp, Map<String, String> vars)
      throws IOException {
    Map<String, Object> saves = (Map<String, Object>) step.get("save");
    if (saves == null || resp.body().length == 0) {
      return;
    }
    Object body = JSON.readValue(resp.body(), Object.class);
    saves.forEach((name, path) -> vars.put(name, String.valueOf(resolve(body, (String) path)[0])));
  }

  private static String subst(String s, Map<String, String> vars) {
    Matcher m = VAR.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static Object substAll(Object o, Map<String, String> vars) {
    if (o instanceof String s) {
      return subst(s, vars);
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(subst(String.valueOf(k), vars), substAll(v, vars)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(substAll(v, vars)));
      return out;
    }
    return o;
  }

  /** Variables a step uses, except those a "save" of an earlier step will provide at run time. */
  private static void collectVars(Object o, Set<String> out) {
    if (o instanceof String s) {
      Matcher m = VAR.matcher(s);
      while (m.find()) {
        out.add(m.group(1));
      }
    } else if (o instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            collectVars(k, out);
            collectVars(v, out);
          });
    } else if (o instanceof List<?> l) {
      l.forEach(v -> collectVars(v, out));
    }
  }

  private static String show(Object o) {
    try {
      return abbreviate(JSON.writeValueAsString(o));
    } catch (IOException e) {
      return String.valueOf(o);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }
}
