package dev.vpnform.validate;

import dev.vpnform.model.Addresses;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Profile;
import dev.vpnform.model.VpnformException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks the server makes against the resources a connection stands on, run at plan time with
 * the live resources, so that a plan vpnform passes is one the server accepts. They follow
 * neutron-vpnaas's order for a POST and a PUT (vpn_db.py, vpn_validator.py):
 *
 * <ol>
 *   <li>the service, IKE policy and IPsec policy exist (404);
 *   <li>the mode the service fixes: with a subnet, peer_cidrs and no endpoint groups; without, both
 *       groups and no peer_cidrs (O14);
 *   <li>endpoint groups of the right type (O13), local subnets that are interfaces of the service's
 *       router, one IP version per group and on both sides (O11);
 *   <li>dpd timeout over interval once merged (O8), mtu against the local IP version (O9);
 *   <li>a gateway address on the router of the peer_address's IP version (O16);
 *   <li>an IPsec policy the driver can use: not transform_protocol ah-esp (O17).
 * </ol>
 *
 * A PUT is checked as the server checks it: the body over the stored values, on every update, since
 * the server validates the whole connection whatever the body holds.
 */
public final class GraphRules {
  private GraphRules() {}

  /** The live resources the checks need; each answer may be cached by the implementation. */
  public interface Lookup {
    /** A resource of a VPN kind by id, empty when it does not exist (or is not visible). */
    Optional<Map<String, Object>> get(Kind kind, String id) throws VpnformException;

    Optional<Map<String, Object>> subnet(String id) throws VpnformException;

    Optional<Map<String, Object>> router(String id) throws VpnformException;

    /** Whether {@code subnetId} is on an interface of router {@code routerId}. */
    boolean onRouter(String subnetId, String routerId) throws VpnformException;

    /** A VPN flavor, empty when it does not exist (or the flavors plugin is not loaded). */
    Optional<Map<String, Object>> flavor(String id) throws VpnformException;
  }

  /**
   * The checks for one request.
   *
   * @param effective what the connection will hold: a POST body, or the stored values with a PUT
   *     body over them
   * @param sent the keys of the request body (for a POST, everything declared)
   * @param create whether it is a POST (a create, or the second half of a replace)
   * @param resolvedPeer what a hostname peer_address resolves to, empty when unknown
   */
  public static List<Diagnostic> check(
      DesiredConnection c,
      Map<String, Object> effective,
      Set<String> sent,
      boolean create,
      Optional<String> resolvedPeer,
      Profile profile,
      Lookup lookup)
      throws VpnformException {
    Sink sink = new Sink(profile);
    String serviceId = (String) effective.get("vpnservice_id");
    if (serviceId == null || !isRef(serviceId)) {
      return sink.diagnostics(); // reported as required, or as a bad reference
    }
    Optional<Map<String, Object>> service = lookup.get(Kind.VPN_SERVICE, serviceId);
    if (service.isEmpty()) {
      sink.error(
          "reference",
          c,
          "vpnservice_id",
          "VPN service "
              + serviceId
              + " could not be found (it does not exist, or the"
              + " credentials cannot see it)");
      return sink.diagnostics();
    }
    if (create) {
      exists(c, Kind.IKE_POLICY, "ikepolicy_id", effective, lookup, sink);
      exists(c, Kind.IPSEC_POLICY, "ipsecpolicy_id", effective, lookup, sink);
      String ipsec = (String) effective.get("ipsecpolicy_id");
      if (ipsec != null
          && isRef(ipsec)
          && lookup
              .get(Kind.IPSEC_POLICY, ipsec)
              .filter(p -> "ah-esp".equals(p.get("transform_protocol")))
              .isPresent()) {
        sink.error(
            "O17",
            c,
            "ipsecpolicy_id",
            "IPsec policy "
                + ipsec
                + " has transform_protocol ah-esp: the server accepts the policy but refuses"
                + " a connection that uses it (its IPsec driver supports esp and ah only)");
      }
    }
    String routerId = (String) service.get().get("router_id");
    String serviceSubnet = (String) service.get().get("subnet_id");
    List<String> peerCidrs = strings(effective.get("peer_cidrs"));
    String local = (String) effective.get("local_ep_group_id");
    String peer = (String) effective.get("peer_ep_group_id");
    if (!mode(c, serviceSubnet != null, peerCidrs, local, peer, sink)) {
      return sink.diagnostics(); // the server stops at the mode
    }
    Integer localVersion;
    Integer peerVersion;
    if (serviceSubnet == null) {
      localVersion = localGroup(c, local, routerId, lookup, sink);
      peerVersion = peerGroup(c, peer, lookup, sink);
    } else {
      localVersion =
          lookup
              .subnet(serviceSubnet)
              .map(s -> s.get("ip_version"))
              .map(GraphRules::integer)
              .orElse(null);
      peerVersion = cidrsVersion(peerCidrs);
    }
    if (localVersion != null && peerVersion != null && !localVersion.equals(peerVersion)) {
      sink.error(
          "O11",
          c,
          serviceSubnet == null ? "peer_ep_group_id" : "peer_cidrs",
          "the local side is IPv"
              + localVersion
              + " and the peer side IPv"
              + peerVersion
              + ": both sides of a connection must have the same IP version"
              + " (MixedIPVersionsForIPSecConnection)");
      return sink.diagnostics();
    }
    if (localVersion == null || peerVersion == null) {
      return sink.diagnostics(); // an error above says why
    }
    Dpd dpd = Dpd.of(effective.get("dpd"));
    Dpd merged = (dpd == null ? Dpd.DEFAULTS : dpd.mergedOver(Dpd.DEFAULTS));
    if (create
        && merged.interval() != null
        && merged.timeout() != null
        && merged.timeout() <= merged.interval()
        && !(dpd != null && dpd.interval() != null && dpd.timeout() != null)) {
      sink.error(
          "O8",
          c,
          dpd != null && dpd.timeout() != null ? "dpd.timeout" : "dpd.interval",
          "dpd timeout "
              + merged.timeout()
              + " must be greater than the interval "
              + merged.interval()
              + " (the server's default fills the one not given)");
    }
    if (sent.contains("mtu") && effective.get("mtu") instanceof Integer mtu && mtu > 0) {
      int min = localVersion == 6 ? UpstreamRules.MIN_MTU_V6 : UpstreamRules.MIN_MTU_V4;
      boolean reported =
          mtu < UpstreamRules.MIN_MTU_V4 || UpstreamRules.ipVersion(c, null) == localVersion;
      if (mtu < min && !reported) {
        sink.error(
            "O9",
            c,
            "mtu",
            "ipsec_site_connection MTU " + mtu + " is too small for ipv" + localVersion);
      }
    }
    if (sent.contains("peer_address")) {
      String address = (String) effective.get("peer_address");
      Optional<Integer> version =
          Addresses.isIp(address)
              ? Addresses.version(address)
              : resolvedPeer.flatMap(Addresses::version);
      Optional<Map<String, Object>> router = lookup.router(routerId);
      if (version.isPresent() && router.isPresent()) {
        Set<Integer> gateway = gatewayVersions(router);
        if (!gateway.contains(version.get())) {
          sink.error(
              "O16",
              c,
              "peer_address",
              "the router "
                  + routerId
                  + " of the VPN service has no IPv"
                  + version.get()
                  + " gateway address for peer "
                  + UpstreamRules.abbreviate(address)
                  + " (ExternalNetworkHasNoSubnet)");
        }
      }
    }
    return sink.diagnostics();
  }

