package dev.vpnform.validate;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Profile;
import java.util.ArrayList;
import java.util.List;
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

  /** The dpd the server will hold after the update: desired keys over actual, over defaults. */
  static Dpd mergedDpd(DesiredConnection c, ActualConnection actual) {
    Dpd base = actual != null && actual.dpd() != null ? actual.dpd() : Dpd.DEFAULTS;
    return c.dpd() == null ? base : c.dpd().mergedOver(base.mergedOver(Dpd.DEFAULTS));
  }

  static boolean changedAny(Set<String> changed, String field) {
    return changed.stream().anyMatch(p -> p.equals(field) || p.startsWith(field + "."));
  }
}
