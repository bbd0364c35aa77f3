package dev.vpnform.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpnform.openstack.LoopbackServer.Recorded;
import dev.vpnform.openstack.LoopbackServer.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parts of neutron-server's VPNaaS API the client uses, with the measured quirks of
 * /work/shared/reference/neutron-vpnaas-api.md: ascending-id order, repeated filters ORed, a next
 * link on every full page (even the last), a previous link on every page, 404 NeutronErrors.
 */
final class FakeNeutron implements LoopbackServer.Handler {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PREFIX = "/v2.0/vpn/ipsec-site-connections";

  final TreeMap<String, Map<String, Object>> connections = new TreeMap<>();
  final Map<String, Map<String, Object>> vpnservices = new TreeMap<>();
  final Map<String, Map<String, Object>> endpointGroups = new TreeMap<>();

  /** The host the server puts into its links, as a server behind a proxy would. */
  String linkHost = "http://neutron-internal.example:9696";

  private final AtomicInteger requestIds = new AtomicInteger();

  static Map<String, Object> connection(String id, String name, String psk) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("tenant_id", "demo-project");
    c.put("name", name);
    c.put("description", "");
    c.put("peer_address", "198.51.100.10");
    c.put("peer_id", "198.51.100.10");
    c.put("local_id", "");
    c.put("route_mode", "static");
    c.put("mtu", 1500);
    c.put("auth_mode", "psk");
    c.put("psk", psk);
    c.put("initiator", "bi-directional");
    c.put("dpd", new LinkedHashMap<>(Map.of("action", "hold", "interval", 30, "timeout", 120)));
    c.put("admin_state_up", true);
    c.put("status", "ACTIVE");
    c.put("vpnservice_id", "vpn-1");
    c.put("ikepolicy_id", "ike-1");
    c.put("ipsecpolicy_id", "ipsec-1");
    c.put("peer_cidrs", List.of("192.168.50.0/24"));
    c.put("local_ep_group_id", null);
    c.put("peer_ep_group_id", null);
    c.put("project_id", "demo-project");
    return c;
  }

  FakeNeutron add(String id, String name, String psk) {
    connections.put(id, connection(id, name, psk));
    return this;
  }

  String nextRequestId() {
    return String.format("req-00000000-0000-0000-0000-%012d", requestIds.incrementAndGet());
  }

  static Reply neutronError(int status, String type, String message) throws Exception {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("message", message);
    e.put("detail", "");
    return Reply.json(status, JSON.writeValueAsString(Map.of("NeutronError", e)));
  }

  @Override
  public Reply handle(Recorded r) throws Exception {
    Reply reply = route(r);
    return reply == Reply.RESET ? reply : reply.with("X-Openstack-Request-Id", nextRequestId());
  }

  private Reply route(Recorded r) throws Exception {
    // Endpoints from a test catalog are mounted under one extra path segment, e.g. /r1-public.
    String path = r.uri().getPath().replaceFirst("^/[A-Za-z0-9-]+(?=/v2.0/)", "");
    if (path.startsWith("/v2.0/vpn/vpnservices/")) {
      return object("vpnservice", vpnservices, path.substring("/v2.0/vpn/vpnservices/".length()));
    }
    if (path.startsWith("/v2.0/vpn/endpoint-groups/")) {
      return object(
          "endpoint_group", endpointGroups, path.substring("/v2.0/vpn/endpoint-groups/".length()));
    }
    if (path.equals(PREFIX) && r.method().equals("GET")) {
      return list(r);
    }
    if (path.startsWith(PREFIX + "/")) {
      String id = path.substring(PREFIX.length() + 1);
      Map<String, Object> c = connections.get(id);
      if (c == null) {
        return neutronError(
            404, "IPsecSiteConnectionNotFound", "ipsec_site_connection " + id + " not found");
      }
      if (r.method().equals("PUT")) {
        return put(c, r.body());
      }
      return Reply.json(200, JSON.writeValueAsString(Map.of("ipsec_site_connection", c)));
    }
    return neutronError(404, "HTTPNotFound", "The resource could not be found.");
  }

  private Reply object(String key, Map<String, Map<String, Object>> store, String id)
      throws Exception {
    Map<String, Object> o = store.get(id);
    if (o == null) {
      return neutronError(404, "VPNServiceNotFound", "VPNService " + id + " could not be found");
    }
    return Reply.json(200, JSON.writeValueAsString(Map.of(key, o)));
  }

  @SuppressWarnings("unchecked")
  private Reply put(Map<String, Object> c, String body) throws Exception {
    Map<String, Object> doc = JSON.readValue(body, Map.class);
    Map<String, Object> fields = (Map<String, Object>) doc.get("ipsec_site_connection");
    if (fields.get("mtu") instanceof Integer mtu && mtu < 68 && mtu != 0) {
      return neutronError(
          400,
          "IPsecSiteConnectionMtuError",
          "ipsec_site_connection MTU " + mtu + " is too small for ipv4");
    }
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (e.getKey().equals("dpd")) {
        ((Map<String, Object>) c.get("dpd")).putAll((Map<String, Object>) e.getValue());
      } else {
        c.put(e.getKey(), e.getValue());
      }
    }
    return Reply.json(200, JSON.writeValueAsString(Map.of("ipsec_site_connection", c)));
  }

  private Reply list(Recorded r) throws Exception {
    List<String> ids = r.params("id");
    List<String> names = r.params("name");
    String marker = r.param("marker");
    int limit = r.param("limit") == null ? 0 : Integer.parseInt(r.param("limit"));
    List<Map<String, Object>> matching = new ArrayList<>();
    Iterable<Map<String, Object>> from =
        marker == null
            ? connections.values()
            : connections.containsKey(marker)
                ? connections.tailMap(marker, false).values()
                : List.of(); // an unknown marker gives an empty page
    for (Map<String, Object> c : from) {
      if ((ids.isEmpty() || ids.contains(c.get("id")))
          && (names.isEmpty() || names.contains(c.get("name")))) {
        matching.add(c);
      }
    }
    List<Map<String, Object>> page =
        limit > 0 && matching.size() > limit ? matching.subList(0, limit) : matching;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ipsec_site_connections", page);
    if (limit > 0) {
      List<Map<String, Object>> links = new ArrayList<>();
      String query = r.uri().getRawQuery().replaceAll("&?marker=[^&]*", "");
      if (page.size() == limit) {
        links.add(
            Map.of(
                "rel",
                "next",
                "href",
                linkHost
                    + PREFIX
                    + "?"
                    + query
                    + "&marker="
                    + page.get(page.size() - 1).get("id")));
      }
      String first = page.isEmpty() ? marker : (String) page.get(0).get("id");
      links.add(
          Map.of(
              "rel",
              "previous",
              "href",
              linkHost + PREFIX + "?" + query + "&marker=" + first + "&page_reverse=True"));
      body.put("ipsec_site_connections_links", links);
    }
    return Reply.json(200, JSON.writeValueAsString(body));
  }
}
