package dev.vpnform.validate;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks desired connections against the rules of a profile. Every problem is collected; nothing
 * stops at the first.
 *
 * <p>{@link #validate} needs only the configuration. {@link #validateChange} adds the rules that
 * need the actual connection: the merged dpd, the mode, the status and what a dialect refuses to
 * change.
 */
public final class Validator {
  private Validator() {}

  /** The rules that need only the configuration, for every connection in file order. */
  public static List<Diagnostic> validate(DesiredState state, Profile profile) {
    List<Diagnostic> out = new ArrayList<>();
    for (DesiredConnection c : state.connections()) {
      out.addAll(validate(c, profile));
    }
    return out;
  }

  /** The rules that need only the configuration, for one connection. */
  public static List<Diagnostic> validate(DesiredConnection c, Profile profile) {
    Sink sink = new Sink(profile);
    UpstreamRules.desired(c, sink);
    References.exclusive(c, sink);
    switch (profile) {
      case HUAWEICLOUD -> HuaweiRules.desired(c, sink);
      case FUJITSU_K5 -> FujitsuRules.desired(c, sink);
      case OPENSTACK -> {}
    }
    return sink.diagnostics();
  }

  /**
   * The rules that need the actual connection.
   *
   * @param changed the key paths the plan changes ({@code mtu}, {@code dpd.interval}, ...)
   * @param addressUnresolvable whether the desired peer_address is a hostname that was looked up
   *     and does not resolve (O16)
   */
  public static List<Diagnostic> validateChange(
      DesiredConnection c,
      ActualConnection actual,
      Set<String> changed,
      boolean addressUnresolvable,
      Profile profile) {
    Sink sink = new Sink(profile);
    if (addressUnresolvable) {
      sink.error(
          "O16", c, "peer_address", "Peer address " + c.peerAddress() + " cannot be resolved");
    }
    UpstreamRules.change(c, actual, changed, profile, sink);
    switch (profile) {
      case HUAWEICLOUD -> HuaweiRules.change(c, actual, changed, sink);
      case FUJITSU_K5 -> FujitsuRules.change(c, actual, changed, sink);
      case OPENSTACK -> {}
    }
    return sink.diagnostics();
  }

  /** What a POST must carry: the API has no default for these. */
  static final List<String> REQUIRED_ON_CREATE =
      List.of("vpnservice_id", "ikepolicy_id", "ipsecpolicy_id", "peer_address", "peer_id", "psk");

  /**
   * The rules for a POST: a create, or the second half of a replace.
   *
   * @param body what the POST sends
   * @param replace whether it replaces a live connection (then the psk must be declared: the new
   *     connection needs one, and a psk read from the server is never copied)
   */
  public static List<Diagnostic> validateCreate(
      DesiredConnection c,
      Map<String, Object> body,
      boolean replace,
      boolean addressUnresolvable,
      Profile profile) {
    Sink sink = new Sink(profile);
    for (String field : REQUIRED_ON_CREATE) {
      if (body.get(field) != null) {
        continue;
      }
      String byName =
          Kind.CONNECTION.attributes().stream()
              .filter(a -> field.equals(a.refersTo()))
              .map(Attribute::name)
              .findFirst()
              .orElse(null);
      if (byName != null && c.values().get(byName) != null) {
        continue; // the reference by name did not resolve: reported there
      }
      sink.error(
          "required",
          c,
          null,
          "'"
              + field
              + "'"
              + (byName != null ? " (or '" + byName + "')" : "")
              + " is required to "
              + (replace ? "replace" : "create")
              + " the connection"
              + (replace && field.equals("psk")
                  ? ": the new connection needs one, and vpnform never copies a stored psk"
                  : ""));
    }
    if (addressUnresolvable) {
      sink.error(
          "O16", c, "peer_address", "Peer address " + c.peerAddress() + " cannot be resolved");
    }
    return sink.diagnostics();
  }

  /**
   * {@code protect: true} refuses a delete or a replace.
   *
   * @param replacedBy the fields whose change forces a replace; empty for a delete
   */
  public static List<Diagnostic> protect(
      DesiredConnection c, boolean delete, List<String> replacedBy, Profile profile) {
    Sink sink = new Sink(profile);
    if (c.protect()) {
      sink.error(
          "protect",
          c,
          "protect",
          "the connection is protected (protect: true) and this plan would "
              + (delete
                  ? "delete it"
                  : "replace it (" + String.join(", ", replacedBy) + " forces replacement)")
              + "; remove 'protect: true' to allow it");
    }
    return sink.diagnostics();
  }

  /** The dpd the server will hold after the update: desired keys over actual, over defaults. */
  static Dpd mergedDpd(DesiredConnection c, ActualConnection actual) {
    Dpd base = actual != null && actual.dpd() != null ? actual.dpd() : Dpd.DEFAULTS;
    return c.dpd() == null ? base : c.dpd().mergedOver(base.mergedOver(Dpd.DEFAULTS));
  }

  static boolean changedAny(Set<String> changed, String field) {
    return changed.stream().anyMatch(p -> p.equals(field) || p.startsWith(field + "."));
  }
}
