package dev.vpnform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpnform.sandbox.testing.RealNeutron;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ApiTarget}s on a REAL neutron-server (the noauth one of {@code .ci/neutron/start.sh}).
 *
 * <p>The VPN services, policies, router and endpoint groups are the seeded ones of seed.json (the
 * base set, tenant {@code demo-project}); cases only read them, or fail to change them. The
 * connections a case changes ({@code legacy}, {@code down}, {@code epg}, {@code pending}, {@code
 * pending_update}) are created for that case alone: POSTed, then given their status in the DB
 * through db.sh. {@link ApiTarget#close()} deletes them, and every connection, endpoint group, VPN
 * service or policy named {@code case-*} that appeared during the case (the cases' own POSTs).
 */
final class RealNeutronTargets implements ApiTarget.Factory {
  /** The per-case connections, with the status each gets. */
  static final Map<String, String> CONNECTIONS =
      Map.of(
          "legacy", "ACTIVE",
          "down", "DOWN",
          "epg", "ACTIVE",
          "pending", "PENDING_CREATE",
          "pending_update", "PENDING_UPDATE");

  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
  private static final String C = "/v2.0/vpn/ipsec-site-connections";
  private static final String G = "/v2.0/vpn/endpoint-groups";
  private static final String ROUTERS = "/v2.0/routers";

  /** What the cases may create besides connections, in the order they can be deleted. */
  private static final List<String[]> OTHERS =
      List.of(
          new String[] {G, "endpoint_groups"},
          new String[] {"/v2.0/vpn/vpnservices", "vpnservices"},
          new String[] {"/v2.0/vpn/ikepolicies", "ikepolicies"},
          new String[] {"/v2.0/vpn/ipsecpolicies", "ipsecpolicies"});

  private final RealNeutron neutron;
  private final Map<String, String> shared = new LinkedHashMap<>();

  RealNeutronTargets(RealNeutron neutron) {
    this.neutron = neutron;
    JsonNode s = neutron.seed();
    JsonNode groups = s.get("endpoint_groups");
    shared.put("router", s.get("router").asText());
    shared.put("subnet", s.get("subnets").get("a").asText());
    shared.put("subnet_v6", s.get("subnets").get("v6").asText());
    shared.put("subnet_off_router", s.get("admin").get("subnets").get("a").asText());
    shared.put("vpnservice_legacy", s.get("vpnservice_legacy").asText());
    shared.put("vpnservice_epg", s.get("vpnservice_epg").asText());
    shared.put("ikepolicy", s.get("ikepolicy").asText());
    shared.put("ipsecpolicy", s.get("ipsecpolicy").asText());
    shared.put("local_group", groups.get("local_a").asText());
    shared.put("local_group2", groups.get("local_b").asText());
    shared.put("peer_group", groups.get("peer_a").asText());
    shared.put("peer_group2", groups.get("peer_b").asText());
    shared.put("project", s.get("tenant_id").asText());
  }

  URI endpoint() {
    return neutron.url();
  }

  /** A target with every per-case connection (5 POSTs). */
  @Override
  public ApiTarget create() throws Exception {
    return create(CONNECTIONS.keySet());
  }

  /**
   * The per-case connections a case uses: the ones its steps name. A case that DELETEs a VPN
   * service gets its connections too, so the service is in use whatever else the server holds.
   */
  static Set<String> needed(ApiCaseRunner.ApiCase c) {
    Set<String> vars = new HashSet<>();
    collect(c.steps(), vars);
    Set<String> out = new LinkedHashSet<>();
    for (String v : CONNECTIONS.keySet()) {
      if (vars.contains(v)) {
        out.add(v);
      }
    }
    if (vars.contains("router_no_gateway")) {
      out.add("router_no_gateway"); // created for the case, deleted after it
    }
    for (Map<String, Object> step : c.steps()) {
      if ("DELETE".equals(step.get("method"))
          && String.valueOf(step.get("path")).contains("/vpnservices/")) {
        out.add("legacy");
        out.add("epg");
      }
    }
    return out;
  }

  private static void collect(Object o, Set<String> out) {
    if (o instanceof String s) {
      Matcher m = VAR.matcher(s);
      while (m.find()) {
        out.add(m.group(1));
      }
    } else if (o instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            collect(k, out);
            collect(v, out);
          });
    } else if (o instanceof List<?> l) {
      l.forEach(v -> collect(v, out));
    }
  }

  /** A target with only the per-case connections in {@code needed}. */
  ApiTarget create(Set<String> needed) throws Exception {
    Set<String> connectionsBefore = ids(C + "?fields=id", "ipsec_site_connections");
    Map<String, Set<String>> othersBefore = new LinkedHashMap<>();
    for (String[] o : OTHERS) {
      othersBefore.put(o[0], ids(o[0] + "?fields=id", o[1]));
    }
    Map<String, String> vars = new LinkedHashMap<>(shared);
    List<String> created = new ArrayList<>();
    try {
      if (needed.contains("router_no_gateway")) {
        created.add(ROUTERS + "/" + routerWithoutGateway());
        vars.put("router_no_gateway", created.get(0).substring(ROUTERS.length() + 1));
      }
      StringBuilder sql = new StringBuilder();
      for (String v : CONNECTIONS.keySet()) {
        if (!needed.contains(v)) {
          continue;
        }
        String id = post(v);
        created.add(id);
        vars.put(v, id);
        String status = CONNECTIONS.get(v);
        if (!status.equals("PENDING_CREATE")) {
          sql.append("UPDATE ipsec_site_connections SET status='")
              .append(status)
              .append("' WHERE id='")
              .append(id)
              .append("';");
        }
      }
      if (sql.length() > 0) {
        neutron.sql(sql.toString());
      }
    } catch (Exception | Error e) {
      cleanUp(created, connectionsBefore, othersBefore);
      throw e;
    }
    return new ApiTarget() {
      @Override
      public URI endpoint() {
        return neutron.url();
      }

      @Override
      public Map<String, String> variables() {
        return vars;
      }

      @Override
      public Map<String, String> headers() {
        return Map.of();
      }

      @Override
      public Set<String> capabilities() {
        return Set.of("noauth");
      }

      @Override
      public void close() {
        cleanUp(created, connectionsBefore, othersBefore);
      }
    };
  }

  /** A router of the project with no external gateway, named case-*, for this case alone. */
  private String routerWithoutGateway() throws IOException {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", "case-no-gateway-" + UUID.randomUUID().toString().substring(0, 8));
    f.put("tenant_id", shared.get("project"));
    HttpResponse<String> r = neutron.send("POST", ROUTERS, RealNeutron.write(Map.of("router", f)));
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "cannot create a router without gateway: " + r.statusCode() + " " + r.body());
    }
    return RealNeutron.json(r.body()).get("router").get("id").asText();
  }

  private String post(String role) throws IOException {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", "case-target-" + role + "-" + UUID.randomUUID().toString().substring(0, 8));
    f.put("tenant_id", shared.get("project"));
    f.put("ikepolicy_id", shared.get("ikepolicy"));
    f.put("ipsecpolicy_id", shared.get("ipsecpolicy"));
    f.put("peer_address", "198.51.100.77");
    f.put("peer_id", "198.51.100.77");
    f.put("psk", "real-psk-test");
    if (role.equals("epg")) {
      f.put("vpnservice_id", shared.get("vpnservice_epg"));
      f.put("local_ep_group_id", shared.get("local_group"));
      f.put("peer_ep_group_id", shared.get("peer_group"));
    } else {
      f.put("vpnservice_id", shared.get("vpnservice_legacy"));
      f.put("peer_cidrs", List.of("192.168.77.0/24"));
    }
    HttpResponse<String> r =
        neutron.send("POST", C, RealNeutron.write(Map.of("ipsec_site_connection", f)));
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "cannot create the " + role + " connection: " + r.statusCode() + " " + r.body());
    }
    return RealNeutron.json(r.body()).get("ipsec_site_connection").get("id").asText();
  }

  private Set<String> ids(String path, String key) throws IOException {
    HttpResponse<String> r = neutron.send("GET", path, null);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    Set<String> out = new HashSet<>();
    for (JsonNode n : RealNeutron.json(r.body()).get(key)) {
      out.add(n.get("id").asText());
    }
    return out;
  }

  private void cleanUp(
      List<String> created, Set<String> connectionsBefore, Map<String, Set<String>> othersBefore) {
    List<String> problems = new ArrayList<>();
    try {
      Set<String> doomed = new LinkedHashSet<>();
      for (String id : created) {
        if (!id.startsWith(ROUTERS)) {
          doomed.add(id);
        }
      }
      for (JsonNode n : list(C + "?fields=id&fields=name", "ipsec_site_connections")) {
        if (!connectionsBefore.contains(n.get("id").asText())
            && n.path("name").asText().startsWith("case-")) {
          doomed.add(n.get("id").asText());
        }
      }
      for (String id : doomed) {
        delete(C + "/" + id, problems);
      }
      for (String[] o : OTHERS) {
        for (JsonNode n : list(o[0] + "?fields=id&fields=name", o[1])) {
          if (!othersBefore.get(o[0]).contains(n.get("id").asText())
              && n.path("name").asText().startsWith("case-")) {
            delete(o[0] + "/" + n.get("id").asText(), problems);
          }
        }
      }
      for (String path : created) {
        if (path.startsWith(ROUTERS)) {
          delete(path, problems); // last: a VPN service on it would keep it
        }
      }
    } catch (IOException e) {
      problems.add(e.toString());
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("cleaning up after the case failed: " + problems);
    }
  }

  private List<JsonNode> list(String path, String key) throws IOException {
    HttpResponse<String> r = neutron.send("GET", path, null);
    List<JsonNode> out = new ArrayList<>();
    RealNeutron.json(r.body()).get(key).forEach(out::add);
    return out;
  }

  private void delete(String path, List<String> problems) throws IOException {
    HttpResponse<String> r = neutron.send("DELETE", path, null);
    if (r.statusCode() != 204 && r.statusCode() != 404) {
      problems.add("DELETE " + path + ": " + r.statusCode() + " " + r.body());
    }
  }
}
