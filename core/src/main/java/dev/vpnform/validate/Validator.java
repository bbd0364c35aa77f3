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
   * The rules for a create's POST.
   *
   * @param body what the POST sends
   */
  public static List<Diagnostic> validateCreate(
      DesiredConnection c, Map<String, Object> body, boolean addressUnresolvable, Profile profile) {
    Sink sink = new Sink(profile);
    for (String field : REQUIRED_ON_CREATE) {
      if (body.get(field) == null) {
        required(c, field, "is required to create the connection", sink);
      }
    }
    unresolvable(c, addressUnresolvable, sink);
    return sink.diagnostics();
  }

  /**
   * The rules for a replace. Its POST carries the live connection's undeclared values too, but
   * everything a create needs must be declared: if apply stops between the delete and the create,
   * the next run creates the connection from the configuration alone, and must be able to.
   *
   * @param declared what a create from the configuration alone would send
   * @param sent what the replacement's POST sends
   */
  public static List<Diagnostic> validateReplace(
      DesiredConnection c,
      Map<String, Object> declared,
      Map<String, Object> sent,
      boolean addressUnresolvable,
      Profile profile) {
    Sink sink = new Sink(profile);
    List<String> needed = new java.util.ArrayList<>(REQUIRED_ON_CREATE);
    for (String mode : List.of("peer_cidrs", "local_ep_group_id", "peer_ep_group_id")) {
      if (sent.get(mode) != null) {
        needed.add(mode);
      }
    }
    for (String field : needed) {
      if (declared.get(field) == null) {
        required(
            c,
            field,
            field.equals("psk")
                ? "is required to replace the connection: the new connection needs one, and"
                    + " vpnform never copies a stored psk"
                : "must be declared to replace the connection: if apply stops between the"
                    + " delete and the create, the next run creates it from the configuration",
            sink);
      }
    }
    unresolvable(c, addressUnresolvable, sink);
    return sink.diagnostics();
  }

  private static void required(DesiredConnection c, String field, String why, Sink sink) {
    String byName =
        Kind.CONNECTION.attributes().stream()
            .filter(a -> field.equals(a.refersTo()))
            .map(Attribute::name)
            .findFirst()
            .orElse(null);
    if (byName != null && c.values().get(byName) != null) {
      return; // the reference by name did not resolve: reported there
    }
    sink.error(
        "required",
        c,
        field,
        "'" + field + "'" + (byName != null ? " (or '" + byName + "')" : "") + " " + why);
  }

  private static void unresolvable(DesiredConnection c, boolean unresolvable, Sink sink) {
    if (unresolvable) {
      sink.error(
          "O16", c, "peer_address", "Peer address " + c.peerAddress() + " cannot be resolved");
    }
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
