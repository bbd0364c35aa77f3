package dev.vpnform.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Note;
import dev.vpnform.model.Pending;
import dev.vpnform.model.Profile;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved plan carries the IKE policies, IPsec policies, endpoint groups and VPN services it
 * changes, so that applying it does exactly what was shown; an edited file is refused.
 */
class PlanFileGraphTest {
  static final String PSK = "graph-plan-psk-canary-5d2e";
  static final String IPSEC = "22222222-2222-4222-8222-222222222222";
  static final String EG = "33333333-3333-4333-8333-333333333333";
  static final String VPN = "55555555-5555-4555-8555-555555555555";

  @TempDir Path dir;

  static SourceLocation at(int line) {
    return new SourceLocation("vpn.yaml", line, 5);
  }

  static ResourceChange change(DesiredResource d, ActualResource a) {
    return ResourcePlanner.change(new ResourcePlanner.Match(d, a, List.of()));
  }

  /** A plan the planner's own code makes: one change per kind and action. */
  static Plan plan() {
    ResourceChange ike =
        change(
            DesiredResource.builder(Kind.IKE_POLICY, at(2))
                .set("name", "ike-aes256")
                .set("encryption_algorithm", "aes-256")
                .set("lifetime", Map.of("units", "seconds", "value", 3600))
                .build(),
            null);
    ResourceChange ipsec =
        change(
            DesiredResource.builder(Kind.IPSEC_POLICY, at(8))
                .set("name", "ipsec-1")
                .set("pfs", "group14")
                .build(),
            new ActualResource(
                Kind.IPSEC_POLICY,
                IPSEC,
                Map.of(
                    "id", IPSEC,
                    "name", "ipsec-1",
                    "pfs", "group5",
                    "lifetime", Map.of("units", "seconds", "value", 3600, "extra", "x"),
                    "tenant_id", "demo",
                    "project_id", "demo")));
    ResourceChange eg =
        change(
            DesiredResource.builder(Kind.ENDPOINT_GROUP, at(12))
                .set("name", "peers")
                .set("type", "cidr")
                .set("endpoints", List.of("10.0.0.0/24", "10.1.0.0/24"))
                .build(),
            new ActualResource(
                Kind.ENDPOINT_GROUP,
                EG,
                Map.of(
                    "id", EG,
                    "name", "peers",
                    "type", "cidr",
                    "endpoints", List.of("10.0.0.0/24"),
                    "tenant_id", "demo")));
    ResourceChange vpnDelete =
        change(
            DesiredResource.builder(Kind.VPN_SERVICE, at(18))
                .set("name", "old-vpn")
                .set("state", "absent")
                .build(),
            new ActualResource(
                Kind.VPN_SERVICE,
                VPN,
                Map.of(
                    "id", VPN,
                    "name", "old-vpn",
                    "router_id", "66666666-6666-4666-8666-666666666666",
                    "admin_state_up", true,
                    "status", "ACTIVE",
                    "external_v4_ip", "203.0.113.1")));
    ResourceChange withNote =
        new ResourceChange(
            vpnDelete.kind(),
            vpnDelete.id(),
            vpnDelete.name(),
            vpnDelete.source(),
            vpnDelete.action(),
            vpnDelete.fields(),
            vpnDelete.request(),
            List.of(new Note(Note.Kind.GRAPH, "name", "left from a replace that did not finish")),
            vpnDelete.desired(),
            vpnDelete.actual());
    DesiredConnection c =
        DesiredConnection.builder(at(22))
            .set("name", "dc1-to-dc2")
            .set("vpnservice_id", "77777777-7777-4777-8777-777777777777")
            .set("ikepolicy_id", Pending.id(Kind.IKE_POLICY, "ike-aes256"))
            .set("ipsecpolicy_id", IPSEC)
            .set("peer_address", "198.51.100.7")
            .set("peer_id", "198.51.100.7")
            .set("peer_cidrs", List.of("192.168.7.0/24"))
            .psk(new SecretRef.Env("DC1_PSK"), Secret.of(PSK))
            .build();
    ConnectionChange conn =
        new Planner(Profile.OPENSTACK, false).change(c, null, AddressBook.empty());
    return new Plan(
        Profile.OPENSTACK,
        "http://127.0.0.1:9696",
        false,
        List.of(conn),
        List.of(ike, ipsec, eg, withNote),
        List.of());
  }

  Path saved() throws Exception {
    Path f = dir.resolve("plan.out");
    PlanFile.write(plan(), f);
    return f;
  }

  static PlanFile.Saved read(Path f) throws PlanFileException {
    return PlanFile.read(f, (ref, name) -> Secret.of(PSK), host -> List.of());
  }

