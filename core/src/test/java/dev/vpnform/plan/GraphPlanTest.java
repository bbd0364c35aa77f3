package dev.vpnform.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Pending;
import dev.vpnform.model.SourceLocation;
import dev.vpnform.validate.ResourceRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The resource planner and the graph's rules, without a cloud. */
class GraphPlanTest {
  static final SourceLocation AT = new SourceLocation("site.yaml", 3, 5);
  static final String IKE = "11111111-1111-4111-8111-111111111111";
  static final String SVC = "22222222-2222-4222-8222-222222222222";
  static final String EPG = "33333333-3333-4333-8333-333333333333";
  static final String EPG2 = "44444444-4444-4444-8444-444444444444";

  static DesiredResource.Builder desired(Kind kind, String name) {
    return DesiredResource.builder(kind, AT).set("name", name);
  }

  static ActualResource live(Kind kind, String id, String name, Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new ActualResource(kind, id, m);
  }

  static ActualConnection connection(String id, String name, Object... kv) {
    ActualConnection.Builder b = ActualConnection.builder(id).set("name", name);
    for (int i = 0; i < kv.length; i += 2) {
      b.set((String) kv[i], kv[i + 1]);
    }
    return b.build();
  }

  static ResourceChange plan(DesiredResource d, ActualResource... live) {
    ResourcePlanner.Matching m =
        ResourcePlanner.match(List.of(d), Map.of(d.kind(), List.of(live)), "cloud");
    assertThat(m.diagnostics()).isEmpty();
    return ResourcePlanner.change(m.matches().get(0));
  }

  /** A connection change of {@code action} against {@code a}, with a PUT of {@code fields}. */
  static ConnectionChange change(ActualConnection a, Action action, Map<String, Object> fields) {
    DesiredConnection d = DesiredConnection.builder(AT).id(a.id()).build();
    Optional<ApiRequest> request =
        switch (action) {
          case NO_OP -> Optional.empty();
          case DELETE -> Optional.of(ApiRequest.delete(Kind.CONNECTION.path() + "/" + a.id()));
          case UPDATE ->
              Optional.of(
                  new ApiRequest(
                      "PUT",
                      Kind.CONNECTION.path() + "/" + a.id(),
                      Map.of("ipsec_site_connection", fields)));
          default ->
              Optional.of(
                  new ApiRequest(
                      "POST", Kind.CONNECTION.path(), Map.of("ipsec_site_connection", fields)));
        };
    return new ConnectionChange(a.id(), a.name(), AT, action, List.of(), request, List.of(), d, a);
  }

  @Test
  void eachActionOfAResource() {
    DesiredResource ike = desired(Kind.IKE_POLICY, "ike").set("auth_algorithm", "sha256").build();
    assertThat(plan(ike).action()).isEqualTo(Action.CREATE);
    assertThat(plan(ike).request().orElseThrow().body())
        .isEqualTo(Map.of("ikepolicy", Map.of("name", "ike", "auth_algorithm", "sha256")));
    assertThat(plan(ike, live(Kind.IKE_POLICY, IKE, "ike", "auth_algorithm", "sha256")).action())
        .isEqualTo(Action.NO_OP);
    ResourceChange update = plan(ike, live(Kind.IKE_POLICY, IKE, "ike", "auth_algorithm", "sha1"));
    assertThat(update.action()).isEqualTo(Action.UPDATE);
    assertThat(update.request().orElseThrow().body())
        .isEqualTo(Map.of("ikepolicy", Map.of("auth_algorithm", "sha256")));
    DesiredResource gone = desired(Kind.IKE_POLICY, "ike").set("state", "absent").build();
    assertThat(plan(gone, live(Kind.IKE_POLICY, IKE, "ike")).action()).isEqualTo(Action.DELETE);
    assertThat(plan(gone).action()).isEqualTo(Action.NO_OP);
  }

