package dev.vpnform.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpnform.sandbox.testing.RealNeutron;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The resources the differential suite's connections point at: the seeded topology of {@code
 * .ci/neutron/seed.sh} plus what the seed lacks, created once per run through the REST API with
 * names unique to the run, and removed by {@link #close()}:
 *
 * <ul>
 *   <li>a second router whose gateway has an IPv4 AND an IPv6 address (the seeded router's gateway
 *       is IPv4 only), on its own external network, with an IPv4 and an IPv6 subnet attached and
 *       one IPv4 subnet left unattached;
 *   <li>three VPN services on it: legacy IPv4, legacy IPv6, endpoint-group mode;
 *   <li>endpoint groups the seed lacks: IPv6 and mixed-version local and peer groups, a local group
 *       whose subnet is on no router, and groups of the types no connection may use (network,
 *       router, vlan);
 *   <li>an IKE policy, an ESP IPsec policy and an AH-ESP one (refused by the driver at connection
 *       time).
 * </ul>
 *
 * <p>Every resource is described by what the server's checks look at (mode, router, IP versions,
 * type), so that the generators can aim at each check on purpose.
 */
final class DiffWorld implements AutoCloseable {
  /** A VPN service: legacy (with a subnet, of {@code version}) or endpoint-group mode. */
  record Service(String key, String id, String name, boolean legacy, int version, String router) {}

  /**
   * An endpoint group. {@code version} is 4 or 6, or 0 when its endpoints mix versions or have
   * none; {@code router} is the router its subnets are attached to (subnet groups), else null.
   */
  record Group(
      String key,
      String id,
      String name,
      String type,
      List<String> endpoints,
      int version,
      String router) {}

  /** An IKE or IPsec policy. */
  record Policy(String key, String id, String name, boolean ahEsp) {}

  /** A router: its gateway's IP versions and its interfaces' subnets. */
  record Router(String key, String id, Set<Integer> gatewayVersions) {}

  final RealNeutron neutron;
  final String tenant;
  final String run;
  final List<Service> services = new ArrayList<>();
  final List<Group> groups = new ArrayList<>();
  final List<Policy> ikePolicies = new ArrayList<>();
  final List<Policy> ipsecPolicies = new ArrayList<>();
  final Map<String, Router> routers = new LinkedHashMap<>();

  /** Subnet ids the sandbox must know: id to ip version, cidr and project. */
  private final Map<String, String[]> subnets = new LinkedHashMap<>();

  /** What this run created, in creation order: {collection path, id}; removed in reverse. */
  private final List<String[]> created = new ArrayList<>();

  /** Router interfaces this run added: {router id, subnet id}. */
  private final List<String[]> interfaces = new ArrayList<>();

  DiffWorld(RealNeutron neutron, String run) {
    this.neutron = neutron;
    this.run = run;
    this.tenant = neutron.section(false).tenantId();
  }

