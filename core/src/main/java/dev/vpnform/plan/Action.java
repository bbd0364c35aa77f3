package dev.vpnform.plan;

/** What a plan does to one resource, with the symbol text plans show (Terraform's). */
public enum Action {
  UPDATE("update", "~"),
  NO_OP("no-op", " ");

  private final String label;
  private final String symbol;

  Action(String label, String symbol) {
    this.label = label;
    this.symbol = symbol;
  }

  /** As JSON and text output show it. */
  public String label() {
    return label;
  }

  /** The one-character mark in a text plan: {@code ~} for an update. */
  public String symbol() {
    return symbol;
  }
}
