package dev.vpnform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lists: walking pages by their links, and filters the way neutron applies them. */
class SandboxListTest {
  static final String C = "/v2.0/vpn/ipsec-site-connections";
  private Sandbox sandbox;
  private TestClient client;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.builder().build().start();
    client = new TestClient(sandbox.networkEndpoint());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private List<String> createMany(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(sandbox.createConnection(SandboxTargets.legacyFields("walk-" + i)));
    }
    return ids;
  }

  @Test
  void walkingNextLinksVisitsEveryConnectionOnceInIdOrder() throws Exception {
    createMany(23); // 26 with the sample: pages of 5,5,5,5,5,1
    List<String> all = new ArrayList<>();
    for (Map<String, Object> c : client.get(C + "?fields=id").list("ipsec_site_connections")) {
      all.add((String) c.get("id"));
    }
    assertThat(all).hasSize(26).isSorted();

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String next = C + "?limit=5&fields=id";
    while (next != null) {
      TestClient.Reply page = client.get(next);
      assertThat(page.status()).isEqualTo(200);
      List<Map<String, Object>> items = page.list("ipsec_site_connections");
      sizes.add(items.size());
      if (items.isEmpty()) {
        break;
      }
      items.forEach(i -> seen.add((String) i.get("id")));
      next = null;
      for (Map<String, Object> link : page.list("ipsec_site_connections_links")) {
        if (link.get("rel").equals("next")) {
          next = (String) link.get("href");
          assertThat(next).startsWith(sandbox.networkEndpoint() + C + "?");
        }
      }
    }
    assertThat(seen).isEqualTo(all);
    assertThat(sizes).containsExactly(5, 5, 5, 5, 5, 1);
  }

  @Test
  void aFullLastPageStillHasANextLinkToAnEmptyPage() throws Exception {
    createMany(2); // 5 in all
    TestClient.Reply page = client.get(C + "?limit=5");
    assertThat(page.list("ipsec_site_connections")).hasSize(5);
    String next = (String) page.at("ipsec_site_connections_links.0.href");
    assertThat(page.at("ipsec_site_connections_links.0.rel")).isEqualTo("next");
    TestClient.Reply empty = client.get(next);
    assertThat(empty.list("ipsec_site_connections")).isEmpty();
    assertThat(empty.list("ipsec_site_connections_links"))
        .extracting(l -> l.get("rel"))
        .containsExactly("previous");
  }

  @Test
  void previousLinksWalkBackwards() throws Exception {
    createMany(7); // 10 in all
    List<String> all = new ArrayList<>();
    client.get(C).list("ipsec_site_connections").forEach(c -> all.add((String) c.get("id")));
    String lastPage = C + "?limit=3&marker=" + all.get(8);
    TestClient.Reply page = client.get(lastPage);
    assertThat(page.list("ipsec_site_connections"))
        .extracting(c -> c.get("id"))
        .containsExactly(all.get(9));
    String previous = (String) page.at("ipsec_site_connections_links.0.href");
    assertThat(page.at("ipsec_site_connections_links.0.rel")).isEqualTo("previous");
    TestClient.Reply before = client.get(previous);
    assertThat(before.list("ipsec_site_connections"))
        .extracting(c -> c.get("id"))
        .containsExactly(all.get(6), all.get(7), all.get(8));
  }

  @Test
  void filtersConvertAttributesAndIgnoreNonColumns() throws Exception {
    client.put(
        C + "/" + SandboxTargets.DOWN,
        TestClient.wrap("ipsec_site_connection", "admin_state_up", false));
    assertThat(client.get(C + "?admin_state_up=false").list("ipsec_site_connections"))
        .extracting(c -> c.get("id"))
        .containsExactly(SandboxTargets.DOWN);
    assertThat(client.get(C + "?admin_state_up=maybe").at("NeutronError.message"))
        .isEqualTo("Invalid input for operation: 'maybe' cannot be converted to boolean.");
    assertThat(client.get(C + "?mtu=abc").at("NeutronError.type")).isEqualTo("InvalidInput");
    // dpd_* are DB columns, so they filter; peer_cidrs is a relation and is ignored
    assertThat(client.get(C + "?dpd_action=restart").list("ipsec_site_connections"))
        .extracting(c -> c.get("id"))
        .containsExactly(SandboxTargets.DOWN);
    assertThat(client.get(C + "?peer_cidrs=10.0.0.0/8").list("ipsec_site_connections")).hasSize(3);
    // MySQL's utf8mb3_general_ci: case-insensitive, trailing spaces ignored
    assertThat(client.get(C + "?name=DC1-TO-DC2%20").list("ipsec_site_connections")).hasSize(1);
    assertThat(
            client
                .get(C + "/" + SandboxTargets.LEGACY.toUpperCase())
                .at("ipsec_site_connection.id"))
        .isEqualTo(SandboxTargets.LEGACY);
    // endpoint groups: the column is endpoint_type, so ?type= is not a filter
    assertThat(client.get("/v2.0/vpn/endpoint-groups?type=cidr").list("endpoint_groups"))
        .hasSize(4);
    assertThat(client.get("/v2.0/vpn/endpoint-groups?endpoint_type=cidr").list("endpoint_groups"))
        .hasSize(2);
    assertThat(
            client
                .get("/v2.0/vpn/vpnservices?router_id=" + SandboxTargets.ROUTER)
                .list("vpnservices"))
        .hasSize(2);
  }

  @Test
  void sortingIsStableOverTheIdOrder() throws Exception {
    sandbox.createConnection(SandboxTargets.legacyFields("same"));
    sandbox.createConnection(SandboxTargets.legacyFields("same"));
    List<Map<String, Object>> sorted =
        client.get(C + "?sort_key=name&sort_dir=desc&fields=name").list("ipsec_site_connections");
    assertThat(sorted)
        .extracting(c -> c.get("name"))
        .containsExactly("same", "same", "dc1-to-dc3", "dc1-to-dc2", "branch-epg");
    assertThat(sorted.get(0)).containsOnlyKeys("name"); // the added sort key and id are stripped
  }

  @Test
  void unknownPathsAndMethods() throws Exception {
    assertThat(client.get("/v2.0/networks").status()).isEqualTo(404);
    assertThat(client.send("DELETE", C, null).at("NeutronError.message"))
        .isEqualTo("ipsec_site_connection None not found");
    assertThat(client.send("POST", C + "/" + SandboxTargets.LEGACY, Map.of()).status())
        .isEqualTo(405);
    assertThat(client.send("POST", "/", Map.of()).status()).isEqualTo(405);
  }
}
