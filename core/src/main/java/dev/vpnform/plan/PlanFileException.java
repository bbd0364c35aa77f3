package dev.vpnform.plan;

import dev.vpnform.model.VpnformException;

/** A saved plan could not be written or read: missing, truncated, edited by hand, or stale. */
public class PlanFileException extends VpnformException {
  public PlanFileException(String message) {
    super(message);
  }

  public PlanFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
