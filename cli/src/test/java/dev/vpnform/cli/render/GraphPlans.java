package dev.vpnform.cli.render;

import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.ConnectionResult;
import dev.vpnform.apply.Outcome;
import dev.vpnform.apply.ResourceResult;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Pending;
import dev.vpnform.model.Profile;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.SourceLocation;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.AddressBook;
import dev.vpnform.plan.ApiRequest;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.Planner;
import dev.vpnform.plan.ResourceChange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan that changes every kind with every action, built by hand the way the planner shapes it: an
 * IKE policy created, an IPsec policy updated, an endpoint group replaced (made before the old one
 * goes), a VPN service deleted, a connection created on the pending IKE policy with a psk.
 */
public final class GraphPlans {
  private GraphPlans() {}

  public static final String IKE_ID = "11111111-1111-4111-8111-111111111111";
  public static final String IPSEC_ID = "22222222-2222-4222-8222-222222222222";
  public static final String EG_ID = "33333333-3333-4333-8333-333333333333";
  public static final String EG_NEW_ID = "33333333-3333-4333-8333-444444444444";
  public static final String VPN_ID = "55555555-5555-4555-8555-555555555555";
  public static final String ROUTER_ID = "66666666-6666-4666-8666-666666666666";

  static SourceLocation at(int line) {
    return new SourceLocation("vpn.yaml", line, 5);
  }

