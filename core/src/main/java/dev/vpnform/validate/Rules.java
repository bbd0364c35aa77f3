package dev.vpnform.validate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every rule id vpnform checks, with a one-line summary. The O* rules are upstream Neutron VPNaaS
 * as measured against a real server; H* and F* come from the huaweicloud and fujitsu-k5 documents.
 * The README's rule table is generated from the same wording.
 */
public final class Rules {
  private Rules() {}

  private static final Map<String, String> ALL = new LinkedHashMap<>();

  static {
    ALL.put("O1", "Unknown attributes are refused (Unrecognized attribute).");
    ALL.put("O2", "Read-only attributes cannot be changed in place.");
    ALL.put("O3", "Each field has a type: string, boolean, integer, list of strings or object.");
    ALL.put(
        "O4",
        "name and description are at most 255 characters; so are peer_address, peer_id, local_id"
            + " and psk (database columns).");
    ALL.put("O5", "initiator is bi-directional or response-only.");
    ALL.put("O6", "dpd.action is clear, disabled, hold, restart or restart-by-peer.");
    ALL.put("O7", "dpd.interval and dpd.timeout are non-negative integers.");
    ALL.put("O8", "dpd.timeout is greater than dpd.interval, after merging with stored values.");
    ALL.put("O9", "mtu is non-negative and at least 68 (IPv4) or 1280 (IPv6).");
    ALL.put("O10", "peer_cidrs are valid CIDRs.");
    ALL.put("O11", "peer_cidrs share one IP version.");
    ALL.put("O12", "peer_cidrs has no duplicates.");
    ALL.put(
        "O13",
        "Endpoint group ids are UUIDs; against a cloud, of existing groups of the right type"
            + " (subnet for local, cidr for peer).");
    ALL.put(
        "O14",
        "A connection's mode (peer_cidrs or endpoint groups) cannot be switched: legacy"
            + " connections need peer_cidrs, endpoint-group connections need both groups.");
    ALL.put("O15", "Updates are refused while the status is PENDING_*.");
    ALL.put("O16", "peer_address is an IP address or a hostname that resolves.");
    ALL.put("H1", "The target connection must be known by id.");
    ALL.put("H2", "peer_id, dpd and local_id (and project_id) cannot be updated.");
    ALL.put("H3", "name is 1 to 64 characters.");
    ALL.put("H4", "description is at most 255 characters and not configurable.");
    ALL.put("H5", "peer_address is at most 250 characters.");
    ALL.put("H6", "peer_id is at most 250 characters and not configurable.");
    ALL.put("H7", "mtu can only be 1500.");
    ALL.put("H8", "initiator can only be bi-directional.");
    ALL.put("H9", "admin_state_up can only be true.");
    ALL.put("H10", "psk is 6 to 128 characters, without spaces or '?', and not only '*'.");
    ALL.put("H11", "dpd.action is clear, hold, restart, disabled or restart-by-peer.");
    ALL.put(
        "H12",
        "The returned psk cannot be trusted: psk is write-only, sent only when psk rotation is requested.");
    ALL.put("F1", "Updates are allowed only while the status is not PENDING_*.");
    ALL.put("F2", "initiator is bi-directional or response-only.");
    ALL.put("F3", "peer_cidrs is a list of unique valid CIDRs with exactly one entry.");
    ALL.put("F4", "dpd.action is hold or restart.");
    ALL.put("F5", "peer_address is the peer gateway's public IPv4 address.");
    ALL.put("F6", "peer_id is an IPv4/IPv6 address, an e-mail address, a key id or an FQDN.");
    ALL.put("F7", "psk is any string (within the 255-character column).");
    ALL.put(
        "F8",
        "Only psk, initiator, admin_state_up, peer_cidrs, dpd, peer_address, peer_id, name and"
            + " description can be updated.");
    ALL.put("F9", "availability_zone is returned, and read-only.");
    ALL.put("F10", "A connection that is not ACTIVE after an update needs its settings checked.");
  }

  /** Rule id to summary, in order. */
  public static Map<String, String> all() {
    return java.util.Collections.unmodifiableMap(ALL);
  }

  public static String summary(String id) {
    return ALL.getOrDefault(id, id);
  }
}
