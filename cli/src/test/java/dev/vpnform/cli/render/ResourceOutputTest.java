package dev.vpnform.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpnform.model.Profile;
import dev.vpnform.plan.Plan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every output shows the resources connections stand on, before the connections. */
class ResourceOutputTest {
  static final String PSK = "psk-canary-7f3a91";
  static final Plan PLAN = GraphPlans.plan(PSK);
  static final ObjectMapper JSON = new ObjectMapper();
  static final ReportInfo INFO = new ReportInfo("http://127.0.0.1:9696", null, List.of("k"));

  @Test
  void textShowsEachResourceInTerraformsWordsBeforeTheConnections() {
    String text = TextRenderer.render(PLAN);
    assertThat(text)
        .startsWith(
            "vpnform will create 2 resources, update 1 in place, replace 1 and delete 1 (profile"
                + " openstack):\n\n"
                + "  # ikepolicy \"ike-aes256\" will be created\n"
                + "  + ikepolicy \"ike-aes256\"  vpn.yaml:2:5\n"
                + "      + id: (known after apply)\n"
                + "      + name: \"ike-aes256\"\n")
        .contains(
            "  # ipsecpolicy \"ipsec-1\" will be updated in place\n"
                + "  ~ ipsecpolicy \"ipsec-1\" ("
                + GraphPlans.IPSEC_ID
                + ")  vpn.yaml:8:5\n"
                + "      ~ pfs: \"group5\" -> \"group14\"\n")
        .contains(
            "  # endpoint_group \"peers\" must be replaced\n",
            "      ~ endpoints: [\"10.0.0.0/24\"] -> [\"10.0.0.0/24\", \"10.1.0.0/24\"]  # forces"
                + " replacement\n",
            "      # the new endpoint group is created before the old one is deleted; its"
                + " connections are repointed to it in between\n")
        .contains(
            "  # vpnservice \"old-vpn\" will be destroyed\n",
            "      - router_id: \"" + GraphPlans.ROUTER_ID + "\"\n",
            "      # state: absent in the configuration\n")
        // the connection's pending IKE policy id, unquoted
        .contains("      + ikepolicy_id: (known after apply)\n")
        .doesNotContain("known after apply:", PSK)
        .endsWith("Plan: 3 to add, 1 to change, 2 to destroy.\n");
    assertThat(text.indexOf("ikepolicy \"ike-aes256\"")).isLessThan(text.indexOf("dc1-to-dc2"));
  }

  @Test
  void jsonListsResourceChangesAndKeepsThePendingIdAsTheString() throws Exception {
    JsonNode root = JSON.readTree(JsonRenderer.plan(PLAN));
    JsonNode rc = root.get("resource_changes");
    assertThat(rc).hasSize(4);
    assertThat(rc.findValuesAsText("kind"))
        .containsExactly("ikepolicy", "ipsecpolicy", "endpoint_group", "vpnservice");
    assertThat(rc.findValuesAsText("action"))
        .containsExactly("create", "update", "replace", "delete");
    assertThat(rc.get(0).get("id").isNull()).isTrue();
    assertThat(rc.get(0).get("request").get("body").get("ikepolicy").get("name").asText())
        .isEqualTo("ike-aes256");
    assertThat(rc.get(2).get("create_before_destroy").asBoolean()).isTrue();
    assertThat(rc.get(2).get("requests").findValuesAsText("method"))
        .containsExactly("POST", "DELETE");
    assertThat(rc.get(2).get("fields").get(0).get("forces_replacement").asBoolean()).isTrue();
    assertThat(rc.get(3).get("source").asText()).isEqualTo("vpn.yaml:18:5");
    assertThat(
            root.get("changes")
                .get(0)
                .get("request")
                .get("body")
                .get("ipsec_site_connection")
                .get("ikepolicy_id")
                .asText())
        .isEqualTo("(known after apply: ikepolicy ike-aes256)");
    assertThat(root.get("summary").get("add").asInt()).isEqualTo(3);
    assertThat(root.toString()).doesNotContain(PSK);
  }

  @Test
  void aPlanOfConnectionsOnlyHasNoResourceChangesKey() throws Exception {
    Plan connectionsOnly =
        new Plan(
            Profile.OPENSTACK, "x", false, List.of(GraphPlans.connectionCreate(PSK)), List.of());
    assertThat(JSON.readTree(JsonRenderer.plan(connectionsOnly)).has("resource_changes")).isFalse();
    assertThat(TextRenderer.render(connectionsOnly))
        .startsWith("vpnform will create 1 IPsec site connection (profile openstack)");
  }

