package dev.vpnform.validate;

import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.model.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects diagnostics for one connection. A dialect may restate an upstream rule (fujitsu-k5's F2
 * is upstream's initiator rule); then the diagnostic carries the dialect's id.
 */
final class Sink {
  private final List<Diagnostic> out = new ArrayList<>();
  private final Profile profile;

  Sink(Profile profile) {
    this.profile = profile;
  }

  void error(String rule, DesiredConnection c, String field, String message) {
    out.add(
        Diagnostic.error(
            profile.ruleId(rule, field), c.label(), field, message, c.locationOf(field)));
  }

  void warning(String rule, DesiredConnection c, String field, String message) {
    out.add(
        Diagnostic.warning(
            profile.ruleId(rule, field), c.label(), field, message, c.locationOf(field)));
  }

  /** A warning whose outcome {@code setting} changes. */
  void warning(String rule, DesiredConnection c, String field, String message, Setting setting) {
    out.add(
        Diagnostic.warning(
                profile.ruleId(rule, field), c.label(), field, message, c.locationOf(field))
            .withSetting(setting));
  }

  List<Diagnostic> diagnostics() {
    return out;
  }
}