  @Test
  void theLifetimeIsComparedPerKeyAndSentMerged() {
    DesiredResource ike =
        desired(Kind.IKE_POLICY, "ike").set("lifetime", Map.of("value", 7200)).build();
    ResourceChange c =
        plan(
            ike,
            live(
                Kind.IKE_POLICY,
                IKE,
                "ike",
                "lifetime",
                Map.of("units", "seconds", "value", 3600)));
    assertThat(c.fields()).extracting(FieldChange::path).containsExactly("lifetime.value");
    assertThat(c.request().orElseThrow().fields())
        .isEqualTo(Map.of("lifetime", Map.of("units", "seconds", "value", 7200)));
  }

  @Test
  void anEndpointGroupsEndpointsReplaceItAndKeepWhatIsNotDeclared() {
    DesiredResource g =
        desired(Kind.ENDPOINT_GROUP, "peer").set("endpoints", List.of("192.168.2.0/24")).build();
    ResourceChange c =
        plan(
            g,
            live(
                Kind.ENDPOINT_GROUP,
                EPG,
                "peer",
                "type",
                "cidr",
                "endpoints",
                List.of("192.168.1.0/24"),
                "tenant_id",
                "p1"));
    assertThat(c.action()).isEqualTo(Action.REPLACE);
    assertThat(c.createBeforeDestroy()).isTrue();
    assertThat(c.replacedBy()).containsExactly("endpoints");
    assertThat(c.request().orElseThrow().fields())
        .containsEntry("type", "cidr")
        .containsEntry("tenant_id", "p1")
        .containsEntry("endpoints", List.of("192.168.2.0/24"));
    assertThat(c.requests()).extracting(ApiRequest::method).containsExactly("POST", "DELETE");
    // the same endpoints in another order and spelling are no change
    DesiredResource same =
        desired(Kind.ENDPOINT_GROUP, "peer")
            .set("endpoints", List.of("192.168.2.0/24", "10.0.0.0/8"))
            .build();
    assertThat(
            plan(
                    same,
                    live(
                        Kind.ENDPOINT_GROUP,
                        EPG,
                        "peer",
                        "endpoints",
                        List.of("10.0.0.0/8", "192.168.2.0/24")))
                .action())
        .isEqualTo(Action.NO_OP);
  }

  @Test
  void twoLiveResourcesOfOneNameAreAnErrorUnlessAnInterruptedGroupReplaceLeftThem() {
    DesiredResource ike = desired(Kind.IKE_POLICY, "ike").build();
    ResourcePlanner.Matching m =
        ResourcePlanner.match(
            List.of(ike),
            Map.of(
                Kind.IKE_POLICY,
                List.of(live(Kind.IKE_POLICY, IKE, "ike"), live(Kind.IKE_POLICY, SVC, "ike"))),
            "cloud");
    assertThat(m.matches()).isEmpty();
    assertThat(m.diagnostics())
        .singleElement()
        .asString()
        .contains(IKE)
        .contains(SVC)
        .contains("'id'");
    DesiredResource g =
        desired(Kind.ENDPOINT_GROUP, "peer")
            .set("type", "cidr")
            .set("endpoints", List.of("192.168.2.0/24"))
            .build();
    ResourcePlanner.Matching left =
        ResourcePlanner.match(
            List.of(g),
            Map.of(
                Kind.ENDPOINT_GROUP,
                List.of(
                    live(
                        Kind.ENDPOINT_GROUP,
                        EPG,
                        "peer",
                        "type",
                        "cidr",
                        "endpoints",
                        List.of("192.168.1.0/24")),
                    live(
                        Kind.ENDPOINT_GROUP,
                        EPG2,
                        "peer",
                        "type",
                        "cidr",
                        "endpoints",
                        List.of("192.168.2.0/24")))),
            "cloud");
    assertThat(left.diagnostics()).isEmpty();
    assertThat(left.matches().get(0).actual().id()).isEqualTo(EPG2);
    assertThat(left.matches().get(0).superseded())
        .extracting(ActualResource::id)
        .containsExactly(EPG);
  }

