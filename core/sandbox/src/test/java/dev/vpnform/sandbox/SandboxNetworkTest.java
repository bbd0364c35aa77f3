package dev.vpnform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routers, subnets and ports the sandbox shows (Topology): what the contract cases cannot check
 * on both servers (a project's view, seeds the real server does not have, the read-only answer).
 * The shapes measured on the real server are in network-cases.json.
 */
class SandboxNetworkTest {
  static final String DEMO = Keystone.projectId("demo");

  @TempDir Path dir;

  /** A seed: the demo project's router (gateway v4 + v6) on two subnets, and an admin router. */
  private Path seed() throws Exception {
    String json =
        """
        {"format_version": 1,
         "routers": [
           {"id": "aaaaaaaa-0000-4000-8000-000000000001", "name": "demo-router",
            "tenant_id": "%s", "gateway_ips": ["198.18.0.10", "2001:db8:f::10"],
            "subnet_ids": ["bbbbbbbb-0000-4000-8000-000000000001",
                           "bbbbbbbb-0000-4000-8000-000000000002"]},
           {"id": "aaaaaaaa-0000-4000-8000-000000000002", "name": "admin-router",
            "gateway_ips": [], "subnet_ids": ["bbbbbbbb-0000-4000-8000-000000000001",
                                              "bbbbbbbb-0000-4000-8000-000000000009"]}],
         "subnets": [
           {"id": "bbbbbbbb-0000-4000-8000-000000000001", "name": "demo-a", "tenant_id": "%s",
            "cidr": "10.9.0.0/24", "ip_version": 4},
           {"id": "bbbbbbbb-0000-4000-8000-000000000002", "name": "demo-v6", "tenant_id": "%s",
            "cidr": "fd00:9::/64", "ip_version": 6}]}
        """
            .formatted(DEMO, DEMO, DEMO);
    Path p = dir.resolve("seed.json");
    Files.writeString(p, json);
    return p;
  }

  private Sandbox keystoneSandbox(Path state) throws Exception {
    return Sandbox.builder()
        .keystone(true)
        .user("admin", "admin", "admin", true)
        .user("demo", "demo-pw", "demo", false)
        .seed(seed())
        .stateFile(state)
        .build()
        .start();
  }

  private static TestClient as(Sandbox sandbox, String user, String password, String project)
      throws Exception {
    TestClient c = new TestClient(sandbox.networkEndpoint());
    TestClient.Reply r =
        c.post(
            "/identity/v3/auth/tokens", SandboxKeystoneTest.passwordAuth(user, password, project));
    assertThat(r.status()).isEqualTo(201);
    return c.header("X-Auth-Token", r.header("X-Subject-Token"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aProjectSeesItsRouterWithoutAdminAttributesAndNotTheGatewayPort() throws Exception {
    try (Sandbox sandbox = keystoneSandbox(dir.resolve("state.json"))) {
      TestClient demo = as(sandbox, "demo", "demo-pw", "demo");
      TestClient.Reply router = demo.get("/v2.0/routers/aaaaaaaa-0000-4000-8000-000000000001");
      assertThat(router.status()).isEqualTo(200);
      Map<String, Object> r = (Map<String, Object>) router.at("router");
      assertThat(r).doesNotContainKeys("distributed", "ha").containsEntry("project_id", DEMO);
      List<Map<String, Object>> gw =
          (List<Map<String, Object>>) router.at("router.external_gateway_info.external_fixed_ips");
      assertThat(gw)
          .extracting(a -> a.get("ip_address"))
          .containsExactly("198.18.0.10", "2001:db8:f::10");
      assertThat(gw.get(0).get("subnet_id")).isNotEqualTo(gw.get(1).get("subnet_id"));

      // measured: another project's router is a 404 to a project member
      TestClient.Reply other = demo.get("/v2.0/routers/aaaaaaaa-0000-4000-8000-000000000002");
      assertThat(other.status()).isEqualTo(404);
      assertThat(other.at("NeutronError.type")).isEqualTo("RouterNotFound");

      // measured: the member sees its interface ports, not the gateway port (project ""), and
      // binding:vnic_type only of the binding attributes
      List<Map<String, Object>> ports =
          demo.get("/v2.0/ports?device_id=aaaaaaaa-0000-4000-8000-000000000001").list("ports");
      assertThat(ports)
          .extracting(p -> p.get("device_owner"))
          .containsOnly("network:router_interface")
          .hasSize(2);
      assertThat(ports.get(0))
          .containsKey("binding:vnic_type")
          .doesNotContainKeys(
              "binding:profile", "binding:host_id", "binding:vif_type", "binding:vif_details");

      // the admin sees both routers, the gateway port, and the external subnets
      TestClient admin = as(sandbox, "admin", "admin", "admin");
      assertThat(admin.get("/v2.0/routers?fields=id").list("routers")).hasSize(2);
      List<Map<String, Object>> all =
          admin.get("/v2.0/ports?device_id=aaaaaaaa-0000-4000-8000-000000000001").list("ports");
      assertThat(all).extracting(p -> p.get("device_owner")).contains("network:router_gateway");
      for (Map<String, Object> a : gw) {
        TestClient.Reply s = admin.get("/v2.0/subnets/" + a.get("subnet_id"));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.at("subnet.network_id"))
            .isEqualTo(router.at("router.external_gateway_info.network_id"));
      }
      assertThat(demo.get("/v2.0/subnets/" + gw.get(0).get("subnet_id")).status()).isEqualTo(404);
    }
  }

  @Test
  void aRouterWithoutGatewayAndASubnetOnTwoRoutersAndAMadeUpSubnet() throws Exception {
    Path state = dir.resolve("state.json");
    try (Sandbox sandbox = keystoneSandbox(state)) {
      TestClient admin = as(sandbox, "admin", "admin", "admin");
      TestClient.Reply r = admin.get("/v2.0/routers/aaaaaaaa-0000-4000-8000-000000000002");
      @SuppressWarnings("unchecked")
      Map<String, Object> router = (Map<String, Object>) r.at("router");
      assertThat(router).containsEntry("external_gateway_info", null);

      // the subnet on both routers: two interface ports, two addresses
      List<Map<String, Object>> on =
          admin
              .get("/v2.0/ports?fixed_ips=subnet_id%3Dbbbbbbbb-0000-4000-8000-000000000001")
              .list("ports");
      assertThat(on)
          .extracting(
              p -> (Object) ((Map<?, ?>) ((List<?>) p.get("fixed_ips")).get(0)).get("ip_address"))
          .containsExactlyInAnyOrder("10.9.0.1", "10.9.0.2");

      // a subnet a router names but the seed does not describe is made up: the admin's, IPv4
      TestClient.Reply made = admin.get("/v2.0/subnets/bbbbbbbb-0000-4000-8000-000000000009");
      assertThat(made.status()).isEqualTo(200);
      assertThat(made.at("subnet.ip_version")).isEqualTo(4);
      assertThat((String) made.at("subnet.cidr")).matches("10\\.\\d+\\.\\d+\\.0/24");
      assertThat(made.at("subnet.project_id")).isEqualTo(Sandbox.SAMPLE_PROJECT_ID);
    }
    // ... and kept in the state file, with every subnet's project
    String saved = Files.readString(state);
    assertThat(saved).contains("bbbbbbbb-0000-4000-8000-000000000009").contains("\"tenant_id\"");
    try (Sandbox again = keystoneSandbox(state)) {
      TestClient demo = as(again, "demo", "demo-pw", "demo");
      assertThat(demo.get("/v2.0/subnets?fields=id").list("subnets")).hasSize(2);
    }
  }

  @Test
  void theSampleShowsItsTopologyAndRefusesChanges() throws Exception {
    try (Sandbox sandbox = Sandbox.builder().build().start()) {
      TestClient c = new TestClient(sandbox.networkEndpoint());
      // the sample: one router, five subnets of which four on the router, v6 included
      assertThat(c.get("/v2.0/routers").list("routers")).hasSize(1);
      List<Map<String, Object>> ports =
          c.get(
                  "/v2.0/ports?device_id="
                      + SandboxTargets.ROUTER
                      + "&sort_key=device_owner"
                      + "&sort_dir=asc")
              .list("ports");
      assertThat(ports)
          .extracting(p -> p.get("device_owner"))
          .containsExactly(
              "network:router_gateway",
              "network:router_interface",
              "network:router_interface",
              "network:router_interface",
              "network:router_interface");
      // the host bits of a cidr filter are cleared, as convert_to_cidr does
      assertThat(c.get("/v2.0/subnets?cidr=10.1.0.77/24&fields=id").list("subnets"))
          .extracting(s -> s.get("id"))
          .containsExactly(SandboxTargets.SUBNET);
      // ids and addresses are the same on every start
      try (Sandbox other = Sandbox.builder().build().start()) {
        assertThat(new TestClient(other.networkEndpoint()).get("/v2.0/ports").body())
            .isEqualTo(replaceTimes(c.get("/v2.0/ports").body(), other));
      }
      // read-only: the real server would change them, the sandbox says 405
      for (String method : List.of("POST", "PUT", "DELETE")) {
        String path =
            method.equals("POST") ? "/v2.0/routers" : "/v2.0/routers/" + SandboxTargets.ROUTER;
        TestClient.Reply r =
            c.send(method, path, method.equals("DELETE") ? null : Map.of("router", Map.of()));
        assertThat(r.status()).as(method).isEqualTo(405);
      }
      assertThat(c.get("/v2.0/routers/" + SandboxTargets.ROUTER).status()).isEqualTo(200);
      // the embedding API's view of the connections: the admin's list
      assertThat(sandbox.connections())
          .extracting(m -> m.get("id"))
          .containsExactly(SandboxTargets.LEGACY, SandboxTargets.DOWN, SandboxTargets.EPG);
    }
  }

  /** The other sandbox's timestamps differ only by its start; its ports otherwise agree. */
  private static Object replaceTimes(Object body, Sandbox other) throws Exception {
    Object theirs = new TestClient(other.networkEndpoint()).get("/v2.0/ports").body();
    String stamp =
        (String)
            ((Map<?, ?>) ((List<?>) ((Map<?, ?>) theirs).get("ports")).get(0)).get("created_at");
    String text = Json.MAPPER.writeValueAsString(body);
    text = text.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", stamp);
    return Json.MAPPER.readValue(text, Object.class);
  }
}
