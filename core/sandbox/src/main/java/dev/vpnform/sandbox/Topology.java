package dev.vpnform.sandbox;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The core resources that VPNaaS planning reads (routers, subnets, and the routers' ports), shown
 * the way neutron-server 21 with ML2 and no agents shows them (measured on the real server of
 * {@code .ci/neutron/}), derived from the routers and subnets of the {@link State}.
 *
 * <p>What the state does not hold is derived, the same on every start: each subnet's network, the
 * one external network, its subnets (a /24 or /64 around each gateway address), and the ports. A
 * router has a {@code network:router_gateway} port holding its gateway addresses (project "", so
 * only an admin sees it) and a {@code network:router_interface} port per attached subnet, at the
 * subnet's gateway address. Ids the state does not hold are name-based UUIDs of what they stand
 * for. A subnet made up without a cidr gets one derived from its id. Timestamps are the sandbox's
 * start.
 *
 * <p>Visibility is neutron's: an admin sees everything; a project sees its own routers, subnets and
 * ports, and not the admin-only attributes ({@code distributed}, {@code ha}, {@code
 * binding:profile}, {@code binding:host_id}, {@code binding:vif_type}, {@code
 * binding:vif_details}).
 */
final class Topology {
  static final String EXTERNAL_NETWORK_ID = derivedId("external-network", "public");

  private Topology() {}

  /** Every view of {@code spec} (ROUTERS, SUBNETS or PORTS) that {@code ctx} may see, by id. */
  static List<Map<String, Object>> views(
      State st, Specs.Spec spec, VpnPlugin.Ctx ctx, Instant created) {
    String at = created.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Map<String, Object>> all = new ArrayList<>();
    if (spec == Specs.ROUTERS) {
      for (State.Router r : st.routers.values()) {
        if (visible(r.tenantId(), ctx)) {
          all.add(router(r, ctx, at));
        }
      }
    } else if (spec == Specs.SUBNETS) {
      for (State.Subnet s : st.subnets.values()) {
        if (visible(s.tenantId(), ctx)) {
          all.add(subnet(s, at));
        }
      }
      if (ctx.admin()) {
        Map<String, Map<String, Object>> external = new LinkedHashMap<>();
        for (State.Router r : st.routers.values()) {
          for (String ip : r.gatewayIps()) {
            Net.Network n = externalCidr(ip);
            if (n != null) {
              external.putIfAbsent(n.cidrText(), externalSubnet(n, at));
            }
          }
        }
        all.addAll(external.values());
      }
    } else if (spec == Specs.PORTS) {
      for (Map<String, Object> p : ports(st, ctx, at)) {
        if (ctx.admin()
            || (ctx.projectId() != null && ctx.projectId().equals(p.get("tenant_id")))) {
          all.add(p);
        }
      }
    } else {
      throw new IllegalArgumentException(spec.collection() + " is not a core resource");
    }
    return VpnPlugin.sortedById(all);
  }

  private static boolean visible(String tenant, VpnPlugin.Ctx ctx) {
    return ctx.admin() || tenant == null || tenant.equals(ctx.projectId());
  }

  /**
   * The {@code fixed_ips} filter of a port list (neutron's {@code _get_ports_query}): values are
   * "key=value"; ip_address and subnet_id values are each ORed, ip_address_substr is a
   * case-insensitive substring, and all of them must hold for one and the same address. Other keys
   * are ignored.
   */
  static boolean matchesFixedIps(Map<String, Object> port, List<Object> filter) {
    if (filter == null || filter.isEmpty()) {
      return true;
    }
    List<String> ips = null;
    List<String> subnets = null;
    List<String> substrings = null;
    for (Object o : filter) {
      String kv = (String) o;
      int eq = kv.indexOf('=');
      String key = kv.substring(0, eq);
      String value = kv.substring(eq + 1);
      switch (key) {
        case "ip_address" -> (ips = ips == null ? new ArrayList<>() : ips).add(value);
        case "subnet_id" -> (subnets = subnets == null ? new ArrayList<>() : subnets).add(value);
        case "ip_address_substr" ->
            (substrings = substrings == null ? new ArrayList<>() : substrings).add(value);
        default -> {}
      }
    }
    if (ips == null && subnets == null && substrings == null) {
      return true;
    }
    for (Object o : VpnPlugin.castList(port.get("fixed_ips"))) {
      Map<String, Object> a = VpnPlugin.castMap(o);
      String ip = (String) a.get("ip_address");
      String subnet = (String) a.get("subnet_id");
      if ((ips == null || anyEquals(ips, ip))
          && (subnets == null || anyEquals(subnets, subnet))
          && (substrings == null || anyContains(substrings, ip))) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyEquals(List<String> wanted, String value) {
    for (String w : wanted) {
      if (State.sqlEquals(value, w)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyContains(List<String> wanted, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    for (String w : wanted) {
      if (v.contains(w.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  // ---- views ----

  private static Map<String, Object> router(State.Router r, VpnPlugin.Ctx ctx, String at) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", r.id());
    v.put("name", r.name() == null ? "" : r.name());
    v.put("tenant_id", r.tenantId());
    v.put("admin_state_up", true);
    v.put("status", "ACTIVE");
    Map<String, Object> gw = null;
    if (!r.gatewayIps().isEmpty()) {
      gw = new LinkedHashMap<>();
      gw.put("network_id", EXTERNAL_NETWORK_ID);
      gw.put("external_fixed_ips", gatewayAddresses(r));
      gw.put("enable_snat", true);
    }
    v.put("external_gateway_info", gw);
    v.put("description", "");
    v.put("availability_zones", List.of());
    if (ctx.admin()) {
      v.put("distributed", false);
      v.put("ha", false);
    }
    v.put("availability_zone_hints", List.of());
    v.put("routes", List.of());
    v.put("flavor_id", null);
    v.put("tags", List.of());
    v.put("created_at", at);
    v.put("updated_at", at);
    v.put("revision_number", 1 + r.subnetIds().size() + (gw == null ? 0 : 1));
    v.put("project_id", r.tenantId());
    return v;
  }

  private static List<Object> gatewayAddresses(State.Router r) {
    List<Object> out = new ArrayList<>();
    for (String ip : r.gatewayIps()) {
      Net.Network n = externalCidr(ip);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("subnet_id", n == null ? null : derivedId("external-subnet", n.cidrText()));
      a.put("ip_address", n == null ? ip : Net.format(n.version(), n.address()));
      out.add(a);
    }
    return out;
  }

  /** The external subnet a gateway address is taken to belong to: its /24 (IPv4) or /64. */
  private static Net.Network externalCidr(String ip) {
    Net.Network host = Net.parseNetwork(ip);
    if (host == null || host.prefix() != host.width()) {
      return null;
    }
    return new Net.Network(host.version(), host.address(), host.version() == 4 ? 24 : 64);
  }

  private static Map<String, Object> subnet(State.Subnet s, String at) {
    Net.Network n = cidr(s);
    return subnetView(
        s.id(),
        s.name() == null ? "" : s.name(),
        s.tenantId(),
        derivedId("network", s.id().toLowerCase(Locale.ROOT)),
        n,
        at);
  }

  private static Map<String, Object> externalSubnet(Net.Network n, String at) {
    return subnetView(
        derivedId("external-subnet", n.cidrText()),
        "public-subnet",
        "",
        EXTERNAL_NETWORK_ID,
        n,
        at);
  }

  private static Map<String, Object> subnetView(
      String id, String name, String tenant, String networkId, Net.Network n, String at) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("name", name);
    v.put("tenant_id", tenant);
    v.put("network_id", networkId);
    v.put("ip_version", n.version());
    v.put("subnetpool_id", null);
    v.put("enable_dhcp", false);
    v.put("ipv6_ra_mode", null);
    v.put("ipv6_address_mode", null);
    v.put("gateway_ip", address(n, gatewayOffset(n)));
    v.put("cidr", n.cidrText());
    v.put("allocation_pools", pools(n));
    v.put("host_routes", List.of());
    v.put("dns_nameservers", List.of());
    v.put("description", "");
    v.put("service_types", List.of());
    v.put("tags", List.of());
    v.put("created_at", at);
    v.put("updated_at", at);
    v.put("revision_number", 0);
    v.put("project_id", tenant);
    return v;
  }

  /** The subnet's network (host bits cleared); made up from its id when the state has no cidr. */
  private static Net.Network cidr(State.Subnet s) {
    Net.Network n = s.cidr() == null ? null : Net.parseNetwork(s.cidr());
    if (n == null) {
      long bits =
          UUID.fromString(derivedId("cidr", s.id().toLowerCase(Locale.ROOT)))
              .getLeastSignificantBits();
      int a = (int) (bits >>> 8) & 0xff;
      int b = (int) bits & 0xff;
      n =
          s.ipVersion() == 6
              ? Net.parseNetwork(String.format("fd00:%x:%x::/64", a, b))
              : Net.parseNetwork("10." + a + "." + b + ".0/24");
    }
    BigInteger mask =
        BigInteger.ONE
            .shiftLeft(n.width())
            .subtract(BigInteger.ONE)
            .xor(BigInteger.ONE.shiftLeft(n.width() - n.prefix()).subtract(BigInteger.ONE));
    return new Net.Network(n.version(), n.address().and(mask), n.prefix());
  }

  /**
   * neutron's default gateway: the first host of an IPv4 subnet, the subnet-router anycast in v6.
   */
  private static int gatewayOffset(Net.Network n) {
    return n.version() == 4 && n.prefix() < 31 ? 1 : 0;
  }

  private static String address(Net.Network n, long offset) {
    return Net.format(n.version(), n.address().add(BigInteger.valueOf(offset)));
  }

  /** neutron's default pool: every host address but the gateway (and IPv4's broadcast). */
  private static List<Object> pools(Net.Network n) {
    BigInteger size = BigInteger.ONE.shiftLeft(n.width() - n.prefix());
    BigInteger first = BigInteger.valueOf(gatewayOffset(n) + 1L);
    BigInteger last =
        n.version() == 4 ? size.subtract(BigInteger.TWO) : size.subtract(BigInteger.ONE);
    if (first.compareTo(last) > 0) {
      return List.of();
    }
    Map<String, Object> pool = new LinkedHashMap<>();
    pool.put("start", Net.format(n.version(), n.address().add(first)));
    pool.put("end", Net.format(n.version(), n.address().add(last)));
    return List.of(pool);
  }

  private static List<Map<String, Object>> ports(State st, VpnPlugin.Ctx ctx, String at) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Integer> taken = new HashMap<>(); // interfaces on each subnet so far
    for (State.Router r : st.routers.values()) {
      if (!r.gatewayIps().isEmpty()) {
        out.add(
            port(
                derivedId("port", r.id().toLowerCase(Locale.ROOT) + ":gateway"),
                EXTERNAL_NETWORK_ID,
                "",
                r.id(),
                "network:router_gateway",
                gatewayAddresses(r),
                1,
                ctx,
                at));
      }
      for (String subnetId : r.subnetIds()) {
        State.Subnet s = st.subnet(subnetId);
        if (s == null) {
          continue; // State makes up every subnet a router names
        }
        String key = s.id().toLowerCase(Locale.ROOT);
        int k = taken.merge(key, 1, Integer::sum) - 1;
        Net.Network n = cidr(s);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("subnet_id", s.id());
        a.put("ip_address", address(n, gatewayOffset(n) + (long) k));
        out.add(
            port(
                derivedId("port", r.id().toLowerCase(Locale.ROOT) + ":" + key),
                derivedId("network", key),
                r.tenantId(),
                r.id(),
                "network:router_interface",
                List.of(a),
                2,
                ctx,
                at));
      }
    }
    return out;
  }

  private static Map<String, Object> port(
      String id,
      String networkId,
      String tenant,
      String deviceId,
      String owner,
      List<Object> fixedIps,
      int revision,
      VpnPlugin.Ctx ctx,
      String at) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("name", "");
    v.put("network_id", networkId);
    v.put("tenant_id", tenant);
    long bits = UUID.fromString(id).getLeastSignificantBits();
    v.put(
        "mac_address",
        String.format(
            "fa:16:3e:%02x:%02x:%02x", bits >>> 16 & 0xff, bits >>> 8 & 0xff, bits & 0xff));
    v.put("admin_state_up", true);
    v.put("status", "DOWN"); // no L3 agent
    v.put("device_id", deviceId);
    v.put("device_owner", owner);
    v.put("fixed_ips", fixedIps);
    v.put("allowed_address_pairs", List.of());
    v.put("extra_dhcp_opts", List.of());
    v.put("security_groups", List.of());
    v.put("description", "");
    v.put("binding:vnic_type", "normal");
    if (ctx.admin()) {
      v.put("binding:profile", Map.of());
      v.put("binding:host_id", "");
      v.put("binding:vif_type", "unbound");
      v.put("binding:vif_details", Map.of());
    }
    v.put("tags", List.of());
    v.put("created_at", at);
    v.put("updated_at", at);
    v.put("revision_number", revision);
    v.put("project_id", tenant);
    return v;
  }

  /** A name-based UUID for something the state does not store, stable across starts. */
  static String derivedId(String kind, String key) {
    return UUID.nameUUIDFromBytes(
            ("vpnform-sandbox:" + kind + ":" + key).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
