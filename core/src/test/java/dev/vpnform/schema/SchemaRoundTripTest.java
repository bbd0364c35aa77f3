package dev.vpnform.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.Reconciler;
import dev.vpnform.config.ConfigWriter;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every writable attribute of the connection schema goes through load, plan, the saved plan and
 * export without a line written for it here: values come from the attribute's type, comparison and
 * constraints. A new attribute is covered the day it is added to the schema.
 */
class SchemaRoundTripTest {
  static final String ID = "0b9d3d5e-1f4b-4f6c-9a55-2a0c5d1e7a11";

  @TempDir Path dir;

  /** The attributes a PUT changes in place. */
  static Stream<Attribute> writable() {
    return Kind.CONNECTION.writable().stream()
        .filter(a -> a.mutability() == Attribute.Mutability.UPDATABLE);
  }

  /** The attributes whose change replaces the connection. */
  static Stream<Attribute> replacing() {
    return Kind.CONNECTION.writable().stream().filter(Attribute::forcesReplacement);
  }

  /** The configuration's own attributes: never in a request. */
  static Stream<Attribute> configOnly() {
    return Kind.CONNECTION.writable().stream()
        .filter(a -> a.mutability() == Attribute.Mutability.CONFIG);
  }

  @ParameterizedTest
  @MethodSource("replacing")
  void aReplacingAttributeRoundTripsAsAReplace(Attribute attr) throws Exception {
    List<Object> v = values(attr);
    Reconciler r =
        Reconciler.builder()
            .environment(k -> k.equals("ROUND_TRIP_PSK") ? "new-secret" : null)
            .resolver(h -> List.of())
            .build();
    Path yaml = dir.resolve("conn.yaml");
    // A replace needs what a create needs declared (the next run may have to create it).
    StringBuilder entry = new StringBuilder("connections:\n  - name: round-trip\n");
    entry.append("    ").append(attr.name()).append(": ").append(yaml(v.get(0))).append('\n');
    for (String id : List.of("vpnservice_id", "ikepolicy_id", "ipsecpolicy_id")) {
      if (!id.equals(attr.name())) {
        entry.append("    ").append(id).append(": 3e1815dd-e212-43d0-8f13-b494fa553e68\n");
      }
    }
    entry.append("    peer_address: 203.0.113.9\n    peer_id: 203.0.113.9\n");
    entry.append("    peer_cidrs: [10.2.0.0/24]\n    psk: {env: ROUND_TRIP_PSK}\n");
    Files.writeString(yaml, entry.toString());
    DesiredState desired = r.load(List.of(yaml));
    assertThat(desired.connections().get(0).value(attr)).contains(v.get(0));
    ActualConnection actual =
        ActualConnection.builder(ID)
            .set("name", "round-trip")
            .set("status", "ACTIVE")
            .set("peer_address", "203.0.113.9")
            .set("peer_id", "203.0.113.9")
            .set("peer_cidrs", List.of("10.2.0.0/24"))
            .set("vpnservice_id", "3e1815dd-e212-43d0-8f13-b494fa553e68")
            .set("ikepolicy_id", "3e1815dd-e212-43d0-8f13-b494fa553e68")
            .set("ipsecpolicy_id", "3e1815dd-e212-43d0-8f13-b494fa553e68")
            .set(attr, v.get(1))
            .build();
    Plan plan = r.plan(desired, List.of(actual), "actual.json");
    assertThat(plan.diagnostics()).as("diagnostics").noneMatch(x -> x.isError());
    ConnectionChange change = plan.changes().get(0);
    assertThat(change.action()).isEqualTo(dev.vpnform.plan.Action.REPLACE);
    assertThat(change.replacedBy()).containsExactly(attr.name());
    assertThat(change.request().orElseThrow().fields())
        .containsEntry(attr.name(), v.get(0))
        .containsEntry("peer_cidrs", List.of("10.2.0.0/24"))
        .containsKey("psk");
    Path saved = dir.resolve("plan.json");
    r.savePlan(plan, saved);
    ConnectionChange back = r.readPlan(saved, true).plan().changes().get(0);
    assertThat(back.action()).isEqualTo(dev.vpnform.plan.Action.REPLACE);
    assertThat(back.requests()).isEqualTo(change.requests());
    assertThat(Files.readString(saved)).doesNotContain("new-secret");
  }