  private static void exists(
      DesiredConnection c,
      Kind kind,
      String field,
      Map<String, Object> effective,
      Lookup lookup,
      Sink sink)
      throws VpnformException {
    String id = (String) effective.get(field);
    if (id != null && isRef(id) && lookup.get(kind, id).isEmpty()) {
      sink.error(
          "reference",
          c,
          field,
          kind.label()
              + " "
              + id
              + " could not be found (it does not exist, or the credentials"
              + " cannot see it)");
    }
  }

  /** The server's mode rule; false when it refuses. */
  private static boolean mode(
      DesiredConnection c,
      boolean legacy,
      List<String> peerCidrs,
      String local,
      String peer,
      Sink sink) {
    List<String> groups = new ArrayList<>();
    if (legacy) {
      if (peerCidrs.isEmpty()) {
        sink.error(
            "O14",
            c,
            "peer_cidrs",
            "the VPN service has a subnet (legacy mode): peer_cidrs is required"
                + " (MissingPeerCidrs)");
        return false;
      }
      if (local != null) {
        groups.add("local_ep_group_id");
      }
      if (peer != null) {
        groups.add("peer_ep_group_id");
      }
      for (String g : groups) {
        sink.error(
            "O14",
            c,
            g,
            "the VPN service has a subnet (legacy mode): endpoint groups cannot be used"
                + " (InvalidEndpointGroup)");
      }
      return groups.isEmpty();
    }
    if (!peerCidrs.isEmpty()) {
      sink.error(
          "O14",
          c,
          "peer_cidrs",
          "the VPN service has no subnet (endpoint-group mode): peer_cidrs cannot be used"
              + " (PeerCidrsInvalid)");
      return false;
    }
    if (local == null) {
      groups.add("local_ep_group_id");
    }
    if (peer == null) {
      groups.add("peer_ep_group_id");
    }
    for (String g : groups) {
      sink.error(
          "O14",
          c,
          g,
          "the VPN service has no subnet (endpoint-group mode): "
              + g.substring(0, g.indexOf("_ep_"))
              + " endpoint group is required (MissingRequiredEndpointGroup)");
    }
    return groups.isEmpty();
  }

