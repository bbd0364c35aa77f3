package dev.vpnform.model;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/** IP and CIDR parsing without DNS: Guava's InetAddresses never resolves a name. */
public final class Addresses {
  private Addresses() {}

  /** A parsed CIDR. {@code address} keeps host bits, as the server stores them verbatim. */
  public record Cidr(InetAddress address, int prefix) {
    public int version() {
      return address instanceof Inet6Address ? 6 : 4;
    }

    /** Canonical text: compressed IPv6, prefix kept. */
    public String canonical() {
      return InetAddresses.toAddrString(address) + "/" + prefix;
    }

    /** Whether bits beyond the prefix are set (192.168.60.1/24). */
    public boolean hostBitsSet() {
      byte[] b = address.getAddress();
      for (int bit = prefix; bit < b.length * 8; bit++) {
        if ((b[bit / 8] & (0x80 >> (bit % 8))) != 0) {
          return true;
        }
      }
      return false;
    }
  }

  private static final java.util.regex.Pattern HOSTNAME =
      java.util.regex.Pattern.compile(
          "^(?=.{1,253}\\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
              + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?$");

  /**
   * Whether {@code s} could be a DNS name at all. A name that cannot be is never looked up, so that
   * a typo costs no DNS query.
   */
  public static boolean isHostname(String s) {
    return s != null && HOSTNAME.matcher(s).matches();
  }

  private static final java.util.regex.Pattern UUID =
      java.util.regex.Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  /** Whether {@code s} has the shape of a UUID, as Neutron's {@code type:uuid} validator wants. */
  public static boolean isUuid(String s) {
    return s != null && UUID.matcher(s).matches();
  }

  public static boolean isIp(String s) {
    return s != null && InetAddresses.isInetAddress(s);
  }

  /**
   * The address {@code s} spells. An IPv4-mapped IPv6 literal ({@code ::ffff:10.1.2.3}) stays IPv6,
   * as the server's netaddr reads it (the JDK would make it IPv4, and then {@code /120} too long).
   */
  public static Optional<InetAddress> ip(String s) {
    if (!isIp(s)) {
      return Optional.empty();
    }
    InetAddress a = InetAddresses.forString(s);
    if (a instanceof Inet4Address && s.indexOf(':') >= 0) {
      byte[] v6 = new byte[16];
      v6[10] = (byte) 0xff;
      v6[11] = (byte) 0xff;
      System.arraycopy(a.getAddress(), 0, v6, 12, 4);
      try {
        a = Inet6Address.getByAddress(null, v6, -1);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e); // 16 bytes are always an address
      }
    }
    return Optional.of(a);
  }

  /** 4 or 6 for an IP literal, else empty. */
  public static Optional<Integer> version(String s) {
    return ip(s).map(a -> a instanceof Inet4Address ? 4 : 6);
  }

  /** Canonical text of an IP literal, else the text as given. */
  public static String canonicalIp(String s) {
    return ip(s).map(InetAddresses::toAddrString).orElse(s);
  }

  public static Optional<Cidr> cidr(String s) {
    if (s == null) {
      return Optional.empty();
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      return Optional.empty(); // Neutron wants the prefix written out
    }
    Optional<InetAddress> a = ip(s.substring(0, slash));
    String p = s.substring(slash + 1);
    if (a.isEmpty() || p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(p);
    int max = a.get() instanceof Inet4Address ? 32 : 128;
    return prefix > max ? Optional.empty() : Optional.of(new Cidr(a.get(), prefix));
  }
}