  @Test
  void roundTripGivesTheSameChangesAndRequests() throws Exception {
    Path f = saved();
    String text = Files.readString(f);
    assertThat(text).doesNotContain(PSK).contains("\"resource_changes\"");
    Plan before = plan();
    Plan after = read(f).plan();
    assertThat(after.resources()).hasSize(4);
    for (int i = 0; i < 4; i++) {
      ResourceChange a = before.resources().get(i);
      ResourceChange b = after.resources().get(i);
      assertThat(b.kind()).isEqualTo(a.kind());
      assertThat(b.id()).isEqualTo(a.id());
      assertThat(b.name()).isEqualTo(a.name());
      assertThat(b.action()).isEqualTo(a.action());
      assertThat(b.fields()).isEqualTo(a.fields());
      assertThat(b.requests()).isEqualTo(a.requests());
      assertThat(b.notes()).isEqualTo(a.notes());
      assertThat(b.source()).isEqualTo(a.source());
    }
    assertThat(after.resources().get(2).createBeforeDestroy()).isTrue();
    assertThat(after.changes().get(0).request().orElseThrow().fields().get("ikepolicy_id"))
        .isEqualTo(Pending.id(Kind.IKE_POLICY, "ike-aes256"));
    assertThat(after.summary()).isEqualTo(before.summary());
    // the live service's read-only values are kept as planned against, never sent
    assertThat(after.resources().get(3).actual().values())
        .containsEntry("status", "ACTIVE")
        .containsEntry("router_id", "66666666-6666-4666-8666-666666666666");
  }

  @Test
  void aPlanOfConnectionsOnlyReadsWithoutResourceChanges() throws Exception {
    Plan p = plan();
    Path f = dir.resolve("c.out");
    PlanFile.write(
        new Plan(
            p.profile(), p.source(), false, List.of(), List.of(p.resources().get(1)), List.of()),
        f);
    edit(f, root -> root.remove("resource_changes"));
    assertThat(read(f).plan().resources()).isEmpty();
  }

  /** Rewrites the saved file's JSON. */
  static void edit(Path f, Consumer<ObjectNode> change) throws Exception {
    ObjectNode root = (ObjectNode) PlanFile.JSON.readTree(Files.readAllBytes(f));
    change.accept(root);
    Files.write(f, PlanFile.JSON.writeValueAsBytes(root));
  }

  static ObjectNode resource(ObjectNode root, int i) {
    return (ObjectNode) root.get("resource_changes").get(i);
  }

  @Test
  void anEditedActualStateIsRefused() throws Exception {
    Path f = saved();
    edit(f, root -> ((ObjectNode) resource(root, 1).get("actual")).put("pfs", "group14"));
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("resource_changes[1] (" + IPSEC + ")")
        .hasMessageContaining("does not match its fingerprint");
  }

  @Test
  void anEditedDesiredValueIsRefused() throws Exception {
    Path f = saved();
    edit(f, root -> ((ObjectNode) resource(root, 1).get("desired")).put("pfs", "group19"));
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("shows a new pfs that its desired values do not give");
  }

  @Test
  void anEditedRequestIsRefused() throws Exception {
    Path f = saved();
    edit(
        f,
        root ->
            ((ObjectNode) resource(root, 0).get("request").get("body").get("ikepolicy"))
                .put("encryption_algorithm", "3des"));
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("shows a request that its desired and actual values do not give");
  }

  @Test
  void anEditedActionIsRefused() throws Exception {
    Path f = saved();
    edit(f, root -> resource(root, 2).put("action", "update"));
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("has an action that its values do not give");
  }

  @Test
  void aConnectionOnAResourceTheFileNoLongerCreatesIsRefused() throws Exception {
    Path f = saved();
    edit(f, root -> ((ArrayNode) root.get("resource_changes")).remove(0));
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("changes[0] refers to a resource that the plan does not create");
  }

  @Test
  void unknownKindsAndFieldsAreRefused() throws Exception {
    Path f = saved();
    edit(f, root -> resource(root, 0).put("kind", "ipsec_site_connection"));
    assertThatThrownBy(() -> read(f)).hasMessageContaining("has an unknown kind");
    Path g = saved();
    edit(g, root -> ((ObjectNode) resource(root, 1).get("actual")).put("psk", "x"));
    assertThatThrownBy(() -> read(g)).hasMessageContaining("a field a plan never records");
    Path h = saved();
    edit(h, root -> ((ObjectNode) resource(root, 1).get("desired")).put("project_id", "x"));
    assertThatThrownBy(() -> read(h)).hasMessageContaining("has an unknown field");
  }

  @Test
  void theSnapshotOfAResourceSaysWhatMoved() {
    ActualResource planned = plan().resources().get(1).actual();
    Map<String, Object> snapshot = Snapshot.of(planned);
    assertThat(snapshot).doesNotContainKeys("project_id", "status", "id");
    Map<String, Object> moved = new java.util.LinkedHashMap<>(planned.values());
    moved.put("pfs", "group19");
    moved.put("status", "ERROR"); // read-only: not part of what a plan was made against
    assertThat(Snapshot.moved(snapshot, new ActualResource(Kind.IPSEC_POLICY, IPSEC, moved)))
        .containsExactly("pfs ('group5' -> 'group19')");
  }

  @Test
  void theFileHoldsTheKindAndDesiredAndActualHalves() throws Exception {
    JsonNode r = PlanFile.JSON.readTree(Files.readAllBytes(saved())).get("resource_changes");
    assertThat(r.findValuesAsText("kind"))
        .containsExactly("ikepolicy", "ipsecpolicy", "endpoint_group", "vpnservice");
    assertThat(r.get(0).get("actual").isNull()).isTrue();
    assertThat(r.get(1).get("actual_fingerprint").asText()).startsWith("sha256:");
    assertThat(r.get(3).get("graph_notes").get(0).get("detail").asText())
        .isEqualTo("left from a replace that did not finish");
    assertThat(new String(Files.readAllBytes(saved()), StandardCharsets.UTF_8)).doesNotContain(PSK);
  }
}
