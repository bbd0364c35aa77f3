package dev.vpnform.validate;

import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects diagnostics for one connection. A dialect may restate an upstream rule (fujitsu-k5's F2
 * is upstream's initiator rule); then the diagnostic carries the dialect's id.
 */
final class Sink {
  private final List<Diagnostic> out = new ArrayList<>();
  private final Map<String, String> aliases;

  Sink(Profile profile) {
    this.aliases =
        switch (profile) {
          case OPENSTACK -> Map.of();
          case HUAWEICLOUD -> Map.of("O6", "H11");
          case FUJITSU_K5 ->
              Map.of("O5", "F2", "O6", "F4", "O10", "F3", "O12", "F3", "O4:psk", "F7");
        };
  }

  private String rule(String rule, String field) {
    String byField = aliases.get(rule + ":" + field);
    return byField != null ? byField : aliases.getOrDefault(rule, rule);
  }

  void error(String rule, DesiredConnection c, String field, String message) {
    out.add(Diagnostic.error(rule(rule, field), c.label(), field, message, c.locationOf(field)));
  }

  void warning(String rule, DesiredConnection c, String field, String message) {
    out.add(Diagnostic.warning(rule(rule, field), c.label(), field, message, c.locationOf(field)));
  }

  List<Diagnostic> diagnostics() {
    return out;
  }
}
