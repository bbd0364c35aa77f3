package dev.vpnform.model;

import java.util.Objects;

/**
 * An explanation a reader of a plan needs, of a kind that renderers can act on (Terraform's action
 * reasons). The library's wording names settings, never command-line flags.
 *
 * @param field the key path it is about, e.g. {@code psk}
 * @param detail what is particular to this case: for the psk kinds the reason, for a resolved
 *     address the whole explanation
 */
public record Note(Kind kind, String field, String detail) {
  public Note {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(detail, "detail");
  }

  public enum Kind {
    /** The psk is sent although it cannot be compared, because psk rotation was requested. */
    PSK_ROTATED,
    /** The psk cannot be compared and is not sent; psk rotation would send it. */
    PSK_NOT_COMPARED,
    /** A peer_address hostname was resolved to compare it with the stored address. */
    ADDRESS_RESOLVED,
    /**
     * What a change means for the resources around it: a connection an exclusive VPN service
     * prunes, or connections a replaced resource takes with it.
     */
    GRAPH
  }

  /** The library's wording: {@code field: ...}. */
  public String message() {
    return field
        + ": "
        + switch (kind) {
          case PSK_ROTATED -> "sent because psk rotation was requested; " + detail;
          case PSK_NOT_COMPARED ->
              "not compared, because " + detail + "; request psk rotation to send it";
          case ADDRESS_RESOLVED, GRAPH -> detail;
        };
  }

  @Override
  public String toString() {
    return message();
  }
}
