package dev.vpnform.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's data: the five VPNaaS collections as the API shows them (minus {@code project_id},
 * which is derived), plus the routers and subnets they point at. Not thread-safe; {@link VpnPlugin}
 * serialises access.
 *
 * <p>JSON format (state file and seed): {@code {"format_version": 1, "ipsec_site_connections":
 * [...], "vpnservices": [...], "endpoint_groups": [...], "ikepolicies": [...], "ipsecpolicies":
 * [...], "routers": [...], "subnets": [...]}}. Resources use the API's field names. {@code routers}
 * ({@code id, name, tenant_id, gateway_ips, subnet_ids}) and {@code subnets} ({@code id, name,
 * tenant_id, cidr, ip_version}) are optional: routers and subnets that are referenced but not
 * described are made up (an IPv4 gateway 203.0.113.1; IPv4 subnets attached to the router). A
 * router or subnet without a tenant_id belongs to the default project.
 */
final class State {
  static final int FORMAT_VERSION = 1;
  static final String DEFAULT_GATEWAY = "203.0.113.1";

  /** A router: what VPNaaS needs to know of it. */
  record Router(
      String id, String name, String tenantId, List<String> gatewayIps, List<String> subnetIds) {}

  /** A subnet: what VPNaaS needs to know of it. */
  record Subnet(String id, String name, String cidr, int ipVersion, String tenantId) {}

  final Map<String, Map<String, Map<String, Object>>> tables = new LinkedHashMap<>();
  final Map<String, Router> routers = new LinkedHashMap<>();
  final Map<String, Subnet> subnets = new LinkedHashMap<>();

  /** When each pending connection or VPN service entered its pending state (not persisted). */
  final Map<String, Instant> pendingSince = new HashMap<>();

  State() {
    for (Specs.Spec s : Specs.ALL) {
      tables.put(s.collection(), new LinkedHashMap<>());
    }
  }

  Map<String, Map<String, Object>> table(Specs.Spec spec) {
    return tables.get(spec.collection());
  }

