package dev.vpnform.cli.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpnform.model.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The cases of {@link ResourceDifferentialIT}: IKE policies, IPsec policies, endpoint groups and
 * VPN services, each a raw body for the real server and the same entry as vpnform YAML, drawn from
 * valid and invalid values biased to the boundaries the server checks (neutron-lib's {@code
 * api/definitions/vpn.py} and {@code vpn_endpoint_groups.py}, neutron-vpnaas's {@code
 * vpn_validator.py} and {@code vpn_db.py}): every enum value and near misses (case, the values of
 * newer neutron-lib releases), lifetime 59/60, names of 255/256 characters, text outside the BMP,
 * empty, duplicate and mixed-version endpoints, CIDRs with host bits and IPv6 spellings, ids that
 * do not exist or are not ids, routers without a gateway, subnets on no router.
 *
 * <p>Generation is a pure function of the seed, the kind, the operation and the case's index, so
 * any case of a report can be made again alone.
 */
final class ResourceDiffCases {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One field of a case: its key and value in the raw body, and in the YAML (a reference by name is
   * {@code router: vpn-router} in the YAML and {@code router_id: <id>} in the body). A null raw
   * key: the YAML only; a null YAML key: the body only.
   */
  record Field(String rawKey, Object raw, String yamlKey, Object yaml) {
    static Field same(String key, Object value) {
      return new Field(key, value, key, value);
    }
  }

  /**
   * One case.
   *
   * @param create a POST (else a PUT on the base {@code base})
   * @param base for an update, the key of the base resource the PUT changes
   */
  record Case(Kind kind, boolean create, int index, String base, List<Field> fields) {
    Case {
      fields = List.copyOf(fields);
    }