  @ParameterizedTest
  @MethodSource("configOnly")
  void aConfigurationAttributeLoadsAndIsNeverSent(Attribute attr) throws Exception {
    Object want = values(attr).get(attr.type() == Attribute.Type.BOOLEAN ? 1 : 0);
    if (attr == ConnectionSchema.STATE) {
      want = "present";
    }
    Reconciler r = Reconciler.builder().resolver(h -> List.of()).build();
    Path yaml = dir.resolve("conn.yaml");
    Files.writeString(
        yaml,
        "connections:\n  - name: round-trip\n    "
            + attr.name()
            + ": "
            + yaml(want)
            + "\n    mtu: 1450\n");
    DesiredState desired = r.load(List.of(yaml));
    assertThat(desired.connections().get(0).value(attr)).contains(want);
    Plan plan = r.plan(desired, List.of(actual(ConnectionSchema.MTU, 1400)), "actual.json");
    ConnectionChange change = plan.changes().get(0);
    assertThat(change.request()).isPresent();
    assertThat(change.request().orElseThrow().fields()).doesNotContainKey(attr.name());
    if (!attr.reference()) {
      assertThat(plan.diagnostics()).noneMatch(x -> x.isError());
      Path saved = dir.resolve("plan.json");
      r.savePlan(plan, saved);
      assertThat(r.readPlan(saved, false).plan().changes().get(0).desired().value(attr))
          .contains(want);
    } else {
      // Offline there is no cloud to resolve a name in: an error says so.
      assertThat(plan.diagnostics()).anyMatch(x -> x.isError() && x.rule().equals("reference"));
    }
  }

  /** A valid value of {@code attr}, and a different valid one. */
  static List<Object> values(Attribute attr) {
    if (!attr.allowedValues().isEmpty()) {
      List<String> allowed = attr.allowedValues();
      return List.of(allowed.get(allowed.size() - 1), allowed.get(0));
    }
    return switch (attr.type()) {
      case STRING ->
          switch (attr.comparison()) {
            case RESOLVED_ADDRESS -> List.of("203.0.113.9", "198.51.100.1");
            case IGNORE_CASE ->
                List.of(
                    "3e1815dd-e212-43d0-8f13-b494fa553e68", "9ad5a7e0-6dac-41b4-b20d-a7b8645fddf1");
            default -> List.of("new-" + attr.name(), "old-" + attr.name());
          };
      case BOOLEAN -> List.of(false, true);
      case INTEGER -> List.of(1450, 1400);
      case STRING_LIST -> List.of(List.of("10.9.0.0/24", "10.8.0.0/24"), List.of("10.2.0.0/24"));
      case SECRET -> List.of(Secret.of("new-secret"), Secret.of("old-secret"));
      case OBJECT -> {
        Map<String, Object> want = new LinkedHashMap<>();
        Map<String, Object> have = new LinkedHashMap<>();
        for (Attribute m : attr.members()) {
          List<Object> v = values(m);
          want.put(m.name(), v.get(0));
          have.put(m.name(), v.get(1));
        }
        if (attr == ConnectionSchema.DPD) { // O8: the timeout must exceed the interval
          want.put("interval", 30);
          want.put("timeout", 150);
          have.put("interval", 20);
          have.put("timeout", 120);
        }
        yield List.of(want, have);
      }
    };
  }

