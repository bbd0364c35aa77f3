package dev.vpnform.apply;

/** What apply did to one connection. */
public enum Outcome {
  /** The POST was accepted and the response holds the desired values. */
  CREATED("created"),
  /** The PUT was accepted and the response holds the desired values. */
  UPDATED("updated"),
  /** The old connection was deleted and the new one created. */
  REPLACED("replaced"),
  /** The DELETE was accepted, or the connection was already gone. */
  DELETED("deleted"),
  /** The plan had nothing to change. */
  UNCHANGED("unchanged"),
  /** Nothing was sent, or the update did not take: see the message. */
  FAILED("failed");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
