package dev.vpnform.apply;

/** What apply did to one connection. */
public enum Outcome {
  /** The PUT was accepted and the response holds the desired values. */
  UPDATED("updated"),
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