  @Test
  void referencesResolveToTheLiveIdOrAPendingOneOrNothing() {
    ResourceChange kept =
        plan(desired(Kind.IKE_POLICY, "kept").build(), live(Kind.IKE_POLICY, IKE, "kept"));
    ResourceChange made = plan(desired(Kind.VPN_SERVICE, "made").set("router_id", SVC).build());
    ResourceChange gone =
        plan(
            desired(Kind.ENDPOINT_GROUP, "gone").set("state", "absent").build(),
            live(Kind.ENDPOINT_GROUP, EPG, "gone"));
    Map<Kind, Map<String, String>> ids = GraphPlan.declaredIds(List.of(kept, made, gone));
    assertThat(ids.get(Kind.IKE_POLICY)).containsEntry("kept", IKE);
    assertThat(ids.get(Kind.VPN_SERVICE))
        .containsEntry("made", Pending.id(Kind.VPN_SERVICE, "made"));
    assertThat(ids.get(Kind.ENDPOINT_GROUP)).containsEntry("gone", null);
    assertThat(GraphPlan.planned(List.of(made)).get(Pending.id(Kind.VPN_SERVICE, "made")))
        .containsEntry("router_id", SVC);
  }

  @Test
  void aPolicyInUseMayChangeOnlyWhenEveryConnectionThatUsesItGoes() {
    ResourceChange update =
        plan(
            desired(Kind.IKE_POLICY, "ike").set("pfs", "group14").build(),
            live(Kind.IKE_POLICY, IKE, "ike", "pfs", "group5"));
    ActualConnection a = connection("c-a", "a", "ikepolicy_id", IKE);
    ActualConnection b = connection("c-b", "b", "ikepolicy_id", IKE.toUpperCase());
    List<ActualConnection> live = List.of(a, b);
    // b is in no change of the plan: it keeps the policy
    List<Diagnostic> one =
        GraphPlan.check(List.of(update), List.of(change(a, Action.REPLACE, Map.of())), live);
    assertThat(one)
        .singleElement()
        .asString()
        .contains("'b' (c-b)")
        .contains("IKEPolicyInUse")
        .doesNotContain("'a'");
    // both replaced: no error, and the note says when the change is made
    List<ConnectionChange> both =
        List.of(change(a, Action.REPLACE, Map.of()), change(b, Action.DELETE, Map.of()));
    assertThat(GraphPlan.check(List.of(update), both, live)).isEmpty();
    assertThat(GraphPlan.explain(List.of(update), both).get(0).notes())
        .singleElement()
        .asString()
        .contains("after the connections 'a', 'b' are deleted");
    // an update of the connection that does not touch the policy keeps it in use
    assertThat(
            GraphPlan.check(
                List.of(update),
                List.of(
                    change(a, Action.DELETE, Map.of()),
                    change(b, Action.UPDATE, Map.of("mtu", 1400))),
                live))
        .hasSize(1);
  }

  @Test
  void aRepointReleasesTheOldGroupAndAnUndeclaredUserBlocksIt() {
    ResourceChange replace =
        plan(
            desired(Kind.ENDPOINT_GROUP, "peer")
                .set("endpoints", List.of("192.168.2.0/24"))
                .build(),
            live(
                Kind.ENDPOINT_GROUP,
                EPG,
                "peer",
                "type",
                "cidr",
                "endpoints",
                List.of("192.168.1.0/24")));
    ActualConnection a = connection("c-a", "a", "peer_ep_group_id", EPG);
    ActualConnection stray = connection("c-s", "stray", "peer_ep_group_id", EPG);
    String pending = Pending.id(Kind.ENDPOINT_GROUP, "peer");
    ConnectionChange repoint = change(a, Action.UPDATE, Map.of("peer_ep_group_id", pending));
    assertThat(GraphPlan.check(List.of(replace), List.of(repoint), List.of(a))).isEmpty();
    assertThat(GraphPlan.check(List.of(replace), List.of(repoint), List.of(a, stray)))
        .singleElement()
        .asString()
        .contains("must be replaced (endpoints")
        .contains("'stray' (c-s)")
        .contains("peer_ep_group: peer");
  }

