package dev.vpnform.sandbox;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * A server that the data-driven API cases run against: the sandbox, or a real neutron-server. One
 * target serves one case, so cases cannot disturb each other.
 *
 * <p>Variables a target should provide (cases that need a missing one are skipped):
 *
 * <ul>
 *   <li>{@code legacy}: an ACTIVE connection on a legacy (subnet) VPN service, IPv4, whose router
 *       has only an IPv4 gateway
 *   <li>{@code down}: another legacy connection, status DOWN
 *   <li>{@code epg}: an ACTIVE endpoint-group connection
 *   <li>{@code pending}: a connection in PENDING_CREATE; {@code pending_update}: one in
 *       PENDING_UPDATE
 *   <li>{@code router}: the router of those VPN services, with an IPv4 gateway only
 *   <li>{@code subnet}: the legacy service's subnet (IPv4, on the router); {@code subnet_v6}: an
 *       IPv6 subnet on the router; {@code subnet_off_router}: an IPv4 subnet on no interface of it
 *   <li>{@code vpnservice_legacy}, {@code vpnservice_epg}, {@code ikepolicy}, {@code ipsecpolicy}
 *   <li>{@code local_group}, {@code local_group2}: subnet-type groups whose subnets are on the
 *       router; {@code peer_group}, {@code peer_group2}: IPv4 cidr-type groups
 *   <li>{@code project}: the project (tenant) id the resources belong to
 * </ul>
 *
 * <p>{@code endpoint} (the network endpoint, without /v2.0) and {@code missing} (a well-formed UUID
 * that exists nowhere) are added by the runner.
 */
interface ApiTarget extends AutoCloseable {
  URI endpoint();

  Map<String, String> variables();

  /** Headers every request carries, e.g. X-Auth-Token. */
  Map<String, String> headers();

  /** Flags such as "noauth" (the server runs without Keystone). */
  Set<String> capabilities();

  @Override
  void close();

  /** Makes a fresh target for each case. */
  interface Factory {
    ApiTarget create() throws Exception;
  }
}
