package dev.vpnform.validate;

import java.util.Optional;

/** Rules about a connection's status that apply checks as it goes. */
public final class StatusRules {
  private StatusRules() {}

  /** F10: a connection that is not ACTIVE after an update needs its settings checked. */
  public static Optional<String> afterUpdate(String status) {
    if ("ACTIVE".equals(status)) {
      return Optional.empty();
    }
    return Optional.of(
        "status is "
            + status
            + " after the update; if it does not become ACTIVE, check the connection's"
            + " settings (F10)");
  }
}
