package dev.vpnform.validate;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Addresses;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Profile;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Upstream Neutron VPNaaS rules O4..O16 (O1..O3 are structural and checked by the loader). */
final class UpstreamRules {
  private UpstreamRules() {}

  static final List<String> DPD_ACTIONS =
      ConnectionSchema.DPD.member("action").orElseThrow().allowedValues();
  static final int MAX_LENGTH = ConnectionSchema.MAX_LENGTH;
  static final int MIN_MTU_V4 = 68;
  static final int MIN_MTU_V6 = 1280;

  /** The peer CIDR column is String(32): a longer spelling fails in the database (measured). */
  static final int MAX_CIDR_LENGTH = 32;

  static void desired(DesiredConnection c, Sink sink) {
    SchemaRules.desired(c, sink);
    if (c.dpd() != null) {
      dpd(c, c.dpd(), sink);
    }
    if (c.mtu() != null) {
      int version = ipVersion(c, null);
      mtu(c, c.mtu(), version, sink);
    }
    if (c.peerCidrs() != null) {
      peerCidrs(c, sink);
    }
    uuid(c, "vpnservice_id", c.vpnserviceId(), sink);
    uuid(c, "ikepolicy_id", c.ikepolicyId(), sink);
    uuid(c, "ipsecpolicy_id", c.ipsecpolicyId(), sink);
    uuid(c, "local_ep_group_id", c.localEpGroupId(), sink);
    uuid(c, "peer_ep_group_id", c.peerEpGroupId(), sink);
    boolean cidrs = c.peerCidrs() != null && !c.peerCidrs().isEmpty();
    if (cidrs && (c.localEpGroupId() != null || c.peerEpGroupId() != null)) {
      sink.error(
          "O14",
          c,
          "peer_cidrs",
          "peer_cidrs and endpoint groups cannot be used together: a connection uses one mode");
    }
    if (c.peerAddress() != null
        && !Addresses.isIp(c.peerAddress())
        && !Addresses.isHostname(c.peerAddress())) {
      sink.error(
          "O16",
          c,
          "peer_address",
          "Peer address "
              + abbreviate(c.peerAddress())
              + " cannot be resolved: it is neither an IP address nor a hostname");
    }
  }

  static void change(
      DesiredConnection c, ActualConnection a, Set<String> changed, Profile profile, Sink sink) {
    if (c.dpd() != null && Validator.changedAny(changed, "dpd")) {
      Dpd merged = Validator.mergedDpd(c, a);
      boolean bothDesired = c.dpd().interval() != null && c.dpd().timeout() != null;
      if (!bothDesired
          && merged.interval() != null
          && merged.timeout() != null
          && merged.timeout() <= merged.interval()) {
        sink.error(
            "O8",
            c,
            c.dpd().interval() != null ? "dpd.interval" : "dpd.timeout",
            "ipsec_site_connection dpd_timeout is equal to or less than dpd_interval (after"
                + " merging with the stored dpd the timeout would be "
                + merged.timeout()
                + " and the interval "
                + merged.interval()
                + ")");
      }
    }
    if (c.mtu() != null && changed.contains("mtu")) {
      // Offline, the version may have been unknown and taken as 4; the actual side can say 6.
      int version = ipVersion(c, a);
      if (version == 6
          && ipVersion(c, null) != 6
          && c.mtu() >= MIN_MTU_V4
          && c.mtu() < MIN_MTU_V6) {
        sink.error(
            "O9", c, "mtu", "ipsec_site_connection MTU " + c.mtu() + " is too small for ipv6");
      }
    }
    mode(c, a, sink);
    if (a.pending() && !changed.isEmpty()) {
      sink.warning(
          "O15",
          c,
          null,
          "status is "
              + a.status()
              + ": the server refuses updates until it settles; apply waits for it");
    }
  }

  private static void mode(DesiredConnection c, ActualConnection a, Sink sink) {
    if (a.endpointGroupMode()) {
      if (c.peerCidrs() != null && !c.peerCidrs().isEmpty()) {
        sink.error(
            "O14",
            c,
            "peer_cidrs",
            "Peer CIDRs cannot be specified, when using endpoint groups (the connection uses"
                + " endpoint groups; its mode cannot be switched)");
      }
    } else {
      if (c.peerCidrs() != null && c.peerCidrs().isEmpty()) {
        sink.error("O14", c, "peer_cidrs", "Missing peer CIDRs for IPsec site-to-site connection");
      }
      if (c.localEpGroupId() != null) {
        sink.error(
            "O14",
            c,
            "local_ep_group_id",
            "Endpoint group local cannot be specified, when VPN Service has subnet specified"
                + " (the connection uses peer_cidrs; its mode cannot be switched)");
      }
      if (c.peerEpGroupId() != null) {
        sink.error(
            "O14",
            c,
            "peer_ep_group_id",
            "Endpoint group peer cannot be specified, when VPN Service has subnet specified"
                + " (the connection uses peer_cidrs; its mode cannot be switched)");
      }
    }
  }