  /** Creates what the seed lacks; on failure, removes what it had created and rethrows. */
  DiffWorld build() throws IOException {
    try {
      buildOrThrow();
      return this;
    } catch (IOException | RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void buildOrThrow() throws IOException {
    JsonNode seed = neutron.seed();
    RealNeutron.Section s = neutron.section(false);
    SplittableRandom random = new SplittableRandom();
    // Subnet ranges unique enough that parallel runs (each on its own networks) never share one
    int a = 1 + random.nextInt(250);
    String v6 = Integer.toHexString(0x1000 + random.nextInt(0xe000));

    // --- the seeded router: IPv4 gateway only; interfaces on private-a, -b and -v6
    String seedRouter = seed.get("router").asText();
    routers.put("seed", new Router("seed", seedRouter, Set.of(4)));
    String subnetA = seed.get("subnets").get("a").asText();
    String subnetB = seed.get("subnets").get("b").asText();
    String subnetV6 = seed.get("subnets").get("v6").asText();
    knowSubnet(subnetA);
    knowSubnet(subnetB);
    knowSubnet(subnetV6);

    // --- a dual-stack router of our own
    String ext =
        create(
            "/v2.0/networks",
            "network",
            fields("name", name("ext"), "router:external", true),
            "network");
    String ext4 = subnet(ext, 4, "198.18." + a + ".0/24");
    String ext6 = subnet(ext, 6, "fd00:df" + Integer.toHexString(a) + ":" + v6 + "::/64");
    Map<String, Object> gateway = new LinkedHashMap<>();
    gateway.put("network_id", ext);
    gateway.put(
        "external_fixed_ips", List.of(Map.of("subnet_id", ext4), Map.of("subnet_id", ext6)));
    String r2 =
        create(
            "/v2.0/routers",
            "router",
            fields("name", name("router"), "external_gateway_info", gateway),
            "router");
    routers.put("dual", new Router("dual", r2, Set.of(4, 6)));
    String net = create("/v2.0/networks", "network", fields("name", name("private")), "network");
    String p4 = subnet(net, 4, "10.250." + a + ".0/24");
    String p6 = subnet(net, 6, "fd00:d6" + Integer.toHexString(a) + ":" + v6 + "::/64");
    String off = subnet(net, 4, "10.251." + a + ".0/24");
    addInterface(r2, p4);
    addInterface(r2, p6);

    // --- services
    services.add(new Service("seed-legacy", s.vpnserviceLegacy(), null, true, 4, "seed"));
    services.add(new Service("seed-epg", s.vpnserviceEpg(), null, false, 0, "seed"));
    services.add(service("dual-legacy4", r2, p4, 4));
    services.add(service("dual-legacy6", r2, p6, 6));
    services.add(service("dual-epg", r2, null, 0));

    // --- endpoint groups
    groups.add(seedGroup("seed-local-a", s.localA(), "subnet", List.of(subnetA), 4, "seed"));
    groups.add(seedGroup("seed-local-b", s.localB(), "subnet", List.of(subnetB), 4, "seed"));
    groups.add(seedGroup("seed-peer-a", s.peerA(), "cidr", List.of("192.168.70.0/24"), 4, null));
    groups.add(seedGroup("seed-peer-b", s.peerB(), "cidr", List.of("192.168.71.0/24"), 4, null));
    groups.add(group("local-seed-v6", "subnet", List.of(subnetV6), 6, "seed"));
    groups.add(group("local-dual-4", "subnet", List.of(p4), 4, "dual"));
    groups.add(group("local-dual-6", "subnet", List.of(p6), 6, "dual"));
    groups.add(group("local-dual-mixed", "subnet", List.of(p4, p6), 0, "dual"));
    groups.add(group("local-off-router", "subnet", List.of(off), 4, null));
    groups.add(
        group("peer-v6", "cidr", List.of("fd00:99:" + v6 + "::/64", "fd00:98::/48"), 6, null));
    groups.add(
        group(
            "peer-mixed", "cidr", List.of("192.168.72.0/24", "fd00:97:" + v6 + "::/64"), 0, null));
    groups.add(
        group("peer-v4-two", "cidr", List.of("192.168.73.0/24", "192.168.74.0/24"), 4, null));
    groups.add(group("network-type", "network", List.of(net), 0, null));
    groups.add(group("router-type", "router", List.of(r2), 0, null));
    groups.add(group("vlan-type", "vlan", List.of("100"), 0, null));

    // --- policies
    ikePolicies.add(new Policy("seed-ike", s.ikepolicy(), null, false));
    ikePolicies.add(
        new Policy(
            "ike",
            create("/v2.0/vpn/ikepolicies", "ikepolicy", fields("name", name("ike")), "ikepolicy"),
            name("ike"),
            false));
    ipsecPolicies.add(new Policy("seed-ipsec", s.ipsecpolicy(), null, false));
    ipsecPolicies.add(
        new Policy(
            "ipsec",
            create(
                "/v2.0/vpn/ipsecpolicies",
                "ipsecpolicy",
                fields("name", name("ipsec")),
                "ipsecpolicy"),
            name("ipsec"),
            false));
    ipsecPolicies.add(
        new Policy(
            "ipsec-ah-esp",
            create(
                "/v2.0/vpn/ipsecpolicies",
                "ipsecpolicy",
                fields("name", name("ipsec-ah-esp"), "transform_protocol", "ah-esp"),
                "ipsecpolicy"),
            name("ipsec-ah-esp"),
            true));
    knowSubnet(p4);
    knowSubnet(p6);
    knowSubnet(off);
  }

  /** This run's name for a resource: unique, so that references by name match exactly one. */
  String name(String what) {
    return "diff-" + run + "-" + what;
  }

  Service service(String key) {
    return services.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
  }

  Group group(String key) {
    return groups.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
  }

  /** The run's key of the resource with this id, or null. */
  String keyOf(String id) {
    List<Map.Entry<String, String>> all = new ArrayList<>();
    services.forEach(x -> all.add(Map.entry(x.id(), x.key())));
    groups.forEach(x -> all.add(Map.entry(x.id(), x.key())));
    ikePolicies.forEach(x -> all.add(Map.entry(x.id(), x.key())));
    ipsecPolicies.forEach(x -> all.add(Map.entry(x.id(), x.key())));
    return all.stream()
        .filter(e -> e.getKey().equals(id))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** One line per resource, for the report: what the server's checks look at. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    routers
        .values()
        .forEach(
            r ->
                sb.append(
                    String.format(
                        "  router %-18s %s gateway IPv%s%n",
                        r.key(),
                        r.id(),
                        String.join(
                            "+IPv",
                            r.gatewayVersions().stream().sorted().map(String::valueOf).toList()))));
    services.forEach(
        x ->
            sb.append(
                String.format(
                    "  vpnservice %-14s %s %s, router %s%n",
                    x.key(),
                    x.id(),
                    x.legacy() ? "legacy, subnet IPv" + x.version() : "endpoint-group mode",
                    x.router())));
    groups.forEach(
        x ->
            sb.append(
                String.format(
                    "  endpoint group %-16s %s type %s, %s%s%n",
                    x.key(),
                    x.id(),
                    x.type(),
                    x.version() == 0 ? "versions mixed or none" : "IPv" + x.version(),
                    x.router() == null
                        ? (x.type().equals("subnet") ? ", on no router" : "")
                        : ", subnets on router " + x.router())));
    ikePolicies.forEach(x -> sb.append(String.format("  ikepolicy %-15s %s%n", x.key(), x.id())));
    ipsecPolicies.forEach(
        x ->
            sb.append(
                String.format(
                    "  ipsecpolicy %-13s %s%s%n",
                    x.key(), x.id(), x.ahEsp() ? " transform_protocol ah-esp" : "")));
    return sb.toString();
  }

  // --- creation ---------------------------------------------------------------------------------

  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private String create(String path, String resource, Map<String, Object> f, String what)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>(f);
    body.put("tenant_id", tenant);
    HttpResponse<String> r = neutron.send("POST", path, RealNeutron.write(Map.of(resource, body)));
    if (r.statusCode() != 201) {
      throw new AssertionError(
          "setting up the differential suite: POST "
              + path
              + " "
              + what
              + " answered "
              + r.statusCode()
              + ": "
              + r.body());
    }
    String id = RealNeutron.json(r.body()).get(resource).get("id").asText();
    created.add(new String[] {path, id});
    return id;
  }

  private String subnet(String network, int version, String cidr) throws IOException {
    String id =
        create(
            "/v2.0/subnets",
            "subnet",
            fields(
                "name",
                name("subnet-" + version),
                "network_id",
                network,
                "ip_version",
                version,
                "cidr",
                cidr,
                "enable_dhcp",
                false),
            "subnet");
    subnets.put(id, new String[] {String.valueOf(version), cidr, tenant});
    return id;
  }

  private void knowSubnet(String id) throws IOException {
    if (subnets.containsKey(id)) {
      return;
    }
    JsonNode sub = get("/v2.0/subnets/" + id).get("subnet");
    subnets.put(
        id,
        new String[] {
          sub.get("ip_version").asText(), sub.get("cidr").asText(), sub.get("tenant_id").asText()
        });
  }

  private void addInterface(String router, String subnet) throws IOException {
    HttpResponse<String> r =
        neutron.send(
            "PUT",
            "/v2.0/routers/" + router + "/add_router_interface",
            RealNeutron.write(Map.of("subnet_id", subnet)));
    if (r.statusCode() != 200) {
      throw new AssertionError("add_router_interface answered " + r.statusCode() + ": " + r.body());
    }
    interfaces.add(new String[] {router, subnet});
  }

  private Service service(String key, String router, String subnet, int version)
      throws IOException {
    Map<String, Object> f = fields("name", name(key), "router_id", router);
    if (subnet != null) {
      f.put("subnet_id", subnet);
    }
    String id = create("/v2.0/vpn/vpnservices", "vpnservice", f, "vpnservice");
    // as an agent would; the seeded services are ACTIVE too
    neutron.sql("UPDATE vpnservices SET status='ACTIVE' WHERE id='" + uuid(id) + "'");
    return new Service(key, id, name(key), subnet != null, version, "dual");
  }

  private Group group(String key, String type, List<String> endpoints, int version, String router)
      throws IOException {
    String id =
        create(
            "/v2.0/vpn/endpoint-groups",
            "endpoint_group",
            fields("name", name(key), "type", type, "endpoints", endpoints),
            "endpoint group");
    return new Group(key, id, name(key), type, endpoints, version, router);
  }

  private static Group seedGroup(
      String key, String id, String type, List<String> endpoints, int version, String router) {
    return new Group(key, id, null, type, endpoints, version, router);
  }

  /**
   * A request to the real server. {@link RealNeutron#send} sends a GET or DELETE that got no answer
   * once more (Debian 12's neutron-server now and then drops a request).
   */
  static HttpResponse<String> send(RealNeutron neutron, String method, String path, String body)
      throws IOException {
    return neutron.send(method, path, body);
  }

  private JsonNode get(String path) throws IOException {
    HttpResponse<String> r = send(neutron, "GET", path, null);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return RealNeutron.json(r.body());
  }

  private static String uuid(String id) {
    RealNeutron.requireUuid(id);
    return id;
  }

  // --- the sandbox's copy -----------------------------------------------------------------------

  /**
   * A sandbox seed (State's format) holding the same routers, subnets, services, groups and
   * policies as the real server, with the same ids, so that one request body means the same on
   * both.
   */
  Map<String, Object> sandboxSeed() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format_version", 1);
    List<Object> rs = new ArrayList<>();
    for (Router r : routers.values()) {
      JsonNode router = get("/v2.0/routers/" + r.id()).get("router");
      List<String> gatewayIps = new ArrayList<>();
      router
          .path("external_gateway_info")
          .path("external_fixed_ips")
          .forEach(ip -> gatewayIps.add(ip.get("ip_address").asText()));
      Set<String> attached = new LinkedHashSet<>();
      get("/v2.0/ports?device_id=" + r.id() + "&device_owner=network:router_interface")
          .get("ports")
          .forEach(
              p -> p.get("fixed_ips").forEach(ip -> attached.add(ip.get("subnet_id").asText())));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("name", router.get("name").asText());
      m.put("tenant_id", router.get("tenant_id").asText());
      m.put("gateway_ips", gatewayIps);
      m.put("subnet_ids", new ArrayList<>(attached));
      rs.add(m);
      for (String sub : attached) {
        knowSubnet(sub);
      }
    }
    root.put("routers", rs);
    List<Object> ss = new ArrayList<>();
    subnets.forEach(
        (id, v) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", id);
          m.put("name", "");
          m.put("tenant_id", v[2]);
          m.put("cidr", v[1]);
          m.put("ip_version", Integer.parseInt(v[0]));
          ss.add(m);
        });
    root.put("subnets", ss);
    root.put("vpnservices", rows("vpnservices", "vpnservice", services.stream().map(Service::id)));
    root.put(
        "endpoint_groups",
        rows("endpoint-groups", "endpoint_group", groups.stream().map(Group::id)));
    root.put("ikepolicies", rows("ikepolicies", "ikepolicy", ikePolicies.stream().map(Policy::id)));
    root.put(
        "ipsecpolicies",
        rows("ipsecpolicies", "ipsecpolicy", ipsecPolicies.stream().map(Policy::id)));
    root.put("ipsec_site_connections", List.of());
    return root;
  }

  private List<Object> rows(String collection, String resource, java.util.stream.Stream<String> ids)
      throws IOException {
    List<Object> out = new ArrayList<>();
    for (String id : ids.toList()) {
      out.add(RealNeutron.json(get("/v2.0/vpn/" + collection + "/" + id).get(resource).toString()));
    }
    return out;
  }

  // --- removal ----------------------------------------------------------------------------------

  /** Removes what this run created, newest first; 404 is fine, anything else is printed. */
  @Override
  public void close() {
    List<String[]> resources = new ArrayList<>(created);
    java.util.Collections.reverse(resources);
    // services and groups first (they hold subnets), then interfaces, then routers and networks
    for (String[] r : resources) {
      if (r[0].startsWith("/v2.0/vpn/")) {
        delete(r[0] + "/" + r[1]);
      }
    }
    for (String[] i : interfaces) {
      try {
        HttpResponse<String> res =
            neutron.send(
                "PUT",
                "/v2.0/routers/" + i[0] + "/remove_router_interface",
                RealNeutron.write(Map.of("subnet_id", i[1])));
        if (res.statusCode() != 200 && res.statusCode() != 404) {
          System.err.println("[diff] could not remove an interface: " + res.body());
        }
      } catch (IOException e) {
        System.err.println("[diff] could not remove an interface: " + e);
      }
    }
    for (String kind : List.of("/v2.0/routers", "/v2.0/subnets", "/v2.0/networks")) {
      for (String[] r : resources) {
        if (r[0].equals(kind)) {
          delete(r[0] + "/" + r[1]);
        }
      }
    }
    created.clear();
    interfaces.clear();
  }

  private void delete(String path) {
    try {
      HttpResponse<String> r = neutron.send("DELETE", path, null);
      if (r.statusCode() != 204 && r.statusCode() != 404) {
        System.err.println(
            "[diff] could not delete " + path + ": " + r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      System.err.println("[diff] could not delete " + path + ": " + e);
    }
  }
}