  static String yaml(Object v) {
    if (v instanceof Secret) {
      return "{env: ROUND_TRIP_PSK}";
    }
    if (v instanceof List<?> l) {
      return l.stream().map(SchemaRoundTripTest::yaml).toList().toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      m.forEach(
          (k, x) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(yaml(x)));
      return sb.append('}').toString();
    }
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  /** An actual connection in the mode the attribute needs, holding {@code value} for it. */
  static ActualConnection actual(Attribute attr, Object value) {
    boolean groups = attr.comparison() == Attribute.Comparison.IGNORE_CASE;
    ActualConnection.Builder b =
        ActualConnection.builder(ID)
            .set("name", "round-trip")
            .set("status", "ACTIVE")
            .set("peer_cidrs", groups ? List.of() : List.of("10.2.0.0/24"))
            .set("local_ep_group_id", groups ? "3e1815dd-e212-43d0-8f13-b494fa553e68" : null)
            .set("peer_ep_group_id", groups ? "9ad5a7e0-6dac-41b4-b20d-a7b8645fddf1" : null);
    return b.set(attr, value).build();
  }

  @ParameterizedTest
  @MethodSource("writable")
  void everyAttributeRoundTripsThroughLoadPlanSavedPlanAndExport(Attribute attr) throws Exception {
    List<Object> v = values(attr);
    Object want = v.get(0);
    Object have = v.get(1);
    Reconciler r =
        Reconciler.builder()
            .environment(k -> k.equals("ROUND_TRIP_PSK") ? "new-secret" : null)
            .resolver(h -> List.of())
            .build();

    // load: the YAML key becomes the attribute's value
    String identity = attr == ConnectionSchema.NAME ? "id: " + ID : "name: round-trip";
    Path yaml = dir.resolve("conn.yaml");
    Files.writeString(
        yaml, "connections:\n  - " + identity + "\n    " + attr.name() + ": " + yaml(want) + "\n");
    DesiredState desired = r.load(List.of(yaml));
    DesiredConnection d = desired.connections().get(0);
    assertThat(d.value(attr)).as("loaded " + attr.name()).contains(want);
    assertThat(d.locationOf(attr.name()).line()).isEqualTo(3);

    // plan: a different actual value is a change of exactly this attribute
    Plan plan = r.plan(desired, List.of(actual(attr, have)), "actual.json");
    assertThat(plan.diagnostics()).as("diagnostics").noneMatch(x -> x.isError());
    ConnectionChange change = plan.changes().get(0);
    assertThat(change.fields()).isNotEmpty();
    assertThat(change.fields()).allMatch(f -> f.path().split("\\.")[0].equals(attr.name()));
    assertThat(change.request().orElseThrow().fields()).containsOnlyKeys(attr.name());

    // the saved plan reads back to the same change
    Path saved = dir.resolve("plan.json");
    r.savePlan(plan, saved);
    ConnectionChange back = r.readPlan(saved, true).plan().changes().get(0);
    assertThat(back.fields()).isEqualTo(change.fields());
    assertThat(back.request()).isEqualTo(change.request());
    if (attr.sensitive()) {
      assertThat(Files.readString(saved)).doesNotContain("new-secret").doesNotContain("old-secret");
    }

    // export: the actual value, written as configuration, loads back as the same value
    ActualConnection exported = actual(attr, want);
    ConfigWriter.Export export = ConfigWriter.export(List.of(exported), "openstack", List.of());
    Path written = dir.resolve("export.yaml");
    Files.writeString(written, export.yaml());
    DesiredConnection again =
        Reconciler.builder()
            .environment(k -> "new-secret")
            .build()
            .load(List.of(written))
            .connections()
            .get(0);
    assertThat(again.value(attr)).as("exported " + attr.name()).contains(want);
    Plan none =
        r.plan(
            new DesiredState(
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                List.of(again),
                List.of(),
                List.of()),
            List.of(exported),
            "actual.json");
    assertThat(none.changes().get(0).fields()).as("planning the export").isEmpty();
  }
}