  private static void dpd(DesiredConnection c, Dpd d, Sink sink) {
    if (d.interval() != null
        && d.timeout() != null
        && d.interval() >= 0
        && d.timeout() >= 0
        && d.timeout() <= d.interval()) {
      sink.error(
          "O8",
          c,
          "dpd.timeout",
          "dpd timeout " + d.timeout() + " must be greater than the interval " + d.interval());
    }
  }

  private static void mtu(DesiredConnection c, int mtu, int version, Sink sink) {
    if (mtu < 0) {
      sink.error("O9", c, "mtu", "'" + mtu + "' should be non-negative");
    } else if (mtu == 0) {
      sink.warning(
          "O9",
          c,
          "mtu",
          "the server accepts mtu 0 without checking it, but no tunnel can carry packets with it");
    } else if (mtu < (version == 6 ? MIN_MTU_V6 : MIN_MTU_V4)) {
      sink.error(
          "O9", c, "mtu", "ipsec_site_connection MTU " + mtu + " is too small for ipv" + version);
    }
  }

  private static void peerCidrs(DesiredConnection c, Sink sink) {
    Set<Integer> versions = new TreeSet<>();
    Set<String> seen = new HashSet<>();
    List<String> cidrs = c.peerCidrs();
    for (int i = 0; i < cidrs.size(); i++) {
      String s = cidrs.get(i);
      String path = "peer_cidrs[" + i + "]";
      Optional<Addresses.Cidr> cidr = Addresses.cidr(s);
      if (cidr.isEmpty()) {
        String hint =
            Addresses.version(s)
                .map(v -> " ('" + s + (v == 4 ? "/32" : "/128") + "' is recommended)")
                .orElse("");
        sink.error("O10", c, path, "'" + s + "' is not a valid IP subnet" + hint);
        continue;
      }
      versions.add(cidr.get().version());
      if (s.length() > MAX_CIDR_LENGTH) {
        sink.error(
            "O10",
            c,
            path,
            "'"
                + abbreviate(s)
                + "' is "
                + s.length()
                + " characters; the server stores a peer CIDR in "
                + MAX_CIDR_LENGTH
                + " (a longer one is answered with 500): write it as '"
                + cidr.get().canonical()
                + "'");
      }
      if (!seen.add(cidr.get().canonical())) {
        sink.error("O12", c, path, "Duplicate items in the list: '" + s + "'");
      }
      if (cidr.get().hostBitsSet()) {
        sink.warning(
            "O10", c, path, "'" + s + "' has host bits set; the server stores it verbatim");
      }
    }
    if (versions.size() > 1) {
      sink.error(
          "O11",
          c,
          "peer_cidrs",
          "Peer CIDRs do not have the same IP version, as required for IPSec site-to-site"
              + " connection");
    }
  }

  private static void uuid(DesiredConnection c, String field, String value, Sink sink) {
    if (value != null && !Addresses.isUuid(value) && !dev.vpnform.model.Pending.is(value)) {
      sink.error("O13", c, field, "'" + value + "' is not a valid UUID");
    }
  }

  /**
   * The IP version the server checks mtu against: that of the local side, which must match the peer
   * CIDRs and the peer address. Without any clue it is 4.
   */
  static int ipVersion(DesiredConnection c, ActualConnection a) {
    List<String> cidrs =
        c.peerCidrs() != null && !c.peerCidrs().isEmpty()
            ? c.peerCidrs()
            : a != null ? a.peerCidrs() : List.of();
    for (String s : cidrs) {
      Optional<Addresses.Cidr> cidr = Addresses.cidr(s);
      if (cidr.isPresent()) {
        return cidr.get().version();
      }
    }
    Optional<Integer> v = Addresses.version(c.peerAddress());
    if (v.isEmpty() && a != null) {
      v = Addresses.version(a.peerAddress());
    }
    return v.orElse(4);
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
