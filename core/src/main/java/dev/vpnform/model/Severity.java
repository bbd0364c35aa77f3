package dev.vpnform.model;

/** How bad a diagnostic is. A plan with any error cannot be applied. */
public enum Severity {
  ERROR,
  WARNING;

  /** Lower-case name, as JSON and text output show it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