  /** The local group's IP version, after its checks; null when one failed. */
  private static Integer localGroup(
      DesiredConnection c, String id, String routerId, Lookup lookup, Sink sink)
      throws VpnformException {
    Optional<Map<String, Object>> group = group(c, "local_ep_group_id", id, lookup, sink);
    if (group.isEmpty()) {
      return null;
    }
    if (!"subnet".equals(group.get().get("type"))) {
      wrongType(c, "local_ep_group_id", id, group.get(), "subnet", sink);
      return null;
    }
    Set<Integer> versions = new TreeSet<>();
    for (String subnetId : strings(group.get().get("endpoints"))) {
      Optional<Map<String, Object>> subnet = lookup.subnet(subnetId);
      if (subnet.isEmpty()) {
        continue; // the server skips subnets it cannot find
      }
      if (!lookup.onRouter(subnetId, routerId)) {
        sink.error(
            "O13",
            c,
            "local_ep_group_id",
            "subnet "
                + subnetId
                + " of local endpoint group "
                + id
                + " is not attached to router "
                + routerId
                + " of the VPN service (SubnetIsNotConnectedToRouter)");
        return null;
      }
      Integer v = integer(subnet.get().get("ip_version"));
      if (v != null) {
        versions.add(v);
      }
    }
    return oneVersion(c, "local_ep_group_id", id, versions, sink);
  }

  private static Integer peerGroup(DesiredConnection c, String id, Lookup lookup, Sink sink)
      throws VpnformException {
    Optional<Map<String, Object>> group = group(c, "peer_ep_group_id", id, lookup, sink);
    if (group.isEmpty()) {
      return null;
    }
    if (!"cidr".equals(group.get().get("type"))) {
      wrongType(c, "peer_ep_group_id", id, group.get(), "cidr", sink);
      return null;
    }
    Set<Integer> versions = new TreeSet<>();
    for (String cidr : strings(group.get().get("endpoints"))) {
      Addresses.cidr(cidr).ifPresent(x -> versions.add(x.version()));
    }
    return oneVersion(c, "peer_ep_group_id", id, versions, sink);
  }

  private static Optional<Map<String, Object>> group(
      DesiredConnection c, String field, String id, Lookup lookup, Sink sink)
      throws VpnformException {
    if (!isRef(id)) {
      return Optional.empty(); // O13 from the configuration rules
    }
    Optional<Map<String, Object>> g = lookup.get(Kind.ENDPOINT_GROUP, id);
    if (g.isEmpty()) {
      sink.error("O13", c, field, "Endpoint group " + id + " could not be found");
    }
    return g;
  }

  private static void wrongType(
      DesiredConnection c,
      String field,
      String id,
      Map<String, Object> group,
      String expected,
      Sink sink) {
    sink.error(
        "O13",
        c,
        field,
        "Endpoint group "
            + id
            + " type is '"
            + group.get("type")
            + "' and should be '"
            + expected
            + "'");
  }

  private static Integer oneVersion(
      DesiredConnection c, String field, String id, Set<Integer> versions, Sink sink) {
    if (versions.size() > 1) {
      sink.error(
          "O11",
          c,
          field,
          "endpoint group "
              + id
              + " mixes IPv4 and IPv6 endpoints (MixedIPVersionsForIPSecEndpoints)");
      return null;
    }
    return versions.isEmpty() ? null : versions.iterator().next();
  }

  private static Integer cidrsVersion(List<String> cidrs) {
    Set<Integer> versions = new TreeSet<>();
    for (String s : cidrs) {
      Addresses.cidr(s).ifPresent(x -> versions.add(x.version()));
    }
    return versions.size() == 1 ? versions.iterator().next() : null;
  }

  /** The IP versions of the router's external gateway addresses. */
  private static Set<Integer> gatewayVersions(Optional<Map<String, Object>> router) {
    Set<Integer> out = new TreeSet<>();
    if (router.isPresent()
        && router.get().get("external_gateway_info") instanceof Map<?, ?> gw
        && gw.get("external_fixed_ips") instanceof Collection<?> ips) {
      for (Object o : ips) {
        if (o instanceof Map<?, ?> ip && ip.get("ip_address") instanceof String a) {
          Addresses.version(a).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof Collection<?> c) {
      for (Object o : c) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static Integer integer(Object v) {
    return v instanceof Number n ? n.intValue() : null;
  }

  /** An id a request may hold: a UUID, or the id of a resource this plan creates. */
  private static boolean isRef(String id) {
    return id != null && (Addresses.isUuid(id) || dev.vpnform.model.Pending.is(id));
  }
}
