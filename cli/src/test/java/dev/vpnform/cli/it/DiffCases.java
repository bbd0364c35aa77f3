package dev.vpnform.cli.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpnform.cli.it.DiffWorld.Group;
import dev.vpnform.cli.it.DiffWorld.Policy;
import dev.vpnform.cli.it.DiffWorld.Service;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The differential suite's cases and their generators. A case is a raw connection body (a POST for
 * a create, a PUT for an update) whose values are drawn from valid and invalid domains, biased to
 * the boundaries the server checks (see neutron_vpnaas/db/vpn/vpn_validator.py and vpn_db.py of
 * neutron-vpnaas 21, and neutron-lib's attribute map); the same case written as vpnform YAML is
 * what vpnform judges.
 *
 * <p>Generation is a pure function of the seed and the case's index ({@link #create}, {@link
 * #update}), so any case of a report can be generated again alone.
 */
final class DiffCases {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where vpnform reads the fake psk from: {@code psk: {env: VPNFORM_DIFF_PSK}}. */
  static final String PSK_ENV = "VPNFORM_DIFF_PSK";

  /** A fake psk of {@code length} characters; its value is never printed (only its length). */
  record Psk(int length) {
    String value() {
      StringBuilder sb = new StringBuilder("diff-fake-psk-");
      while (sb.length() < length) {
        sb.append('k');
      }
      return sb.substring(0, length);
    }

    @Override
    public String toString() {
      return "<fake psk, " + length + " chars>";
    }
  }

  enum Kind {
    CREATE,
    UPDATE
  }

  /**
   * One case.
   *
   * @param base for an update, the valid connection (POST fields) that the change applies to
   * @param fields the raw body: POST fields (create) or PUT fields (update); a psk is a {@link Psk}
   * @param byName reference keys ({@code vpnservice_id}...) that the YAML writes by name, with the
   *     name
   */
  record Case(
      Kind kind,
      int index,
      String template,
      Map<String, Object> base,
      Map<String, Object> fields,
      Map<String, String> byName) {

    /** The raw body's fields with the fake psk in clear, for the servers. */
    Map<String, Object> raw() {
      return withPsk(fields);
    }

    /** The base's fields with the fake psk in clear. */
    Map<String, Object> rawBase() {
      return withPsk(base);
    }

    /** The fake psk's value for vpnform's environment, or null when the case sets none. */
    String psk() {
      return fields.get("psk") instanceof Psk p ? p.value() : null;
    }

    /**
     * The case as vpnform configuration: the connection's identity ({@code name:} for a create,
     * {@code id:} for an update) then each field, its value in JSON (which YAML reads the same
     * way), the psk from {@link #PSK_ENV}, references by name where {@link #byName} says so.
     */
    String yaml(String id) {
      List<String> lines = new ArrayList<>();
      if (kind == Kind.UPDATE) {
        lines.add("id: " + json(id));
      }
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        String key = e.getKey();
        Object value = e.getValue();
        if (value instanceof Psk) {
          lines.add("psk: {env: " + PSK_ENV + "}");
        } else if (byName.containsKey(key)) {
          lines.add(key.substring(0, key.length() - "_id".length()) + ": " + json(byName.get(key)));
        } else {
          lines.add(key + ": " + json(value));
        }
      }
      StringBuilder sb = new StringBuilder("connections:\n");
      for (int i = 0; i < lines.size(); i++) {
        sb.append(i == 0 ? "  - " : "    ").append(lines.get(i)).append('\n');
      }
      return sb.toString();
    }

    /** This case without {@code key}, or with {@code key} set to {@code value}. */
    Case with(String key, Object value, boolean remove) {
      Map<String, Object> f = new LinkedHashMap<>(fields);
      Map<String, String> n = new LinkedHashMap<>(byName);
      if (remove) {
        f.remove(key);
        n.remove(key);
      } else {
        f.put(key, value);
      }
      return new Case(kind, index, template, base, f, n);
    }

    /** The body as the report shows it: JSON, the psk as its length, references marked. */
    String show() {
      return show(id -> null);
    }

    /**
     * {@link #show()}, each resource id followed by what {@code tag} calls it (the run's key of the
     * resource) and whether the YAML names it.
     */
    String show(java.util.function.Function<String, String> tag) {
      return json(shown(fields, byName, tag));
    }

    /** The base connection as the report shows it. */
    String showBase(java.util.function.Function<String, String> tag) {
      return json(shown(base, Map.of(), tag));
    }

    private static Map<String, Object> shown(
        Map<String, Object> m,
        Map<String, String> byName,
        java.util.function.Function<String, String> tag) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) -> {
            String t = v instanceof String id ? tag.apply(id) : null;
            if (v instanceof Psk p) {
              out.put(k, p.toString());
            } else if (t != null || byName.containsKey(k)) {
              out.put(
                  k,
                  v
                      + " ("
                      + (t == null ? "" : t)
                      + (t != null && byName.containsKey(k) ? ", " : "")
                      + (byName.containsKey(k) ? "YAML: by name" : "")
                      + ")");
            } else {
              out.put(k, v);
            }
          });
      return out;
    }

    String label() {
      return (kind == Kind.CREATE ? "create #" : "update #") + index + " (" + template + ")";
    }

    private static Map<String, Object> withPsk(Map<String, Object> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, v instanceof Psk p ? p.value() : v));
      return out;
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  // --- generation -------------------------------------------------------------------------------

  private final DiffWorld world;
  private final long seed;

  DiffCases(DiffWorld world, long seed) {
    this.world = world;
    this.seed = seed;
  }

  /** Random choices, one stream per case. */
  private static final class Pick {
    final SplittableRandom r;

    Pick(long seed, long stream) {
      this.r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream);
    }

    boolean chance(double p) {
      return r.nextDouble() < p;
    }

    <T> T oneOf(List<T> values) {
      return values.get(r.nextInt(values.size()));
    }

    int between(int lo, int hi) {
      return lo + r.nextInt(hi - lo + 1);
    }

    /** Alternating weights and values: {@code weighted(5, "a", 1, "b")}. */
    @SuppressWarnings("unchecked")
    <T> T weighted(Object... pairs) {
      double total = 0;
      for (int i = 0; i < pairs.length; i += 2) {
        total += ((Number) pairs[i]).doubleValue();
      }
      double x = r.nextDouble() * total;
      for (int i = 0; i < pairs.length; i += 2) {
        x -= ((Number) pairs[i]).doubleValue();
        if (x < 0) {
          return (T) pairs[i + 1];
        }
      }
      return (T) pairs[pairs.length - 1];
    }
  }

  /** The create case number {@code i}. */
  Case create(int i) {
    Pick p = new Pick(seed, 2L * i);
    Map<String, Object> f = new LinkedHashMap<>();
    Map<String, String> byName = new LinkedHashMap<>();
    f.put("name", name(p, world.name("c" + i)));
    Service service =
        p.weighted(
            3,
            world.service("seed-legacy"),
            3,
            world.service("seed-epg"),
            2,
            world.service("dual-legacy4"),
            3,
            world.service("dual-legacy6"),
            4,
            world.service("dual-epg"));
    reference(p, f, byName, "vpnservice_id", service.id(), service.name());
    Policy ike = p.oneOf(world.ikePolicies);
    reference(p, f, byName, "ikepolicy_id", ike.id(), ike.name());
    Policy ipsec =
        p.weighted(
            5,
            world.ipsecPolicies.get(0),
            5,
            world.ipsecPolicies.get(1),
            1,
            world.ipsecPolicies.get(2));
    reference(p, f, byName, "ipsecpolicy_id", ipsec.id(), ipsec.name());
    if (p.chance(0.04)) {
      String key = p.oneOf(List.of("vpnservice_id", "ikepolicy_id", "ipsecpolicy_id"));
      byName.remove(key);
      f.put(
          key, p.weighted(3, new UUID(p.r.nextLong(), p.r.nextLong()).toString(), 1, "not-a-uuid"));
    }
    mode(p, f, service);
    String address = peerAddress(p);
    f.put("peer_address", address);
    f.put("peer_id", peerId(p, address, i));
    f.put("psk", psk(p));
    optionalFields(p, f);
    if (p.chance(0.06)) {
      String key =
          p.oneOf(
              List.of(
                  "vpnservice_id",
                  "ikepolicy_id",
                  "ipsecpolicy_id",
                  "peer_address",
                  "peer_id",
                  "psk"));
      f.remove(key);
      byName.remove(key);
    }
    oddKeys(p, f);
    return new Case(Kind.CREATE, i, service.key(), null, f, byName);
  }

  /** The templates of update bases: a service mode, its IP version and the router's gateway. */
  static final List<String> TEMPLATES =
      List.of("legacy-seed", "epg-seed", "legacy6-dual", "epg4-dual", "epg6-dual");

  /** Each template comes in these variants of stored dpd and mtu. */
  static final int VARIANTS = 4;

  /**
   * The valid connection that update cases of {@code template} and {@code variant} change: the same
   * fields for every case of the pair, so that one connection can serve them all.
   */
  Map<String, Object> base(String template, int variant) {
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("name", world.name("base-" + template + "-" + variant));
    Service service;
    String address;
    switch (template) {
      case "legacy-seed" -> {
        service = world.service("seed-legacy");
        base.put("peer_cidrs", List.of("192.168.16" + variant + ".0/24"));
        address = "198.51.100.16" + variant;
      }
      case "epg-seed" -> {
        service = world.service("seed-epg");
        base.put("local_ep_group_id", world.group("seed-local-a").id());
        base.put("peer_ep_group_id", world.group("seed-peer-a").id());
        address = "198.51.100.17" + variant;
      }
      case "legacy6-dual" -> {
        service = world.service("dual-legacy6");
        base.put("peer_cidrs", List.of("fd00:16" + variant + "::/64"));
        address = variant % 2 == 0 ? "198.51.100.18" + variant : "2001:db8::18" + variant;
      }
      case "epg4-dual" -> {
        service = world.service("dual-epg");
        base.put("local_ep_group_id", world.group("local-dual-4").id());
        base.put("peer_ep_group_id", world.group("seed-peer-b").id());
        address = "198.51.100.19" + variant;
      }
      default -> {
        service = world.service("dual-epg");
        base.put("local_ep_group_id", world.group("local-dual-6").id());
        base.put("peer_ep_group_id", world.group("peer-v6").id());
        address = "2001:db8::19" + variant;
      }
    }
    base.put("vpnservice_id", service.id());
    base.put("ikepolicy_id", world.ikePolicies.get(0).id());
    base.put("ipsecpolicy_id", world.ipsecPolicies.get(0).id());
    base.put("peer_address", address);
    base.put("peer_id", address);
    base.put("psk", new Psk(16));
    switch (variant) {
      case 1 -> {
        base.put("dpd", Map.of("interval", 10, "timeout", 15));
        base.put("mtu", 1400);
      }
      case 2 -> base.put("dpd", Map.of("action", "restart", "interval", 60, "timeout", 240));
      case 3 -> base.put("mtu", 1280);
      default -> {
        // the server's defaults: dpd hold/30/120, mtu 1500
      }
    }
    return base;
  }

  /** The service an update template's connections use. */
  private Service service(String template) {
    return world.service(
        switch (template) {
          case "legacy-seed" -> "seed-legacy";
          case "epg-seed" -> "seed-epg";
          case "legacy6-dual" -> "dual-legacy6";
          default -> "dual-epg";
        });
  }

  /** The update case number {@code i}: a random change set on one of the bases. */
  Case update(int i) {
    Pick p = new Pick(seed, 2L * i + 1);
    String template = p.oneOf(TEMPLATES);
    int variant = p.between(0, VARIANTS - 1);
    Map<String, Object> base = base(template, variant);
    Service service = service(template);
    String address = (String) base.get("peer_address");

    Map<String, Object> f = new LinkedHashMap<>();
    int changes = p.weighted(4, 1, 3, 2, 2, 3, 1, 4);
    for (int c = 0; c < changes; c++) {
      String key =
          p.weighted(
              2,
              "name",
              2,
              "description",
              2,
              "psk",
              1,
              "initiator",
              1,
              "admin_state_up",
              4,
              "peer_address",
              2,
              "peer_id",
              2,
              "local_id",
              4,
              "peer_cidrs",
              3,
              "local_ep_group_id",
              3,
              "peer_ep_group_id",
              4,
              "mtu",
              5,
              "dpd",
              0.3,
              "route_mode");
      switch (key) {
        case "name" -> f.put("name", name(p, world.name("u" + i)));
        case "description", "local_id" -> f.put(key, text(p));
        case "psk" -> f.put("psk", psk(p));
        case "peer_address" -> f.put(key, peerAddress(p));
        case "peer_id" -> f.put(key, peerId(p, address, i));
        case "peer_cidrs" ->
            f.put(
                key,
                p.chance(0.08) ? List.of() : cidrs(p, service.legacy() ? service.version() : 4));
        case "local_ep_group_id", "peer_ep_group_id" -> f.put(key, groupChange(p, key, service));
        case "route_mode" -> f.put(key, "static");
        default -> optionalField(p, f, key);
      }
    }
    return new Case(Kind.UPDATE, i, template + "#" + variant, base, f, Map.of());
  }

  // --- fields -----------------------------------------------------------------------------------

  private void reference(
      Pick p,
      Map<String, Object> f,
      Map<String, String> byName,
      String key,
      String id,
      String name) {
    f.put(key, id);
    if (name != null && p.chance(0.5)) {
      byName.put(key, name);
    }
  }

  /** Peer CIDRs or endpoint groups: mostly what the service's mode wants, sometimes not. */
  private void mode(Pick p, Map<String, Object> f, Service service) {
    if (service.legacy()) {
      double x = p.r.nextDouble();
      if (x < 0.82) {
        f.put("peer_cidrs", cidrs(p, service.version()));
      } else if (x < 0.86) {
        f.put("peer_cidrs", List.of());
      }
      if (p.chance(0.12)) {
        Group g = p.oneOf(world.groups);
        f.put(g.type().equals("cidr") ? "peer_ep_group_id" : "local_ep_group_id", g.id());
      }
    } else {
      Group local = null;
      if (!p.chance(0.07)) {
        local =
            p.chance(0.65)
                ? p.oneOf(
                    world.groups.stream()
                        .filter(
                            g ->
                                g.type().equals("subnet")
                                    && service.router().equals(g.router())
                                    && g.version() != 0)
                        .toList())
                : p.oneOf(world.groups);
        f.put("local_ep_group_id", local.id());
      }
      if (!p.chance(0.07)) {
        int version = local != null && local.version() != 0 ? local.version() : 4;
        Group peer =
            p.chance(0.65)
                ? p.oneOf(
                    world.groups.stream()
                        .filter(g -> g.type().equals("cidr") && g.version() == version)
                        .toList())
                : p.oneOf(world.groups);
        f.put("peer_ep_group_id", peer.id());
      }
      if (p.chance(0.1)) {
        f.put("peer_cidrs", cidrs(p, 4));
      }
    }
  }

  private Object groupChange(Pick p, String key, Service service) {
    if (p.chance(0.06)) {
      return null;
    }
    if (p.chance(0.03)) {
      return p.oneOf(List.of("not-a-uuid", new UUID(p.r.nextLong(), p.r.nextLong()).toString()));
    }
    String type = key.startsWith("local") ? "subnet" : "cidr";
    if (p.chance(0.55)) {
      List<Group> fitting =
          world.groups.stream()
              .filter(
                  g ->
                      g.type().equals(type)
                          && (type.equals("cidr") || service.router().equals(g.router())))
              .toList();
      return p.oneOf(fitting).id();
    }
    return p.oneOf(world.groups).id();
  }

  /** 1-3 peer CIDRs, mostly of {@code version}, with the spellings the server treats specially. */
  private static List<Object> cidrs(Pick p, int version) {
    List<Object> out = new ArrayList<>();
    int n = p.weighted(6, 1, 3, 2, 1, 3);
    for (int k = 0; k < n; k++) {
      out.add(cidr(p, version));
    }
    if (p.chance(0.06)) {
      out.add(out.get(0));
    }
    return out;
  }

  private static Object cidr(Pick p, int version) {
    int other = version == 6 ? 4 : 6;
    String kind =
        p.weighted(
            70,
            "valid",
            6,
            "other-version",
            4,
            "host-bits",
            3,
            "bad-prefix",
            3,
            "no-prefix",
            2,
            "garbage",
            4,
            "v6-33-chars",
            3,
            "v6-32-chars",
            3,
            "v6-uncompressed",
            2,
            "v6-upper");
    return switch (kind) {
      case "valid" -> validCidr(p, version);
      case "other-version" -> validCidr(p, other);
      case "host-bits" ->
          version == 6 ? "fd00:" + hex(p) + "::1/64" : "192.168." + p.between(0, 255) + ".1/24";
      case "bad-prefix" ->
          version == 6 ? "fd00:" + hex(p) + "::/129" : "10." + p.between(0, 255) + ".0.0/33";
      case "no-prefix" ->
          version == 6 ? "fd00:" + hex(p) + "::" : "10." + p.between(0, 255) + ".0.0";
      case "garbage" -> p.oneOf(List.of("x", "", "10.0.0.0/24 ", "300.1.1.0/24", "fd00::/64/64"));
      case "v6-33-chars" -> "2001:db8:1234:5678:9abc:" + hex4(p) + "::/96";
      case "v6-32-chars" -> "2001:db8:1234:5678:9abc:" + hex3(p) + "::/96";
      case "v6-uncompressed" -> "2001:0db8:" + hex4(p) + ":0000:0000:0000:0000:0000/64";
      default -> ("FD00:" + hex(p) + "::/64").toUpperCase(java.util.Locale.ROOT);
    };
  }

  private static String validCidr(Pick p, int version) {
    return version == 6
        ? p.oneOf(List.of("fd00:" + hex(p) + "::/64", "2001:db8:" + hex(p) + "::/48"))
        : p.oneOf(
            List.of(
                "192.168." + p.between(0, 255) + ".0/24",
                "10." + p.between(0, 255) + ".0.0/16",
                "172.16." + p.between(0, 255) + ".0/28"));
  }

  private static String hex(Pick p) {
    return Integer.toHexString(p.between(1, 0xffff));
  }

  private static String hex4(Pick p) {
    return Integer.toHexString(p.between(0x1000, 0xffff));
  }

  private static String hex3(Pick p) {
    return Integer.toHexString(p.between(0x100, 0xfff));
  }

  /**
   * A peer address. The only names are ones that neither side sends to DNS: vpnform resolves with
   * glibc, the neutron-server under eventlet with its greendns (dnspython), which asks the DNS
   * server for any name that is not a strict dotted quad, an IPv6 address or in /etc/hosts (even
   * for "", "1.2.3", "010.1.1.1" or "a b"; checked with strace). So: localhost, and names that
   * Python's idna codec refuses (an empty label, a label over 63: UnicodeError, a 500) or that are
   * over 255 characters (refused without a lookup: VPNPeerAddressNotResolved).
   */
  private static String peerAddress(Pick p) {
    String kind =
        p.weighted(
            56,
            "v4",
            16,
            "v6",
            3,
            "v4-mapped",
            5,
            "localhost",
            3,
            "label-64",
            2,
            "empty-label",
            3,
            "over-255");
    return switch (kind) {
      case "v4" -> p.oneOf(List.of("198.51.100.", "192.0.2.", "203.0.113.")) + p.between(1, 254);
      case "v6" -> "2001:db8::" + hex(p);
      case "v4-mapped" -> "::ffff:198.51.100." + p.between(1, 254);
      case "localhost" -> "localhost";
      case "label-64" -> "a".repeat(64) + ".example";
      case "empty-label" -> "a..example";
      default -> ("b".repeat(59) + ".").repeat(5) + "x";
    };
  }

  private static String peerId(Pick p, String address, int i) {
    double x = p.r.nextDouble();
    if (x < 0.55 && address.length() <= 64) {
      return address;
    }
    if (x < 0.75) {
      return "@branch-" + i + ".example";
    }
    return text(p);
  }

  /** A fake psk: mostly 16 characters, sometimes at the database column's 255 or over it. */
  private static Psk psk(Pick p) {
    return new Psk(p.weighted(80, 16, 7, 255, 7, 256, 3, 1, 3, 0));
  }

  /** A connection name that keeps {@code unique} as its prefix, at and over the 255 limit. */
  private static String name(Pick p, String unique) {
    String kind =
        p.weighted(80, "plain", 6, "255", 5, "256", 4, "latin", 2, "latin-255", 3, "astral");
    return switch (kind) {
      case "plain" -> unique;
      case "255" -> pad(unique, 'n', 255);
      case "256" -> pad(unique, 'n', 256);
      case "latin" -> unique + "-é-ü";
      case "latin-255" -> pad(unique + "-", 'é', 255);
      default -> unique + "-\uD83D\uDE00";
    };
  }

  /** Free text (description, local_id, peer_id): lengths 255/256, non-ASCII, astral, empty. */
  private static String text(Pick p) {
    String kind =
        p.weighted(
            50,
            "plain",
            8,
            "255",
            8,
            "256",
            6,
            "latin",
            4,
            "latin-255",
            3,
            "latin-256",
            4,
            "astral",
            5,
            "empty",
            2,
            "spaces");
    return switch (kind) {
      case "plain" -> "text " + p.between(1, 999);
      case "255" -> pad("", 'd', 255);
      case "256" -> pad("", 'd', 256);
      case "latin" -> "Zürich–Genève " + p.between(1, 99);
      case "latin-255" -> pad("", 'é', 255);
      case "latin-256" -> pad("", 'é', 256);
      case "astral" -> "tunnel \uD83D\uDD12";
      case "empty" -> "";
      default -> "  padded  ";
    };
  }

  private static String pad(String s, char c, int length) {
    StringBuilder sb = new StringBuilder(s);
    while (sb.codePointCount(0, sb.length()) < length) {
      sb.append(c);
    }
    return sb.toString();
  }

  private static final List<String> OPTIONAL =
      List.of("description", "local_id", "mtu", "initiator", "admin_state_up", "dpd");

  private static void optionalFields(Pick p, Map<String, Object> f) {
    for (String key : OPTIONAL) {
      double chance =
          switch (key) {
            case "mtu" -> 0.4;
            case "dpd" -> 0.35;
            default -> 0.22;
          };
      if (p.chance(chance)) {
        optionalField(p, f, key);
      }
    }
  }

  private static void optionalField(Pick p, Map<String, Object> f, String key) {
    switch (key) {
      case "description", "local_id" -> f.put(key, text(p));
      case "mtu" -> f.put(key, mtu(p));
      case "initiator" ->
          f.put(
              key,
              p.weighted(
                  45,
                  "bi-directional",
                  40,
                  "response-only",
                  5,
                  "bogus",
                  5,
                  "Bi-directional",
                  5,
                  ""));
      case "admin_state_up" ->
          f.put(
              key,
              p.weighted(
                  45, true, 40, false, 3, "true", 3, "false", 2, "yes", 2, 1, 2, 0, 3, "bogus"));
      case "dpd" -> f.put(key, dpd(p));
      default -> throw new IllegalArgumentException(key);
    }
  }

  private static Object mtu(Pick p) {
    return p.weighted(
        14,
        1500,
        10,
        1400,
        6,
        68,
        6,
        67,
        6,
        1279,
        6,
        1280,
        3,
        1281,
        5,
        0,
        5,
        -1,
        3,
        9000,
        3,
        2147483647,
        3,
        2147483648L,
        2,
        new BigInteger("99999999999999999999"),
        2,
        "1500",
        1,
        "abc",
        1,
        1400.0);
  }

  private static final List<Object> DPD_NUMBERS =
      List.of(0, 1, 10, 29, 30, 31, 60, 119, 120, 121, 240, -1, 2147483647, 2147483648L);

  private static Map<String, Object> dpd(Pick p) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (p.chance(0.5)) {
      d.put(
          "action",
          p.weighted(
              18,
              "hold",
              18,
              "clear",
              18,
              "disabled",
              18,
              "restart",
              18,
              "restart-by-peer",
              4,
              "bogus",
              3,
              "HOLD",
              2,
              ""));
    }
    String shape = p.weighted(3, "both", 2, "interval", 2, "timeout", 1, "none");
    Object interval = p.oneOf(DPD_NUMBERS);
    Object timeout =
        interval instanceof Integer n && p.chance(0.6)
            ? p.weighted(3, n + p.between(1, 100), 2, n, 2, n - p.between(1, 20))
            : p.oneOf(DPD_NUMBERS);
    if (p.chance(0.03)) {
      interval = "30";
    }
    if (shape.equals("both") || shape.equals("interval")) {
      d.put("interval", interval);
    }
    if (shape.equals("both") || shape.equals("timeout")) {
      d.put("timeout", timeout);
    }
    if (p.chance(0.02)) {
      d.put("retries", 3);
    }
    return d;
  }

  /** Rarely: a key the API does not know, or one it never accepts in a body. */
  private static void oddKeys(Pick p, Map<String, Object> f) {
    if (p.chance(0.015)) {
      f.put("foo", "bar");
    }
    if (p.chance(0.015)) {
      f.put(p.oneOf(List.of("status", "route_mode", "auth_mode")), "static");
    }
  }
}
