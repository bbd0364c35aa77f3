package dev.vpnform.plan;

import java.util.Objects;

/**
 * One field that a plan changes. Values are JDK types: String, Integer, Boolean, List of String.
 * For a sensitive field both values are null: a secret never enters a plan's changes.
 *
 * @param path the key path, e.g. {@code mtu} or {@code dpd.interval}
 * @param forcesReplacement whether this change alone replaces the resource ({@code vpnservice_id})
 */
public record FieldChange(
    String path, Object before, Object after, boolean sensitive, boolean forcesReplacement) {
  public FieldChange {
    Objects.requireNonNull(path, "path");
    if (sensitive && (before != null || after != null)) {
      throw new IllegalArgumentException("a sensitive change holds no values: " + path);
    }
  }

  /** A change made in place. */
  public FieldChange(String path, Object before, Object after, boolean sensitive) {
    this(path, before, after, sensitive, false);
  }

  public static FieldChange sensitive(String path) {
    return new FieldChange(path, null, null, true);
  }
}
