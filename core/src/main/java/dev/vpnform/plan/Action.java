package dev.vpnform.plan;

/** What a plan does to one resource, with the symbol text plans show (Terraform's). */
public enum Action {
  /** POST: the resource does not exist yet. */
  CREATE("create", "+"),
  /** PUT of the fields that differ. */
  UPDATE("update", "~"),
  /** DELETE, then POST: a field that the API cannot change in place differs. */
  REPLACE("replace", "-/+"),
  /** DELETE: the configuration says {@code state: absent}. */
  DELETE("delete", "-"),
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

  /** Whether apply sends anything for it. */
  public boolean changes() {
    return this != NO_OP;
  }

  /** Terraform's summary counts: a replace is one add and one destroy. */
  public int adds() {
    return this == CREATE || this == REPLACE ? 1 : 0;
  }

  public int destroys() {
    return this == DELETE || this == REPLACE ? 1 : 0;
  }

  /** The mark in a text plan: {@code +}, {@code ~}, {@code -/+} or {@code -}. */
  public String symbol() {
    return symbol;
  }
}
