package dev.vpnform.plan;

/** What a plan does to one connection. */
public enum Action {
  UPDATE("update"),
  NO_OP("no-op");

  private final String label;

  Action(String label) {
    this.label = label;
  }

  /** As JSON and text output show it. */
  public String label() {
    return label;
  }
}
