package dev.vpnform.plan;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Addresses;
import dev.vpnform.model.DesiredConnection;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the peer_address hostnames of a plan resolve to, looked up once before planning so that
 * comparing stays free of I/O. A hostname is looked up only where the server stores an IP to
 * compare it with, and only when it could be a DNS name at all.
 */
public final class AddressBook {
  private final Map<String, Optional<List<String>>> entries;

  private AddressBook(Map<String, Optional<List<String>>> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** A book with no entries: nothing needed resolving. */
  public static AddressBook empty() {
    return new AddressBook(Map.of());
  }

  /** Whether comparing {@code desired} with {@code actual} needs its peer_address resolved. */
  public static boolean needs(DesiredConnection desired, ActualConnection actual) {
    String want = desired.peerAddress();
    String have = actual.peerAddress();
    return want != null
        && !Addresses.isIp(want)
        && Addresses.isHostname(want)
        && have != null
        && Addresses.isIp(have);
  }

  /** Resolves each host once; a host that does not resolve is recorded as such. */
  public static AddressBook resolve(Collection<String> hosts, AddressResolver resolver) {
    Map<String, Optional<List<String>>> out = new LinkedHashMap<>();
    for (String host : hosts) {
      if (!out.containsKey(host)) {
        try {
          out.put(host, Optional.of(List.copyOf(resolver.resolve(host))));
        } catch (UnknownHostException e) {
          out.put(host, Optional.empty());
        }
      }
    }
    return new AddressBook(out);
  }

  /** The addresses {@code host} resolves to; empty when it does not resolve or was not asked. */
  public Optional<List<String>> lookup(String host) {
    return entries.getOrDefault(host, Optional.empty());
  }

  /** Whether {@code host} was looked up and does not resolve (O16). */
  public boolean unresolvable(String host) {
    return entries.containsKey(host) && entries.get(host).isEmpty();
  }
}