  /**
   * Finds a row the way MySQL's utf8mb3_general_ci collation compares the id column: ignoring case
   * and trailing spaces.
   */
  Map<String, Object> find(Specs.Spec spec, Object id) {
    if (!(id instanceof String key)) {
      return null;
    }
    Map<String, Map<String, Object>> t = table(spec);
    Map<String, Object> exact = t.get(key);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, Map<String, Object>> e : t.entrySet()) {
      if (sqlEquals(e.getKey(), key)) {
        return e.getValue();
      }
    }
    return null;
  }

  Router router(Object id) {
    for (Router r : routers.values()) {
      if (id instanceof String s && sqlEquals(r.id(), s)) {
        return r;
      }
    }
    return null;
  }

  Subnet subnet(Object id) {
    for (Subnet s : subnets.values()) {
      if (id instanceof String k && sqlEquals(s.id(), k)) {
        return s;
      }
    }
    return null;
  }

  static boolean sqlEquals(String a, String b) {
    return stripTrailingSpaces(a)
        .toLowerCase(Locale.ROOT)
        .equals(stripTrailingSpaces(b).toLowerCase(Locale.ROOT));
  }

  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  State deepCopy() {
    State c = new State();
    tables.forEach((k, t) -> t.forEach((id, row) -> c.tables.get(k).put(id, Json.copy(row))));
    c.routers.putAll(routers);
    c.subnets.putAll(subnets);
    c.pendingSince.putAll(pendingSince);
    return c;
  }

  void restoreFrom(State other) {
    tables.clear();
    other.tables.forEach((k, t) -> tables.put(k, t));
    routers.clear();
    routers.putAll(other.routers);
    subnets.clear();
    subnets.putAll(other.subnets);
    pendingSince.clear();
    pendingSince.putAll(other.pendingSince);
  }

  // ---- JSON ----

  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format_version", FORMAT_VERSION);
    for (Specs.Spec s : Specs.ALL) {
      List<Object> rows = new ArrayList<>();
      VpnPlugin.sortedById(table(s).values()).forEach(r -> rows.add(Json.copy(r)));
      root.put(s.collection(), rows);
    }
    List<Object> rs = new ArrayList<>();
    for (Router r : routers.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("name", r.name());
      m.put("tenant_id", r.tenantId());
      m.put("gateway_ips", r.gatewayIps());
      m.put("subnet_ids", r.subnetIds());
      rs.add(m);
    }
    root.put("routers", rs);
    List<Object> ss = new ArrayList<>();
    for (Subnet s : subnets.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("name", s.name());
      m.put("tenant_id", s.tenantId());
      m.put("cidr", s.cidr());
      m.put("ip_version", s.ipVersion());
      ss.add(m);
    }
    root.put("subnets", ss);
    return root;
  }

  /** Reads a state or seed document; IllegalArgumentException says what is wrong (no values). */
  static State fromJson(Object parsed, String defaultTenant) {
    if (!(parsed instanceof Map<?, ?> root)) {
      throw new IllegalArgumentException("the document is not a JSON object");
    }
    Object version = root.get("format_version");
    if (!(version instanceof Number n) || n.intValue() != FORMAT_VERSION) {
      throw new IllegalArgumentException("format_version must be " + FORMAT_VERSION);
    }
    State st = new State();
    for (Object o : list(root, "subnets")) {
      Map<?, ?> m = object(o, "subnets");
      String id = text(m, "id", "subnets", true);
      String cidr = text(m, "cidr", "subnets", false);
      int ver =
          m.get("ip_version") instanceof Number v
              ? v.intValue()
              : (cidr != null && Net.version(cidr) != 0 ? Net.version(cidr) : 4);
      String tenant = text(m, "tenant_id", "subnets", false);
      st.subnets.put(
          id,
          new Subnet(
              id,
              text(m, "name", "subnets", false),
              cidr,
              ver,
              tenant == null ? defaultTenant : tenant));
    }
    for (Object o : list(root, "routers")) {
      Map<?, ?> m = object(o, "routers");
      String id = text(m, "id", "routers", true);
      String tenant = text(m, "tenant_id", "routers", false);
      st.routers.put(
          id,
          new Router(
              id,
              text(m, "name", "routers", false),
              tenant == null ? defaultTenant : tenant,
              strings(m.get("gateway_ips"), List.of(DEFAULT_GATEWAY)),
              strings(m.get("subnet_ids"), List.of())));
    }
    for (Specs.Spec spec : Specs.ALL) {
      for (Object o : list(root, spec.collection())) {
        Map<String, Object> row =
            VpnPlugin.castMap(Json.copy((Object) object(o, spec.collection())));
        String id = text(row, "id", spec.collection(), true);
        Object tenant = row.remove("project_id");
        row.putIfAbsent("tenant_id", tenant == null ? defaultTenant : tenant);
        st.table(spec).put(id, VpnPlugin.normalizeStored(spec, row));
      }
    }
    st.synthesizeMissingReferences(defaultTenant);
    st.checkReferences();
    return st;
  }

  /** Seeds may leave routers and subnets out; make up what the VPN resources point at. */
  private void synthesizeMissingReferences(String tenant) {
    for (Router r : routers.values()) {
      for (String sid : r.subnetIds()) {
        ensureSubnet(sid, r.tenantId());
      }
    }
    for (Map<String, Object> vs : table(Specs.VPNSERVICES).values()) {
      Object routerId = vs.get("router_id");
      if (!(routerId instanceof String rid)) {
        throw new IllegalArgumentException("a vpnservice has no router_id");
      }
      Router r = router(rid);
      if (r == null) {
        r =
            new Router(
                rid,
                "router-" + rid.substring(0, Math.min(8, rid.length())),
                tenant,
                List.of(DEFAULT_GATEWAY),
                List.of());
        routers.put(rid, r);
      }
      if (vs.get("subnet_id") instanceof String sid) {
        ensureSubnet(sid, tenant);
        attach(r, sid);
      }
    }
    for (Map<String, Object> g : table(Specs.ENDPOINT_GROUPS).values()) {
      if ("subnet".equals(g.get("type")) && g.get("endpoints") instanceof List<?> eps) {
        for (Object ep : eps) {
          if (ep instanceof String sid && subnet(sid) == null) {
            ensureSubnet(sid, tenant);
            for (Router r : List.copyOf(routers.values())) {
              attach(r, sid);
            }
          }
        }
      }
    }
  }

  /** Every id a connection refers to must exist, or later requests would fail obscurely. */
  private void checkReferences() {
    for (Map<String, Object> c : table(Specs.CONNECTIONS).values()) {
      check(Specs.VPNSERVICES, c.get("vpnservice_id"), "vpnservice");
      check(Specs.IKEPOLICIES, c.get("ikepolicy_id"), "ikepolicy");
      check(Specs.IPSECPOLICIES, c.get("ipsecpolicy_id"), "ipsecpolicy");
      if (c.get("local_ep_group_id") != null) {
        check(Specs.ENDPOINT_GROUPS, c.get("local_ep_group_id"), "local endpoint group");
      }
      if (c.get("peer_ep_group_id") != null) {
        check(Specs.ENDPOINT_GROUPS, c.get("peer_ep_group_id"), "peer endpoint group");
      }
    }
  }

  private void check(Specs.Spec spec, Object id, String what) {
    if (find(spec, id) == null) {
      throw new IllegalArgumentException("an ipsec_site_connection refers to a missing " + what);
    }
  }

  private void ensureSubnet(String id, String tenant) {
    if (subnet(id) == null) {
      subnets.put(id, new Subnet(id, "", null, 4, tenant));
    }
  }

  private void attach(Router r, String subnetId) {
    for (String s : r.subnetIds()) {
      if (sqlEquals(s, subnetId)) {
        return;
      }
    }
    List<String> ids = new ArrayList<>(r.subnetIds());
    ids.add(subnetId);
    routers.put(r.id(), new Router(r.id(), r.name(), r.tenantId(), r.gatewayIps(), ids));
  }

  private static List<?> list(Map<?, ?> root, String key) {
    Object v = root.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException(key + " must be a list");
    }
    return l;
  }

  private static Map<?, ?> object(Object o, String where) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("an entry of " + where + " is not an object");
    }
    return m;
  }

  private static String text(Map<?, ?> m, String key, String where, boolean required) {
    Object v = m.get(key);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof String s) || (required && s.isEmpty())) {
      throw new IllegalArgumentException("an entry of " + where + " has no valid " + key);
    }
    return s;
  }

  private static List<String> strings(Object v, List<String> dflt) {
    if (!(v instanceof List<?> l)) {
      return dflt;
    }
    List<String> out = new ArrayList<>();
    l.forEach(x -> out.add(String.valueOf(x)));
    return List.copyOf(out);
  }

  // ---- files ----

  static State load(Path file, String defaultTenant) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Object parsed;
      try {
        parsed = Json.parse(in.readAllBytes());
      } catch (Json.Malformed e) {
        throw new IOException(file + " is not valid JSON");
      }
      try {
        return fromJson(parsed, defaultTenant);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage());
      }
    }
  }

  /**
   * Writes the state atomically: a private temp file in the same directory (mode 0600, because it
   * holds pre-shared keys), flushed to disk, then moved over the target.
   */
  void save(Path file) throws IOException {
    byte[] bytes = Json.PRETTY.writeValueAsBytes(toJson());
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      tmp =
          Files.createTempFile(
              dir,
              "." + file.getFileName() + ".",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    }
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
