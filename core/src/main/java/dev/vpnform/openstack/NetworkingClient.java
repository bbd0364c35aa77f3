package dev.vpnform.openstack;

import dev.vpnform.cloud.Cloud;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLContext;

/**
 * The Networking API calls vpnform makes: list, find, read and update IPsec site connections, and
 * read VPN services and endpoint groups.
 *
 * <p>Every request has a timeout and is repeated after connection errors, timeouts, 5xx and 429
 * (GET and PUT are idempotent). A 401 leads to one new authentication and one more try. Failures
 * are {@link ApiException}s whose messages name the operation and the connection and never contain
 * a psk, password, token or application credential secret.
 */
public final class NetworkingClient implements Cloud {
  /** URLs of filtered list requests are kept under this length. */
  static final int MAX_URL_LENGTH = 6 * 1024;

  private static final String CONNECTIONS = "/vpn/ipsec-site-connections";
  private static final String CONNECTION = "IPsec site connection";

  private final CloudConfig cfg;
  private final ClientOptions opts;
  private final Transport transport;
  private volatile Keystone.Session session;
  private volatile boolean closed;

  private NetworkingClient(CloudConfig cfg, ClientOptions opts, Transport transport) {
    this.cfg = cfg;
    this.opts = opts;
    this.transport = transport;
  }

  /**
   * Authenticates (unless the auth type is {@code none}) and finds the Networking API endpoint.
   *
   * @throws ApiException when the CA bundle cannot be read, Keystone refuses the credentials or
   *     cannot be reached, or the catalog has no matching network endpoint
   */
  public static NetworkingClient connect(CloudConfig cfg, ClientOptions opts) throws ApiException {
    return connect(
        cfg, opts, d -> Thread.sleep(d.toMillis()), () -> ThreadLocalRandom.current().nextDouble());
  }

