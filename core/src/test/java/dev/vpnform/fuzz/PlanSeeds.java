package dev.vpnform.fuzz;

import dev.vpnform.Reconciler;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.openstack.NeutronJson;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.PlanFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real saved plan, made the way {@code vpnform plan -o} makes one: Reconciler loads a small YAML,
 * plans it against a Networking API list body, and {@link PlanFile#write} saves it. The psk comes
 * from {@code {env: DC1_PSK}}, which the fuzz target's environment answers with "x".
 */
final class PlanSeeds {
  static final String ID_1 = "0b9d3d5e-1f4b-4f6c-9a55-2a0c5d1e7a11";
  static final String ID_2 = "851f280f-5639-4ea3-81aa-e298525ab74b";
  static final String ID_3 = "5f2c1e0a-7d3b-4c8e-9a61-0b1c2d3e4f50";

  static final String DESIRED =
      """
      profile: openstack
      connections:
        - name: dc1-to-dc2
          description: to datacenter 2
          psk: {env: DC1_PSK}
          mtu: 1500
          dpd: {interval: 60}
          peer_cidrs: [10.2.0.0/24, 10.3.0.0/24]
        - id: %s
          name: renamed-by-id
          admin_state_up: false
          initiator: response-only
          peer_address: 203.0.113.9
        - name: unchanged
          mtu: 1400
      """
          .formatted(ID_2);

  static final String ACTUAL =
      """
      {"ipsec_site_connections": [
        {"id": "%s", "name": "dc1-to-dc2", "description": "", "psk": "stored-psk-0001",
         "initiator": "bi-directional", "admin_state_up": true, "peer_address": "198.51.100.1",
         "peer_id": "198.51.100.1", "local_id": "", "peer_cidrs": ["10.2.0.0/24"],
         "local_ep_group_id": null, "peer_ep_group_id": null, "mtu": 1400,
         "dpd": {"action": "hold", "interval": 30, "timeout": 120}, "status": "ACTIVE",
         "vpnservice_id": "s1", "ikepolicy_id": "i1", "ipsecpolicy_id": "p1",
         "tenant_id": "t1", "project_id": "t1", "route_mode": "static", "auth_mode": "psk"},
        {"id": "%s", "name": "vpnconnection1", "description": "", "psk": "stored-psk-0002",
         "initiator": "bi-directional", "admin_state_up": true, "peer_address": "172.24.4.233",
         "peer_id": "172.24.4.233", "local_id": "", "peer_cidrs": ["10.9.0.0/24"],
         "local_ep_group_id": null, "peer_ep_group_id": null, "mtu": 1500,
         "dpd": {"action": "hold", "interval": 30, "timeout": 120}, "status": "ACTIVE",
         "vpnservice_id": "s1", "ikepolicy_id": "i1", "ipsecpolicy_id": "p1",
         "tenant_id": "t1", "project_id": "t1", "route_mode": "static", "auth_mode": "psk"},
        {"id": "%s", "name": "unchanged", "description": "", "psk": "stored-psk-0003",
         "initiator": "bi-directional", "admin_state_up": true, "peer_address": "192.0.2.7",
         "peer_id": "192.0.2.7", "local_id": "", "peer_cidrs": ["10.7.0.0/24"],
         "local_ep_group_id": null, "peer_ep_group_id": null, "mtu": 1400,
         "dpd": {"action": "hold", "interval": 30, "timeout": 120}, "status": "ACTIVE",
         "vpnservice_id": "s1", "ikepolicy_id": "i1", "ipsecpolicy_id": "p1",
         "tenant_id": "t1", "project_id": "t1", "route_mode": "static", "auth_mode": "psk"}
      ]}
      """
          .formatted(ID_1, ID_2, ID_3);

  private PlanSeeds() {}

  /** The plan, as PlanFile.write saves it. */
  static byte[] realPlan(Path scratch) throws Exception {
    Reconciler r = Reconciler.builder().environment(k -> "x").resolver(h -> List.of()).build();
    Path yaml = scratch.resolve("desired.yaml");
    Files.writeString(yaml, DESIRED);
    DesiredState desired = r.load(List.of(yaml));
    List<ActualConnection> actual = NeutronJson.parseConnections(ACTUAL, "actual.json");
    Plan plan = r.plan(desired, actual, "actual.json");
    if (!plan.applicable() || plan.updateCount() != 2) {
      throw new IllegalStateException("the seed plan changed: " + plan.diagnostics());
    }
    Path file = scratch.resolve("seed.plan");
    PlanFile.write(plan, file);
    // Sources name the YAML by the path it was loaded from; keep the seed free of temp paths.
    String text = Files.readString(file).replace(scratch.toString() + java.io.File.separator, "");
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
