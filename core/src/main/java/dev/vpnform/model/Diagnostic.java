package dev.vpnform.model;

import java.util.Objects;

/**
 * One problem found in the configuration or the plan.
 *
 * @param rule the rule id: O* (upstream Neutron), H* (huaweicloud), F* (fujitsu-k5), or a word for
 *     configuration rules such as {@code yaml} or {@code unknown-key}
 * @param connection the connection's label, or null when the problem is not about one connection
 * @param field the key path ({@code mtu}, {@code dpd.timeout}), or null
 * @param location where it was written, or null when unknown
 * @param setting the setting that changes what the message describes, or null
 */
public record Diagnostic(
    Severity severity,
    String rule,
    String connection,
    String field,
    String message,
    SourceLocation location,
    Setting setting) {

  public Diagnostic(
      Severity severity,
      String rule,
      String connection,
      String field,
      String message,
      SourceLocation location) {
    this(severity, rule, connection, field, message, location, null);
  }

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  public static Diagnostic error(
      String rule, String connection, String field, String message, SourceLocation location) {
    return new Diagnostic(Severity.ERROR, rule, connection, field, message, location);
  }

  public static Diagnostic warning(
      String rule, String connection, String field, String message, SourceLocation location) {
    return new Diagnostic(Severity.WARNING, rule, connection, field, message, location);
  }

  /** This diagnostic, pointing to {@code s} as what changes its outcome. */
  public Diagnostic withSetting(Setting s) {
    return new Diagnostic(severity, rule, connection, field, message, location, s);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * One line: {@code file:line:col: error: [O9] dc1: mtu: message}. Location, connection and field
   * are left out when unknown.
   */
  public String format() {
    StringBuilder sb = new StringBuilder();
    if (location != null) {
      sb.append(location).append(": ");
    }
    sb.append(severity.label()).append(": [").append(rule).append("] ");
    if (connection != null) {
      sb.append(connection).append(": ");
    }
    if (field != null) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }

  /**
   * Diagnostics in source order. A warning that a field "cannot be changed" is dropped when the
   * plan does change it, because the error for the same rule and field says it better.
   */
  public static java.util.List<Diagnostic> ordered(java.util.List<Diagnostic> all) {
    java.util.Set<String> errors = new java.util.HashSet<>();
    for (Diagnostic d : all) {
      if (d.isError()) {
        errors.add(d.rule() + "|" + d.connection() + "|" + d.field());
      }
    }
    java.util.List<Diagnostic> kept = new java.util.ArrayList<>();
    for (Diagnostic d : all) {
      if (d.isError() || !errors.contains(d.rule() + "|" + d.connection() + "|" + d.field())) {
        kept.add(d);
      }
    }
    kept.sort(
        java.util.Comparator.comparing(
                (Diagnostic d) -> d.location() == null ? "" : d.location().file())
            .thenComparingInt(d -> d.location() == null ? 0 : d.location().line())
            .thenComparingInt(d -> d.location() == null ? 0 : d.location().column()));
    return kept;
  }

  @Override
  public String toString() {
    return format();
  }
}
