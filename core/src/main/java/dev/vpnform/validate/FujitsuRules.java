package dev.vpnform.validate;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Addresses;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Kind;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fujitsu-k5 dialect, rules F1-F10. F2 (initiator), F4 (dpd action, narrowed), F3 (peer_cidrs)
 * and F7 (psk) restate upstream rules, so upstream diagnostics carry these ids under this profile.
 * F9 is checked by the loader (availability_zone is read-only); F1 and F10 concern the status.
 */
final class FujitsuRules {
  private FujitsuRules() {}

  private static final List<String> DPD_ACTIONS = List.of("hold", "restart");

  /** What F8 does not list as updatable. */
  private static final List<String> NOT_UPDATABLE =
      List.of("mtu", "local_ep_group_id", "peer_ep_group_id", "local_id");

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern FQDN =
      Pattern.compile(
          "^@?(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$");
  private static final Pattern KEY_ID = Pattern.compile("^@#[0-9A-Fa-f]+$");

  static void desired(DesiredConnection c, Sink sink) {
    if (c.peerCidrs() != null && c.peerCidrs().size() > 1) {
      sink.error(
          "F3",
          c,
          "peer_cidrs",
          "only one CIDR can be specified on fujitsu-k5, not " + c.peerCidrs().size());
    }
    if (c.dpd() != null
        && c.dpd().action() != null
        && UpstreamRules.DPD_ACTIONS.contains(c.dpd().action())
        && !DPD_ACTIONS.contains(c.dpd().action())) {
      sink.error(
          "F4",
          c,
          "dpd.action",
          "dpd action on fujitsu-k5 is hold or restart, not '" + c.dpd().action() + "'");
    }
    if (c.peerAddress() != null && !c.peerAddress().isEmpty()) {
      Optional<InetAddress> ip = dev.vpnform.model.Addresses.ip(c.peerAddress());
      if (ip.isEmpty() || !(ip.get() instanceof Inet4Address)) {
        sink.error(
            "F5",
            c,
            "peer_address",
            "peer_address must be the peer gateway's public IPv4 address, not '"
                + UpstreamRules.abbreviate(c.peerAddress())
                + "'");
      } else if (!publicAddress(ip.get())) {
        sink.warning(
            "F5",
            c,
            "peer_address",
            c.peerAddress() + " is not a public address; the peer gateway's must be");
      }
    }
    if (c.peerId() != null && !peerIdForm(c.peerId())) {
      sink.error(
          "F6",
          c,
          "peer_id",
          "peer_id must be an IPv4/IPv6 address, an e-mail address, a key id (@#hex) or an FQDN,"
              + " not '"
              + UpstreamRules.abbreviate(c.peerId())
              + "'");
    }
    for (String field : NOT_UPDATABLE) {
      if (Kind.CONNECTION.attribute(field).flatMap(c::value).isPresent()) {
        sink.warning(
            "F8", c, field, field + " cannot be updated on fujitsu-k5; a change is refused");
      }
    }
  }

  static boolean peerIdForm(String s) {
    return Addresses.isIp(s)
        || EMAIL.matcher(s).matches()
        || KEY_ID.matcher(s).matches()
        || FQDN.matcher(s).matches();
  }

  private static boolean publicAddress(InetAddress a) {
    return !(a.isSiteLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress());
  }

  static void change(DesiredConnection c, ActualConnection a, Set<String> changed, Sink sink) {
    for (String field : NOT_UPDATABLE) {
      if (changed.contains(field)) {
        sink.error("F8", c, field, field + " cannot be updated on fujitsu-k5");
      }
    }
    if (!a.pending() && a.status() != null && !"ACTIVE".equals(a.status())) {
      sink.warning(
          "F10",
          c,
          null,
          "status is "
              + a.status()
              + "; if it does not become ACTIVE after the update, check the connection's settings");
    }
  }
}
