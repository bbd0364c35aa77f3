package dev.vpnform.model;

/**
 * The id of a resource this plan creates, as requests and plans hold it until apply knows it
 * (Terraform's "(known after apply)"). Apply replaces it with the new id before it sends a request
 * that holds it.
 */
public final class Pending {
  private static final String PREFIX = "(known after apply: ";

  private Pending() {}

  /** The placeholder for the id of the {@code kind} named {@code name} that the plan creates. */
  public static String id(Kind kind, String name) {
    return PREFIX + kind.bodyKey() + " " + name + ")";
  }

  /** Whether {@code value} is such a placeholder. */
  public static boolean is(Object value) {
    return value instanceof String s && s.startsWith(PREFIX) && s.endsWith(")");
  }
}