  /** With a sleeper and a source of jitter in [0, 1) that tests control. */
  static NetworkingClient connect(
      CloudConfig cfg, ClientOptions opts, Transport.Sleeper sleeper, DoubleSupplier random)
      throws ApiException {
    Objects.requireNonNull(cfg, "cfg");
    Objects.requireNonNull(opts, "opts");
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER) // never carry the token elsewhere
            .connectTimeout(opts.connectTimeout());
    sslContext(cfg).ifPresent(b::sslContext);
    Transport t = new Transport(b.build(), opts, sleeper, random);
    NetworkingClient c = new NetworkingClient(cfg, opts, t);
    try {
      c.session = Keystone.authenticate(cfg, t);
    } catch (ApiException | RuntimeException e) {
      t.close();
      throw e;
    }
    return c;
  }

  private static Optional<SSLContext> sslContext(CloudConfig cfg) throws ApiException {
    try {
      if (cfg.insecure()) {
        return Optional.of(Tls.trustingAll());
      }
      if (cfg.caCert().isPresent()) {
        return Optional.of(Tls.trusting(cfg.caCert().get()));
      }
      // Not the HttpClient's own default, which reads the JDK's trust store even for http://.
      return Optional.of(Tls.deferredDefault());
    } catch (IOException | GeneralSecurityException e) {
      throw new ApiException(
          "read the CA bundle " + cfg.caCert().map(Object::toString).orElse(""),
          null,
          null,
          0,
          null,
          null,
          null,
          e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : ""),
          e);
    }
  }

  /** The Networking API endpoint in use (from the catalog or the override), for messages. */
  public String networkEndpoint() {
    Keystone.Session s = session;
    return s == null ? "(closed)" : String.valueOf(s.networkBase());
  }

  /** Whether TLS verification is off; the CLI prints a warning when it is. */
  public boolean insecure() {
    return cfg.insecure();
  }

  /** How many HTTP requests were sent, every retry and Keystone request included. */
  public int requestCount() {
    return transport.requestCount();
  }

  /** Every IPsec site connection the credentials can see, following the pages. */
  public List<ActualConnection> listConnections() throws ApiException {
    return pages(List.of(), new Transport.Op("list " + CONNECTION + "s", null, null));
  }

  /**
   * The connections whose id is in {@code ids} or whose name is in {@code names} (a name may match
   * several). The server ORs repeated {@code id=}/{@code name=} filters, so values are sent in
   * batches that keep each URL under {@value #MAX_URL_LENGTH} characters; the number of requests
   * grows with the number of result pages, not with the number of connections.
   */
  public List<ActualConnection> findConnections(Collection<String> ids, Collection<String> names)
      throws ApiException {
    Transport.Op op = new Transport.Op("find " + CONNECTION + "s", null, null);
    Map<String, ActualConnection> found = new LinkedHashMap<>();
    // id and name filters are ANDed with each other, so they go in separate requests.
    for (List<String> batch : batches("id", ids)) {
      pages(batch, op).forEach(c -> found.putIfAbsent(c.id(), c));
    }
    for (List<String> batch : batches("name", names)) {
      pages(batch, op).forEach(c -> found.putIfAbsent(c.id(), c));
    }
    return List.copyOf(found.values());
  }

  /** One connection by id; a 404 is an {@link ApiException} of type IPsecSiteConnectionNotFound. */
  public ActualConnection getConnection(String id) throws ApiException {
    Objects.requireNonNull(id, "id");
    Transport.Op op = new Transport.Op("get " + CONNECTION, null, id);
    URI uri = connectionUri(id);
    return single(call("GET", uri, null, op, List.of()), op, "GET " + uri.getRawPath());
  }

  /**
   * PUTs {@code {"ipsec_site_connection": fields}} and returns the connection as the server
   * answered (the whole resource after the update).
   *
   * @param label how the connection is named in messages (its name), or null
   * @param fields API names to JDK values (String, Number, Boolean, null, List, Map); a {@link
   *     Secret} is sent in clear and masked in every message and log line
   */
  public ActualConnection updateConnection(String id, String label, Map<String, Object> fields)
      throws ApiException {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fields, "fields");
    Transport.Op op = new Transport.Op("update " + CONNECTION, label, id);
    List<String> secrets = new ArrayList<>();
    Map<String, Object> wire = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      wire.put(e.getKey(), toWire(e.getValue(), e.getKey(), secrets));
    }
    String body = NeutronJson.write(Map.of("ipsec_site_connection", wire));
    URI uri = connectionUri(id);
    return single(call("PUT", uri, body, op, secrets), op, "PUT " + uri.getRawPath());
  }

  /**
   * POSTs {@code {"ipsec_site_connection": fields}}; see {@link Cloud#createConnection}. The
   * transport repeats a POST only when no connection to the server could be made.
   */
  @Override
  public ActualConnection createConnection(String label, Map<String, Object> fields)
      throws ApiException {
    Objects.requireNonNull(fields, "fields");
    Transport.Op op = new Transport.Op("create " + CONNECTION, label, null, true);
    List<String> secrets = new ArrayList<>();
    Map<String, Object> wire = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      wire.put(e.getKey(), toWire(e.getValue(), e.getKey(), secrets));
    }
    String body = NeutronJson.write(Map.of("ipsec_site_connection", wire));
    URI uri = URI.create(base() + CONNECTIONS);
    return single(call("POST", uri, body, op, secrets), op, "POST " + uri.getRawPath());
  }

  @Override
  public void deleteConnection(String id, String label) throws ApiException {
    Objects.requireNonNull(id, "id");
    Transport.Op op = new Transport.Op("delete " + CONNECTION, label, id);
    call("DELETE", connectionUri(id), null, op, List.of());
  }

  @Override
  public List<Map<String, Object>> list(
      String collection, String listKey, Map<String, List<String>> filters) throws ApiException {
    Transport.Op op = new Transport.Op("list " + listKey.replace('_', ' '), null, null);
    List<String> query = new ArrayList<>();
    filters.forEach((k, vs) -> vs.forEach(v -> query.add(encode(k) + "=" + encode(v))));
    List<Map<String, Object>> out = new ArrayList<>();
    Set<String> markers = new HashSet<>();
    String marker = null;
    while (true) {
      List<String> q = new ArrayList<>(query);
      if (opts.pageSize() > 0) {
        q.add("limit=" + opts.pageSize());
      }
      if (marker != null) {
        q.add("marker=" + encode(marker));
      }
      URI uri = URI.create(base() + collection + (q.isEmpty() ? "" : "?" + String.join("&", q)));
      Transport.Response r = call("GET", uri, null, op, List.of());
      Map<String, Object> doc;
      try {
        doc = NeutronJson.parseObject(r.body(), "GET " + uri.getRawPath());
      } catch (ResponseFormatException e) {
        throw e.during(op, r);
      }
      if (!(doc.get(listKey) instanceof List<?> items)) {
        throw new ResponseFormatException(
                "GET " + uri.getRawPath(), 0, 0, "no '" + listKey + "' list")
            .during(op, r);
      }
      for (Object item : items) {
        if (!(item instanceof Map<?, ?> m)) {
          throw new ResponseFormatException(
                  "GET " + uri.getRawPath(), 0, 0, "an item of '" + listKey + "' is not an object")
              .during(op, r);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> one = (Map<String, Object>) m;
        out.add(Collections.unmodifiableMap(one));
      }
      String next = nextMarker(doc.get(listKey + "_links"));
      if (items.isEmpty() || next == null) {
        return out;
      }
      if (!markers.add(next)) {
        throw new ResponseFormatException(
                "GET " + uri.getRawPath(), 0, 0, "the next link repeats a marker")
            .during(op, r);
      }
      marker = next;
    }
  }

  /** The marker of a {@code rel: next} link, or null when there is none. */
  private static String nextMarker(Object links) {
    if (links instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> link
            && "next".equals(link.get("rel"))
            && link.get("href") instanceof String href) {
          return queryParam(href, "marker");
        }
      }
    }
    return null;
  }

  @Override
  public Optional<Map<String, Object>> show(String collection, String key, String id)
      throws ApiException {
    return getObject(collection + "/", key, "get " + key.replace('_', ' '), id);
  }

  @Override
  public Map<String, Object> create(Kind kind, String label, Map<String, Object> fields)
      throws ApiException {
    Transport.Op op = new Transport.Op("create " + kind.label(), label, null, true);
    URI uri = URI.create(base() + kind.path().substring("/v2.0".length()));
    return object(call("POST", uri, wire(kind, fields), op, List.of()), kind, op, "POST", uri);
  }

  @Override
  public Map<String, Object> update(Kind kind, String id, String label, Map<String, Object> fields)
      throws ApiException {
    Objects.requireNonNull(id, "id");
    Transport.Op op = new Transport.Op("update " + kind.label(), label, id);
    URI uri = URI.create(base() + kind.path().substring("/v2.0".length()) + "/" + segment(id));
    return object(call("PUT", uri, wire(kind, fields), op, List.of()), kind, op, "PUT", uri);
  }

  @Override
  public void delete(Kind kind, String id, String label) throws ApiException {
    Objects.requireNonNull(id, "id");
    Transport.Op op = new Transport.Op("delete " + kind.label(), label, id);
    URI uri = URI.create(base() + kind.path().substring("/v2.0".length()) + "/" + segment(id));
    call("DELETE", uri, null, op, List.of());
  }

  private static String wire(Kind kind, Map<String, Object> fields) {
    Objects.requireNonNull(fields, "fields");
    return NeutronJson.write(Map.of(kind.bodyKey(), fields));
  }

  private static Map<String, Object> object(
      Transport.Response r, Kind kind, Transport.Op op, String method, URI uri)
      throws ApiException {
    String where = method + " " + uri.getRawPath();
    Map<String, Object> doc;
    try {
      doc = NeutronJson.parseObject(r.body(), where);
    } catch (ResponseFormatException e) {
      throw e.during(op, r);
    }
    if (!(doc.get(kind.bodyKey()) instanceof Map<?, ?> m) || !(m.get("id") instanceof String)) {
      throw new ResponseFormatException(
              where, 0, 0, "no '" + kind.bodyKey() + "' object with an id")
          .during(op, r);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) m;
    return Collections.unmodifiableMap(out);
  }

  /** A VPN service as a plain map, empty when the server says 404. */
  public Optional<Map<String, Object>> getVpnService(String id) throws ApiException {
    return getObject("/vpn/vpnservices/", "vpnservice", "get VPN service", id);
  }

  @Override
  public String endpoint() {
    return networkEndpoint();
  }

  /** A VPN endpoint group as a plain map, empty when the server says 404. */
  public Optional<Map<String, Object>> getEndpointGroup(String id) throws ApiException {
    return getObject("/vpn/endpoint-groups/", "endpoint_group", "get VPN endpoint group", id);
  }

  /** Forgets the token and stops the HTTP client; the client cannot be used afterwards. */
  @Override
  public void close() {
    closed = true;
    session = null;
    transport.close();
  }

  @Override
  public String toString() {
    Keystone.Session s = session;
    return "NetworkingClient[" + (s == null ? "closed" : s.networkBase()) + "]";
  }

  // --- calls ----------------------------------------------------------------------------------

  private Optional<Map<String, Object>> getObject(
      String path, String key, String operation, String id) throws ApiException {
    Objects.requireNonNull(id, "id");
    Transport.Op op = new Transport.Op(operation, null, id);
    URI uri = URI.create(base() + path + segment(id));
    Transport.Response r = call("GET", uri, null, op, List.of(), true);
    if (r.status() == 404) {
      return Optional.empty();
    }
    Map<String, Object> doc;
    try {
      doc = NeutronJson.parseObject(r.body(), "GET " + uri.getRawPath());
    } catch (ResponseFormatException e) {
      throw e.during(op, r);
    }
    if (!(doc.get(key) instanceof Map<?, ?> m)) {
      throw new ResponseFormatException("GET " + uri.getRawPath(), 0, 0, "no '" + key + "' object")
          .during(op, r);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) m;
    return Optional.of(Collections.unmodifiableMap(out));
  }

  private Transport.Response call(
      String method, URI uri, String body, Transport.Op op, List<String> requestSecrets)
      throws ApiException {
    return call(method, uri, body, op, requestSecrets, false);
  }

  /**
   * Sends with the current token; after a 401, authenticates again once and repeats. Returns a 2xx
   * response (or a 404 when {@code notFoundIsAnswer}); throws for any other.
   */
  private Transport.Response call(
      String method,
      URI uri,
      String body,
      Transport.Op op,
      List<String> requestSecrets,
      boolean notFoundIsAnswer)
      throws ApiException {
    Keystone.Session s = session();
    List<String> secrets = secrets(s, requestSecrets);
    Transport.Response r =
        transport.send(new Transport.Request(method, uri, body, s.token()), op, secrets);
    if (r.status() == 401 && canReauthenticate()) {
      s = reauthenticate(s);
      secrets = secrets(s, requestSecrets);
      r = transport.send(new Transport.Request(method, uri, body, s.token()), op, secrets);
    }
    if (r.ok() || (notFoundIsAnswer && r.status() == 404)) {
      return r;
    }
    throw ErrorBody.toException(op, r, secrets);
  }

  private boolean canReauthenticate() {
    return switch (cfg.type()) {
      case NONE -> false;
      case TOKEN -> cfg.authUrl().isPresent();
      default -> true;
    };
  }

  private synchronized Keystone.Session reauthenticate(Keystone.Session stale) throws ApiException {
    Keystone.Session current = session();
    if (current != stale) {
      return current; // another thread already did
    }
    Keystone.Session fresh = Keystone.authenticate(cfg, transport);
    session = fresh;
    return fresh;
  }

  private Keystone.Session session() {
    Keystone.Session s = session;
    if (closed || s == null) {
      throw new IllegalStateException("the NetworkingClient is closed");
    }
    return s;
  }

  private List<String> secrets(Keystone.Session s, List<String> requestSecrets) {
    List<String> out = new ArrayList<>(cfg.secretValues());
    if (s.token() != null) {
      out.add(s.token().reveal());
    }
    out.addAll(requestSecrets);
    return out;
  }

  private static ActualConnection single(Transport.Response r, Transport.Op op, String source)
      throws ApiException {
    List<ActualConnection> cs;
    try {
      cs = NeutronJson.parsePage(r.body(), source).connections();
    } catch (ResponseFormatException e) {
      throw e.during(op, r);
    }
    if (cs.size() != 1) {
      throw new ResponseFormatException(source, 0, 0, "expected one connection, got " + cs.size())
          .during(op, r);
    }
    return cs.get(0);
  }

  /** All pages of a list request with the given (encoded) filters. */
  private List<ActualConnection> pages(List<String> filters, Transport.Op op) throws ApiException {
    List<ActualConnection> out = new ArrayList<>();
    Set<String> markers = new HashSet<>();
    String marker = null;
    while (true) {
      StringBuilder q = new StringBuilder();
      for (String f : filters) {
        q.append(q.length() == 0 ? "" : "&").append(f);
      }
      if (opts.pageSize() > 0) {
        q.append(q.length() == 0 ? "" : "&").append("limit=").append(opts.pageSize());
      }
      if (marker != null) {
        q.append(q.length() == 0 ? "" : "&").append("marker=").append(encode(marker));
      }
      URI uri = URI.create(base() + CONNECTIONS + (q.length() == 0 ? "" : "?" + q));
      Transport.Response r = call("GET", uri, null, op, List.of());
      NeutronJson.Page page;
      try {
        page = NeutronJson.parsePage(r.body(), "GET " + uri.getRawPath());
      } catch (ResponseFormatException e) {
        throw e.during(op, r);
      }
      out.addAll(page.connections());
      // The server sends a next link on every full page, even the last: an empty page ends it.
      if (page.connections().isEmpty() || page.nextHref().isEmpty()) {
        return out;
      }
      // Only the marker is taken from the link: its host may be an internal name, and the token
      // must not go anywhere but the configured endpoint.
      String next = queryParam(page.nextHref().get(), "marker");
      if (next == null || !markers.add(next)) {
        throw new ResponseFormatException(
                "GET " + uri.getRawPath(),
                0,
                0,
                next == null ? "the next link has no marker" : "the next link repeats a marker")
            .during(op, r);
      }
      marker = next;
    }
  }

  /** Groups {@code key=value} filters so that each URL stays under {@link #MAX_URL_LENGTH}. */
  List<List<String>> batches(String key, Collection<String> values) {
    List<List<String>> out = new ArrayList<>();
    if (values == null || values.isEmpty()) {
      return out;
    }
    // Room for the base URL, limit and a marker.
    int fixed = base().length() + CONNECTIONS.length() + 120;
    List<String> batch = new ArrayList<>();
    int length = fixed;
    for (String v : new LinkedHashSet<>(values)) {
      String f = key + "=" + encode(Objects.requireNonNull(v, key));
      if (!batch.isEmpty() && length + f.length() + 1 > MAX_URL_LENGTH) {
        out.add(batch);
        batch = new ArrayList<>();
        length = fixed;
      }
      batch.add(f);
      length += f.length() + 1;
    }
    out.add(batch);
    return out;
  }

  private String base() {
    return session().networkBase().toString();
  }

  private URI connectionUri(String id) {
    return URI.create(base() + CONNECTIONS + "/" + segment(id));
  }

  private static String segment(String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("an id must not be empty");
    }
    return encode(id);
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String queryParam(String href, String name) {
    int q = href.indexOf('?');
    if (q < 0) {
      return null;
    }
    String query = href.substring(q + 1);
    int hash = query.indexOf('#');
    if (hash >= 0) {
      query = query.substring(0, hash);
    }
    String found = null;
    for (String kv : query.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      if (k.equals(name) && eq >= 0) {
        found = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return found;
  }

  /** JDK values as Jackson writes them; a Secret is revealed here and only here. */
  private static Object toWire(Object v, String path, List<String> secrets) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Secret s) {
      secrets.add(s.reveal());
      return s.reveal();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        out.put(k, toWire(e.getValue(), path + "." + k, secrets));
      }
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      for (Object o : c) {
        out.add(toWire(o, path, secrets));
      }
      return out;
    }
    throw new IllegalArgumentException(
        "field '" + path + "' has a value of unsupported type " + v.getClass().getName());
  }
}