  @Test
  void diffNamesEachResourceByKindAndName() {
    String diff = DiffRenderer.render(PLAN);
    assertThat(diff)
        .contains("--- /dev/null\n+++ desired/ikepolicy.ike-aes256\n")
        .contains("+id: (known after apply)\n+name: ike-aes256\n")
        .contains("-pfs: group5\n+pfs: group14\n")
        .contains("--- actual/endpoint_group.peers\n+++ desired/endpoint_group.peers\n")
        .contains("+- 10.1.0.0/24\n")
        .contains("--- actual/vpnservice.old-vpn\n+++ /dev/null\n")
        .contains("+ikepolicy_id: (known after apply)\n")
        .doesNotContain(PSK, "known after apply:");
    assertThat(diff.indexOf("vpnservice.old-vpn")).isLessThan(diff.indexOf("desired/dc1-to-dc2"));
  }

  @Test
  void markdownHasARowPerResource() {
    String md = MarkdownRenderer.plan(PLAN, INFO);
    assertThat(md)
        .contains("| | resource | id | source | changes |")
        .contains(
            "| `+` | `ikepolicy \"ike-aes256\"` | *(known after apply)* | `vpn.yaml:2` | created:")
        .contains("| `~` | `ipsecpolicy \"ipsec-1\"` | `22222222` | `vpn.yaml:8` | `pfs` |")
        .contains("created before the old one is deleted, connections repointed")
        .contains("| `-` | `vpnservice \"old-vpn\"` | `55555555` | `vpn.yaml:18` | deleted:")
        .doesNotContain(PSK);
    dev.vpnform.cli.MarkdownCheck.check(md);
    String applied = MarkdownRenderer.apply(PLAN, GraphPlans.result(), INFO);
    assertThat(applied)
        .contains("❌ **Apply finished with errors:** 1 failed, 3 added, 1 changed, 1 destroyed")
        .contains("| `!` | `vpnservice \"old-vpn\"` | `55555555` | ❌ failed: `Failed to delete")
        .contains("✅ updated `pfs` in 42 ms");
    dev.vpnform.cli.MarkdownCheck.check(applied);
  }

  @Test
  void eventsNameTheResource() throws Exception {
    List<String> events = Events.plan(PLAN);
    assertThat(events).hasSize(6);
    JsonNode first = JSON.readTree(events.get(0));
    assertThat(first.get("type").asText()).isEqualTo("planned_change");
    assertThat(first.get("change").get("resource").get("kind").asText()).isEqualTo("ikepolicy");
    JsonNode failed = JSON.readTree(Events.applied(PLAN, GraphPlans.result().resources().get(3)));
    assertThat(failed.get("type").asText()).isEqualTo("apply_errored");
    assertThat(failed.get("hook").get("action").asText()).isEqualTo("delete");
    JsonNode summary =
        JSON.readTree(Events.summary("apply", PLAN, GraphPlans.result())).get("changes");
    assertThat(summary.get("applied").get("added").asInt()).isEqualTo(3);
    assertThat(summary.get("applied").get("failed").asInt()).isEqualTo(1);
    assertThat(String.join("\n", events)).doesNotContain(PSK);
  }

  @Test
  void applySaysALinePerResourceAndCountsThem() {
    StringWriter w = new StringWriter();
    ApplyView view = new ApplyView(new PrintWriter(w), PLAN);
    GraphPlans.result().resources().forEach(view::line);
    GraphPlans.result().results().forEach(view::line);
    assertThat(w.toString())
        .isEqualTo(
            "[1/5] ikepolicy.ike-aes256: Creation complete (id "
                + GraphPlans.IKE_ID
                + ") in 42 ms\n"
                + "[2/5] ipsecpolicy.ipsec-1: Modifications complete (id "
                + GraphPlans.IPSEC_ID
                + "): pfs in 42 ms\n"
                + "[3/5] endpoint_group.peers: Replacement complete (id "
                + GraphPlans.EG_NEW_ID
                + ") in 42 ms; the old id was "
                + GraphPlans.EG_ID
                + "\n"
                + "[4/5] vpnservice.old-vpn: failed: Failed to delete VPN service 'old-vpn': 409"
                + " Conflict: in use\n"
                + "[5/5] dc1-to-dc2 (88888888-8888-4888-8888-888888888888): created in 42 ms;"
                + " status PENDING_CREATE\n");
    assertThat(ApplyView.summary(GraphPlans.result()))
        .startsWith(
            "Apply finished with errors: 1 failed. Resources: 3 added, 1 changed, 1 destroyed.");
  }
}
