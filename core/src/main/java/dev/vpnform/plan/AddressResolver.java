package dev.vpnform.plan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a peer_address hostname the way the server does (getaddrinfo), so that a hostname that
 * resolves to the stored address is no change. Replace it in tests to avoid DNS.
 */
@FunctionalInterface
public interface AddressResolver {
  /** The addresses {@code host} resolves to, as IP literals. */
  List<String> resolve(String host) throws UnknownHostException;

  /** The system resolver. */
  static AddressResolver system() {
    return host ->
        Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).toList();
  }
}
