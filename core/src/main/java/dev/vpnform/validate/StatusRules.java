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

  /**
   * After a create: a new connection is PENDING_CREATE until an agent sets it up; without one it
   * stays so, and vpnform does not wait for it.
   */
  public static Optional<String> afterCreate(String status) {
    if ("ACTIVE".equals(status)) {
      return Optional.empty();
    }
    return Optional.of(
        "status is "
            + status
            + " after the create (apply does not wait for it); the VPN agent sets it ACTIVE"
            + " (or DOWN) once the tunnel is configured, and without an agent it stays "
            + status
            + " (F10)");
  }
}
