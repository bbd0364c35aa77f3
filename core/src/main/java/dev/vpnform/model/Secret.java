package dev.vpnform.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value, such as a pre-shared key. Its {@link #toString()} never shows the value; only
 * {@link #reveal()} does, and only the HTTP layer calls it.
 */
public final class Secret {
  /** What every rendering of a secret shows instead of its value. */
  public static final String MASK = "(sensitive value)";

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The clear value. Call only to put it on the wire. */
  public String reveal() {
    return value;
  }

  /** Compares in constant time with respect to the contents. */
  public boolean sameValueAs(Secret other) {
    return other != null
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && sameValueAs(s);
  }

  @Override
  public int hashCode() {
    return 0x5ec7e7; // constant: a hash must not leak anything about the value
  }

  @Override
  public String toString() {
    return MASK;
  }
}