  @Test
  void anExclusiveServicePrunesItsUndeclaredConnectionsOnly() {
    ResourceChange service =
        plan(
            desired(Kind.VPN_SERVICE, "vpn").set("exclusive", true).build(),
            live(Kind.VPN_SERVICE, SVC, "vpn"));
    ActualConnection declared = connection("c-d", "declared", "vpnservice_id", SVC);
    ActualConnection stray = connection("c-s", "stray", "vpnservice_id", SVC);
    ActualConnection elsewhere = connection("c-e", "elsewhere", "vpnservice_id", IKE);
    List<ConnectionChange> pruned =
        GraphPlan.prune(
            List.of(service),
            List.of(change(declared, Action.NO_OP, Map.of())),
            List.of(declared, stray, elsewhere));
    assertThat(pruned)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo("c-s");
              assertThat(c.action()).isEqualTo(Action.DELETE);
              assertThat(c.notes()).singleElement().asString().contains("exclusive");
            });
    ResourceChange notExclusive =
        plan(desired(Kind.VPN_SERVICE, "vpn").build(), live(Kind.VPN_SERVICE, SVC, "vpn"));
    assertThat(GraphPlan.prune(List.of(notExclusive), List.of(), List.of(stray))).isEmpty();
  }

  @Test
  void protectedResourcesAreNeverDeletedOrReplaced() {
    ResourceChange delete =
        plan(
            desired(Kind.IKE_POLICY, "ike").set("state", "absent").set("protect", true).build(),
            live(Kind.IKE_POLICY, IKE, "ike"));
    assertThat(GraphPlan.check(List.of(delete), List.of(), List.of()))
        .singleElement()
        .asString()
        .contains("protected");
    ResourceChange replace =
        plan(
            desired(Kind.VPN_SERVICE, "vpn").set("router_id", IKE).set("protect", true).build(),
            live(Kind.VPN_SERVICE, SVC, "vpn", "router_id", EPG));
    assertThat(GraphPlan.check(List.of(replace), List.of(), List.of()))
        .singleElement()
        .asString()
        .contains("replaces it (router_id)");
  }

  @Test
  void resourceRulesBeforeAnyRequest() {
    DesiredResource bad =
        desired(Kind.ENDPOINT_GROUP, "peer")
            .set("type", "cidr")
            .set("endpoints", List.of("192.168.1.0/24", "192.168.1.0/24", "not-a-cidr"))
            .build();
    assertThat(ResourceRules.validate(bad))
        .extracting(Diagnostic::field)
        .containsExactly("endpoints[1]", "endpoints[2]");
    DesiredResource shortLife =
        desired(Kind.IPSEC_POLICY, "p")
            .set("lifetime", Map.of("value", 59))
            .set("pfs", "group1")
            .build();
    assertThat(ResourceRules.validate(shortLife))
        .extracting(Diagnostic::field)
        .containsExactlyInAnyOrder("lifetime.value", "pfs");
    assertThat(
            ResourceRules.validateCreate(
                desired(Kind.VPN_SERVICE, "v").build(), Map.of("name", "v")))
        .singleElement()
        .asString()
        .contains("router");
    assertThat(
            ResourceRules.validate(
                desired(Kind.ENDPOINT_GROUP, "e").set("endpoints", List.of()).build()))
        .singleElement()
        .asString()
        .contains("at least one endpoint");
  }

  @Test
  void targetingTakesAlongTheResourcesItsConnectionsReferTo() throws Exception {
    DesiredConnection c =
        DesiredConnection.builder(AT).set("name", "dc1-a").set("ikepolicy", "ike-a").build();
    DesiredConnection other =
        DesiredConnection.builder(AT).set("name", "dc2-b").set("ikepolicy", "ike-b").build();
    DesiredState all =
        new DesiredState(
            Optional.empty(),
            Optional.empty(),
            List.of(c, other),
            List.of(
                desired(Kind.IKE_POLICY, "ike-a").build(),
                desired(Kind.IKE_POLICY, "ike-b").build()),
            List.of("site.yaml"),
            List.of());
    DesiredState picked = Targeting.of(List.of("name:dc1-*"), List.of()).select(all).desired();
    assertThat(picked.connections()).extracting(DesiredConnection::name).containsExactly("dc1-a");
    assertThat(picked.resources()).extracting(DesiredResource::name).containsExactly("ike-a");
  }
}