    Map<String, Object> raw() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Field f : fields) {
        if (f.rawKey() != null) {
          m.put(f.rawKey(), f.raw());
        }
      }
      return m;
    }

    /** The YAML document: the entry under its kind's key, {@code id:} first for an update. */
    String yaml(String id) {
      List<String> lines = new ArrayList<>();
      if (!create) {
        lines.add("id: " + json(id));
      }
      for (Field f : fields) {
        if (f.yamlKey() != null) {
          lines.add(f.yamlKey() + ": " + json(f.yaml()));
        }
      }
      StringBuilder sb = new StringBuilder(kind.configKey()).append(":\n");
      for (int i = 0; i < lines.size(); i++) {
        sb.append(i == 0 ? "  - " : "    ").append(lines.get(i)).append('\n');
      }
      return sb.toString();
    }

    Case without(int field) {
      List<Field> f = new ArrayList<>(fields);
      f.remove(field);
      return new Case(kind, create, index, base, f);
    }

    Case with(int field, Field replacement) {
      List<Field> f = new ArrayList<>(fields);
      f.set(field, replacement);
      return new Case(kind, create, index, base, f);
    }

    String label() {
      return kindName(kind) + (create ? " create #" : " update #") + index;
    }

    /** The body as the report shows it; a YAML value different from the body's is shown too. */
    String show() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Field f : fields) {
        String key = f.rawKey() != null ? f.rawKey() : "(YAML only) " + f.yamlKey();
        Object v = f.rawKey() != null ? f.raw() : f.yaml();
        if (f.rawKey() != null
            && (!f.rawKey().equals(f.yamlKey()) || !java.util.Objects.equals(f.raw(), f.yaml()))) {
          v = abbreviated(v) + " (YAML " + f.yamlKey() + ": " + abbreviated(f.yaml()) + ")";
        } else {
          v = abbreviated(v);
        }
        m.put(key, v);
      }
      return json(m);
    }
  }

  /** Long texts shown as their start and length, so that reports stay readable. */
  static Object abbreviated(Object v) {
    if (v instanceof String s && s.length() > 40) {
      return s.substring(0, 24) + "...(" + s.length() + " chars)";
    }
    if (v instanceof List<?> l) {
      return l.stream().map(ResourceDiffCases::abbreviated).toList();
    }
    return v;
  }

  static String kindName(Kind k) {
    return k.configKey().replace("_", "-").toLowerCase(Locale.ROOT);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  // --- what the cases refer to ------------------------------------------------------------------

  /**
   * The live resources the cases point at.
   *
   * @param routerName the seeded router's name when exactly one router has it, else null
   * @param subnetNames subnet id to its name, for the subnets whose name is unique
   */
  record World(
      String tenant,
      String prefix,
      String router,
      String routerName,
      String routerNoGateway,
      String routerNoGatewayName,
      String subnetA,
      String subnetB,
      String subnetV6,
      String subnetOff,
      Map<String, String> subnetNames) {}

  private final World world;
  private final long seed;

  ResourceDiffCases(World world, long seed) {
    this.world = world;
    this.seed = seed;
  }

  private SplittableRandom random(Kind kind, boolean create, int index) {
    long s = seed * 1_000_003L + kind.ordinal() * 7919L + (create ? 0 : 104_729L);
    return new SplittableRandom(s * 31 + index);
  }

  /** A POST of a new resource of {@code kind}. */
  Case create(Kind kind, int index) {
    SplittableRandom r = random(kind, true, index);
    List<Field> f = new ArrayList<>();
    String name = world.prefix() + "c" + index + "-" + kindName(kind);
    f.add(Field.same("name", name(r, name)));
    description(r, f);
    switch (kind) {
      case IKE_POLICY -> ike(r, f, 0.25);
      case IPSEC_POLICY -> ipsec(r, f, 0.25);
      case ENDPOINT_GROUP -> group(r, f);
      case VPN_SERVICE -> service(r, f);
      default -> throw new IllegalArgumentException(kind.toString());
    }
    f.add(Field.same("tenant_id", world.tenant()));
    return new Case(kind, true, index, null, f);
  }

  /**
   * A PUT on a base resource: the fields the server lets change in place (every one of a policy;
   * name and description of a group; name, description and admin_state_up of a service). {@code
   * bases} are the service bases' keys to choose from.
   */
  Case update(Kind kind, int index, List<String> bases) {
    SplittableRandom r = random(kind, false, index);
    List<Field> f = new ArrayList<>();
    for (int tries = 0; f.isEmpty() && tries < 20; tries++) {
      if (r.nextInt(3) == 0) {
        f.add(Field.same("name", name(r, world.prefix() + "u" + index + "-" + kindName(kind))));
      }
      if (r.nextInt(3) == 0) {
        description(r, f);
      }
      switch (kind) {
        case IKE_POLICY -> ike(r, f, 0.6);
        case IPSEC_POLICY -> ipsec(r, f, 0.6);
        case VPN_SERVICE -> {
          if (r.nextInt(2) == 0) {
            f.add(Field.same("admin_state_up", r.nextBoolean()));
          }
        }
        default -> {}
      }
    }
    if (f.isEmpty()) {
      f.add(Field.same("description", "updated " + index));
    }
    String base = bases.get(r.nextInt(bases.size()));
    return new Case(kind, false, index, base, f);
  }

  // --- text -------------------------------------------------------------------------------------

  /** A name: plain, or of 255/256 characters, or holding non-ASCII or non-BMP text. */
  private static String name(SplittableRandom r, String plain) {
    return switch (r.nextInt(12)) {
      case 0 -> pad(plain, 255, 'n');
      case 1 -> pad(plain, 256, 'n');
      case 2 -> plain + "-\uD83D\uDE00"; // an emoji, outside the BMP
      case 3 -> plain + "-caf\u00e9-\u4e2d"; // BMP, not ASCII
      case 4 -> pad(plain + "-\u00e9", 255, '\u00e9'); // 255 BMP characters, more bytes
      default -> plain;
    };
  }

  private static void description(SplittableRandom r, List<Field> f) {
    switch (r.nextInt(10)) {
      case 0 -> f.add(Field.same("description", ""));
      case 1 -> f.add(Field.same("description", pad("d", 255, 'd')));
      case 2 -> f.add(Field.same("description", pad("d", 256, 'd')));
      case 3 -> f.add(Field.same("description", "rocket \uD83D\uDE80"));
      case 4 -> f.add(Field.same("description", "site link \u2192 hq"));
      default -> {}
    }
  }

  private static String pad(String s, int length, char c) {
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < length) {
      sb.append(c);
    }
    return sb.substring(0, length);
  }

  // --- policies ---------------------------------------------------------------------------------

  private static final String[] AUTH = {
    "sha1",
    "sha256",
    "sha384",
    "sha512", // every release
    "aes-xcbc",
    "aes-cmac", // neutron-lib 3.9 and later
    "SHA256",
    "sha224",
    "md5",
    ""
  };
  private static final String[] ENCRYPTION = {
    "3des",
    "aes-128",
    "aes-192",
    "aes-256", // every release
    "aes-128-ccm-8",
    "aes-256-gcm-16",
    "aes-192-gcm-12", // neutron-lib 3.9 and later
    "aes-128-ctr", // only with the vpn-aes-ctr extension
    "AES-128",
    "aes-512",
    "des",
    "blowfish",
    ""
  };
  private static final String[] PFS = {
    "group2", "group5", "group14", // every release
    "group15", "group19", "group31", // neutron-lib 3.9 and later
    "group1", "group32", "Group5", "group"
  };

  private static void ike(SplittableRandom r, List<Field> f, double each) {
    maybe(r, each, f, "auth_algorithm", AUTH);
    maybe(r, each, f, "encryption_algorithm", ENCRYPTION);
    maybe(r, each, f, "phase1_negotiation_mode", "main", "aggressive", "Main", "quick");
    maybe(r, each, f, "ike_version", "v1", "v2", "v3", "V2", "2");
    maybe(r, each, f, "pfs", PFS);
    lifetime(r, each, f);
  }

  private static void ipsec(SplittableRandom r, List<Field> f, double each) {
    maybe(r, each, f, "transform_protocol", "esp", "ah", "ah-esp", "ESP", "esp-ah", "none");
    maybe(r, each, f, "auth_algorithm", AUTH);
    maybe(r, each, f, "encryption_algorithm", ENCRYPTION);
    maybe(r, each, f, "encapsulation_mode", "tunnel", "transport", "Tunnel", "beet");
    maybe(r, each, f, "pfs", PFS);
    lifetime(r, each, f);
  }

  /** An enum value: mostly a valid one (the first four), else any. */
  private static void maybe(
      SplittableRandom r, double p, List<Field> f, String key, String... values) {
    if (r.nextDouble() < p) {
      int n = Math.min(values.length, 4);
      String v = r.nextInt(3) == 0 ? values[r.nextInt(values.length)] : values[r.nextInt(n)];
      f.add(Field.same(key, v));
    }
  }

  private static final long[] LIFETIMES = {
    59, 60, 61, 0, -1, 3600, 86400, 2147483647L, 2147483648L
  };

  private static void lifetime(SplittableRandom r, double p, List<Field> f) {
    if (r.nextDouble() >= p) {
      return;
    }
    Map<String, Object> life = new LinkedHashMap<>();
    int shape = r.nextInt(10);
    if (shape == 0) {
      f.add(Field.same("lifetime", life)); // {}
      return;
    }
    if (shape != 1) {
      String[] units = {"seconds", "seconds", "kilobytes", "Seconds", "minutes"};
      life.put("units", units[r.nextInt(units.length)]);
    }
    if (shape != 2) {
      long v = LIFETIMES[r.nextInt(LIFETIMES.length)];
      life.put("value", v == (int) v ? (Object) (int) v : (Object) v);
    }
    if (shape == 3) {
      life.put("unit", "seconds"); // a near-miss key
    }
    f.add(Field.same("lifetime", life));
  }

  // --- endpoint groups --------------------------------------------------------------------------

  private void group(SplittableRandom r, List<Field> f) {
    String[] types = {"subnet", "cidr", "subnet", "cidr", "network", "router", "vlan", "CIDR"};
    String type = types[r.nextInt(types.length)];
    boolean sendType = r.nextInt(25) != 0;
    if (sendType) {
      f.add(Field.same("type", type));
    }
    int shape = r.nextInt(20);
    if (shape == 0) {
      return; // no endpoints
    }
    List<Object> raw = new ArrayList<>();
    List<Object> yaml = new ArrayList<>();
    if (shape != 1) { // shape 1: an empty list
      int n = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
      for (int i = 0; i < n; i++) {
        String[] e =
            switch (type) {
              case "subnet" -> subnetEndpoint(r);
              case "cidr", "CIDR" -> new String[] {cidr(r), null};
              case "network", "router" ->
                  new String[] {
                    r.nextInt(3) == 0 ? "not-an-id" : UUID.randomUUID().toString(), null
                  };
              default -> new String[] {String.valueOf(r.nextInt(5000)), null};
            };
        raw.add(e[0]);
        yaml.add(e[1] == null ? e[0] : e[1]);
      }
      // a duplicate, rarely: the server drops the request (no answer), which is no verdict
      if (r.nextInt(40) == 0) {
        raw.add(raw.get(0));
        yaml.add(yaml.get(0));
      }
    }
    f.add(new Field("endpoints", raw, "endpoints", yaml));
  }

  /** {id for the body, name for the YAML or null}. */
  private String[] subnetEndpoint(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0 -> new String[] {world.subnetB(), null};
      case 1 -> new String[] {world.subnetV6(), null};
      case 2 -> new String[] {world.subnetOff(), null};
      case 3 -> new String[] {UUID.randomUUID().toString(), null}; // no such subnet
      case 4 -> new String[] {world.subnetA().toUpperCase(Locale.ROOT), null};
      case 5 -> {
        String id = r.nextBoolean() ? world.subnetA() : world.subnetOff();
        String name = world.subnetNames().get(id);
        yield new String[] {id, name}; // by name in the YAML
      }
      case 6 -> new String[] {world.prefix() + "no-such-subnet", null}; // a name nothing has
      case 7 -> new String[] {"10.1.2.0/24", null}; // a CIDR in a subnet group
      default -> new String[] {world.subnetA(), null};
    };
  }

  private static String cidr(SplittableRandom r) {
    int a = r.nextInt(250);
    int b = r.nextInt(250);
    String v6 = Integer.toHexString(0x100 + r.nextInt(0xe00));
    return switch (r.nextInt(22)) {
      case 0 -> "10." + a + "." + b + ".7/24"; // host bits
      case 1 -> "10." + a + "." + b + ".7"; // no prefix
      case 2 -> "fd00:" + v6 + "::/64";
      case 3 -> "FD00:" + v6.toUpperCase(Locale.ROOT) + "::/64";
      case 4 -> "fd00:0" + v6 + ":0000:0000:0000:0000:0000:0000/64"; // spelled out
      case 5 -> "fd00:" + v6 + "::1/64"; // host bits
      case 6 -> "fd00:" + v6 + "::/129";
      case 7 -> "10." + a + "." + b + ".0/33";
      case 8 -> "10." + a + "." + b + ".0/32";
      case 9 -> "0.0.0.0/0";
      case 10 -> "::/0";
      case 11 -> "10." + a + "." + b + ".0/";
      case 12 -> "10." + a + ".300.0/24";
      case 13 -> "not-a-cidr";
      case 14 -> "";
      case 15 -> "::ffff:10." + a + "." + b + ".0/120"; // IPv4-mapped
      case 16 -> "10." + a + "." + b + ".0/024";
      case 17 -> " 10." + a + "." + b + ".0/24";
      default -> "10." + a + "." + b + ".0/24";
    };
  }

  // --- VPN services -----------------------------------------------------------------------------

  private void service(SplittableRandom r, List<Field> f) {
    switch (r.nextInt(14)) {
      case 0 -> {} // no router
      case 1 -> f.add(Field.same("router_id", world.routerNoGateway()));
      case 2 ->
          f.add(
              world.routerNoGatewayName() == null
                  ? Field.same("router_id", world.routerNoGateway())
                  : new Field(
                      "router_id", world.routerNoGateway(), "router", world.routerNoGatewayName()));
      case 3 -> f.add(Field.same("router_id", UUID.randomUUID().toString()));
      case 4 -> f.add(Field.same("router_id", "not-a-router-id"));
      case 5 -> f.add(Field.same("router_id", world.router().toUpperCase(Locale.ROOT)));
      case 6 -> {
        // a router by a name nothing has: the body's equivalent is the name in router_id
        String n = world.prefix() + "no-such-router";
        f.add(new Field("router_id", n, "router", n));
      }
      case 7, 8 ->
          f.add(
              world.routerName() == null
                  ? Field.same("router_id", world.router())
                  : new Field("router_id", world.router(), "router", world.routerName()));
      default -> f.add(Field.same("router_id", world.router()));
    }
    switch (r.nextInt(12)) {
      case 0 -> f.add(Field.same("subnet_id", world.subnetA()));
      case 1 -> f.add(Field.same("subnet_id", world.subnetV6()));
      case 2 -> f.add(Field.same("subnet_id", world.subnetOff()));
      case 3 -> f.add(Field.same("subnet_id", UUID.randomUUID().toString()));
      case 4 -> f.add(Field.same("subnet_id", "not-a-subnet-id"));
      case 5 -> {
        String name = world.subnetNames().get(world.subnetA());
        f.add(
            name == null
                ? Field.same("subnet_id", world.subnetA())
                : new Field("subnet_id", world.subnetA(), "subnet", name));
      }
      case 6 -> {
        String name = world.subnetNames().get(world.subnetOff());
        f.add(
            name == null
                ? Field.same("subnet_id", world.subnetOff())
                : new Field("subnet_id", world.subnetOff(), "subnet", name));
      }
      default -> {} // endpoint-group mode
    }
    switch (r.nextInt(6)) {
      case 0 -> f.add(Field.same("admin_state_up", false));
      case 1 -> f.add(Field.same("admin_state_up", true));
      default -> {}
    }
    if (r.nextInt(25) == 0) {
      f.add(Field.same("flavor_id", UUID.randomUUID().toString())); // no such flavor
    }
  }
}