  public static ResourceChange ikeCreate() {
    DesiredResource d =
        DesiredResource.builder(Kind.IKE_POLICY, at(2))
            .set("name", "ike-aes256")
            .set("encryption_algorithm", "aes-256")
            .set("lifetime", Map.of("units", "seconds", "value", 3600))
            .build();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "ike-aes256");
    body.put("encryption_algorithm", "aes-256");
    body.put("lifetime", Map.of("units", "seconds", "value", 3600));
    return new ResourceChange(
        Kind.IKE_POLICY,
        null,
        "ike-aes256",
        d.source(),
        Action.CREATE,
        List.of(
            new FieldChange("name", null, "ike-aes256", false),
            new FieldChange("encryption_algorithm", null, "aes-256", false),
            new FieldChange("lifetime.units", null, "seconds", false),
            new FieldChange("lifetime.value", null, 3600, false)),
        Optional.of(new ApiRequest("POST", Kind.IKE_POLICY.path(), Map.of("ikepolicy", body))),
        List.of(),
        d,
        null);
  }

  public static ResourceChange ipsecUpdate() {
    DesiredResource d =
        DesiredResource.builder(Kind.IPSEC_POLICY, at(8))
            .set("name", "ipsec-1")
            .set("pfs", "group14")
            .build();
    ActualResource a =
        new ActualResource(
            Kind.IPSEC_POLICY,
            IPSEC_ID,
            Map.of("id", IPSEC_ID, "name", "ipsec-1", "pfs", "group5", "tenant_id", "demo"));
    return new ResourceChange(
        Kind.IPSEC_POLICY,
        IPSEC_ID,
        "ipsec-1",
        d.source(),
        Action.UPDATE,
        List.of(new FieldChange("pfs", "group5", "group14", false)),
        Optional.of(
            new ApiRequest(
                "PUT",
                Kind.IPSEC_POLICY.path() + "/" + IPSEC_ID,
                Map.of("ipsecpolicy", Map.of("pfs", "group14")))),
        List.of(),
        d,
        a);
  }

  public static ResourceChange endpointGroupReplace() {
    DesiredResource d =
        DesiredResource.builder(Kind.ENDPOINT_GROUP, at(12))
            .set("name", "peers")
            .set("type", "cidr")
            .set("endpoints", List.of("10.0.0.0/24", "10.1.0.0/24"))
            .build();
    ActualResource a =
        new ActualResource(
            Kind.ENDPOINT_GROUP,
            EG_ID,
            Map.of(
                "id", EG_ID,
                "name", "peers",
                "type", "cidr",
                "endpoints", List.of("10.0.0.0/24"),
                "tenant_id", "demo"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "peers");
    body.put("type", "cidr");
    body.put("endpoints", List.of("10.0.0.0/24", "10.1.0.0/24"));
    return new ResourceChange(
        Kind.ENDPOINT_GROUP,
        EG_ID,
        "peers",
        d.source(),
        Action.REPLACE,
        List.of(
            new FieldChange(
                "endpoints",
                List.of("10.0.0.0/24"),
                List.of("10.0.0.0/24", "10.1.0.0/24"),
                false,
                true)),
        Optional.of(
            new ApiRequest("POST", Kind.ENDPOINT_GROUP.path(), Map.of("endpoint_group", body))),
        List.of(),
        d,
        a);
  }

  public static ResourceChange vpnServiceDelete() {
    DesiredResource d =
        DesiredResource.builder(Kind.VPN_SERVICE, at(18))
            .set("name", "old-vpn")
            .set("state", "absent")
            .build();
    ActualResource a =
        new ActualResource(
            Kind.VPN_SERVICE,
            VPN_ID,
            Map.of(
                "id",
                VPN_ID,
                "name",
                "old-vpn",
                "router_id",
                ROUTER_ID,
                "admin_state_up",
                true,
                "status",
                "ACTIVE",
                "tenant_id",
                "demo"));
    return new ResourceChange(
        Kind.VPN_SERVICE,
        VPN_ID,
        "old-vpn",
        d.source(),
        Action.DELETE,
        List.of(),
        Optional.of(ApiRequest.delete(Kind.VPN_SERVICE.path() + "/" + VPN_ID)),
        List.of(),
        d,
        a);
  }

  /** A connection created on the IKE policy the plan creates, with {@code psk} from the env. */
  public static ConnectionChange connectionCreate(String psk) {
    DesiredConnection d =
        DesiredConnection.builder(at(22))
            .set("name", "dc1-to-dc2")
            .set("vpnservice_id", "77777777-7777-4777-8777-777777777777")
            .set("ikepolicy_id", Pending.id(Kind.IKE_POLICY, "ike-aes256"))
            .set("ipsecpolicy_id", IPSEC_ID)
            .set("peer_address", "198.51.100.7")
            .set("peer_id", "198.51.100.7")
            .set("peer_cidrs", List.of("192.168.7.0/24"))
            .psk(new SecretRef.Env("VPNFORM_PSK_DC1"), Secret.of(psk))
            .build();
    return new Planner(Profile.OPENSTACK, false).change(d, null, AddressBook.empty());
  }

  public static Plan plan(String psk) {
    return new Plan(
        Profile.OPENSTACK,
        "http://127.0.0.1:9696",
        false,
        List.of(connectionCreate(psk)),
        List.of(ikeCreate(), ipsecUpdate(), endpointGroupReplace(), vpnServiceDelete()),
        List.of());
  }

  /** What apply gives for {@link #plan}: every resource done but the service, which failed. */
  public static ApplyResult result() {
    Duration ms = Duration.ofMillis(42);
    return new ApplyResult(
        List.of(
            new ConnectionResult(
                "88888888-8888-4888-8888-888888888888",
                "dc1-to-dc2",
                Outcome.CREATED,
                List.of("name", "psk"),
                "PENDING_CREATE",
                null,
                List.of(),
                ms)),
        List.of(
            new ResourceResult(
                Kind.IKE_POLICY, IKE_ID, "ike-aes256", Outcome.CREATED, List.of(), null, ms, null),
            new ResourceResult(
                Kind.IPSEC_POLICY,
                IPSEC_ID,
                "ipsec-1",
                Outcome.UPDATED,
                List.of("pfs"),
                null,
                ms,
                null),
            new ResourceResult(
                Kind.ENDPOINT_GROUP,
                EG_NEW_ID,
                "peers",
                Outcome.REPLACED,
                List.of("endpoints"),
                null,
                ms,
                EG_ID),
            new ResourceResult(
                Kind.VPN_SERVICE,
                VPN_ID,
                "old-vpn",
                Outcome.FAILED,
                List.of(),
                "Failed to delete VPN service 'old-vpn': 409 Conflict: in use",
                ms,
                null)));
  }
}
