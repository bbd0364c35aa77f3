package dev.vpnform.sandbox;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IP address and CIDR parsing the way neutron sees it: netaddr 0.8 for {@code IPNetwork} and
 * glibc's {@code inet_pton}/{@code inet_ntop} underneath. Never touches DNS.
 */
final class Net {
  private Net() {}

  /** A parsed network: the address as written (host bits kept) and its prefix length. */
  record Network(int version, BigInteger address, int prefix) {
    int width() {
      return version == 4 ? 32 : 128;
    }

    /** netaddr's {@code str(IPNetwork)}: canonical address text plus the prefix. */
    String text() {
      return format(version, address) + "/" + prefix;
    }

    /** netaddr's {@code IPNetwork.cidr}: the host bits cleared. */
    String cidrText() {
      BigInteger mask =
          BigInteger.ONE
              .shiftLeft(width())
              .subtract(BigInteger.ONE)
              .xor(BigInteger.ONE.shiftLeft(width() - prefix).subtract(BigInteger.ONE));
      return format(version, address.and(mask)) + "/" + prefix;
    }
  }

  /** glibc {@code inet_pton(AF_INET)}: exactly four decimal octets, no leading zeros. */
  static byte[] pton4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (char c : p.toCharArray()) {
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** glibc {@code inet_pton(AF_INET6)}. */
  static byte[] pton6(String s) {
    if (s.isEmpty()) {
      return null;
    }
    int[] words = new int[8];
    int n = 0;
    int gap = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (s.length() == 2) {
        return new byte[16];
      }
    } else if (s.startsWith(":")) {
      return null;
    }
    while (i < s.length()) {
      int j = i;
      while (j < s.length() && s.charAt(j) != ':') {
        j++;
      }
      String group = s.substring(i, j);
      if (group.contains(".")) {
        // an embedded IPv4 address, only as the last group
        byte[] v4 = j == s.length() ? pton4(group) : null;
        if (v4 == null || n > 6) {
          return null;
        }
        words[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        words[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = j;
        break;
      }
      if (group.isEmpty() || group.length() > 4 || n >= 8) {
        return null;
      }
      int w = 0;
      for (char c : group.toCharArray()) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
          return null;
        }
        w = (w << 4) | Character.digit(c, 16);
      }
      words[n++] = w;
      if (j == s.length()) {
        i = j;
        break;
      }
      // j is at ':'
      if (j + 1 < s.length() && s.charAt(j + 1) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = n;
        i = j + 2;
        if (i == s.length()) {
          break;
        }
      } else if (j + 1 == s.length()) {
        return null; // trailing single ':'
      } else {
        i = j + 1;
      }
    }
    if (gap >= 0) {
      if (n == 8) {
        return null;
      }
      int[] full = new int[8];
      System.arraycopy(words, 0, full, 0, gap);
      System.arraycopy(words, gap, full, 8 - (n - gap), n - gap);
      words = full;
    } else if (n != 8) {
      return null;
    }
    byte[] out = new byte[16];
    for (int k = 0; k < 8; k++) {
      out[2 * k] = (byte) (words[k] >> 8);
      out[2 * k + 1] = (byte) words[k];
    }
    return out;
  }

  static String format(int version, BigInteger value) {
    byte[] raw = value.toByteArray();
    int len = version == 4 ? 4 : 16;
    byte[] b = new byte[len];
    for (int i = 0; i < Math.min(len, raw.length); i++) {
      b[len - 1 - i] = raw[raw.length - 1 - i];
    }
    return version == 4 ? ntop4(b) : ntop6(b);
  }

  static String ntop4(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  /** glibc {@code inet_ntop(AF_INET6)}: longest zero run (two or more words) becomes "::". */
  static String ntop6(byte[] b) {
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestBase = -1;
    int bestLen = 0;
    int curBase = -1;
    int curLen = 0;
    for (int i = 0; i < 8; i++) {
      if (w[i] == 0) {
        if (curBase < 0) {
          curBase = i;
          curLen = 1;
        } else {
          curLen++;
        }
      } else if (curBase >= 0) {
        if (bestBase < 0 || curLen > bestLen) {
          bestBase = curBase;
          bestLen = curLen;
        }
        curBase = -1;
      }
    }
    if (curBase >= 0 && (bestBase < 0 || curLen > bestLen)) {
      bestBase = curBase;
      bestLen = curLen;
    }
    if (bestBase >= 0 && bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          sb.append(':');
        }
        continue;
      }
      if (i != 0) {
        sb.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
        sb.append(ntop4(new byte[] {b[12], b[13], b[14], b[15]}));
        break;
      }
      sb.append(Integer.toHexString(w[i]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      sb.append(':');
    }
    return sb.toString();
  }

  /** netaddr 0.8 {@code IPNetwork(s)}; null where it raises AddrFormatError. */
  static Network parseNetwork(String s) {
    String addr = s;
    String prefix = null;
    int slash = s.indexOf('/');
    if (slash >= 0) {
      addr = s.substring(0, slash);
      prefix = s.substring(slash + 1);
    }
    Network v4 = parseNetwork4(addr, prefix);
    return v4 != null ? v4 : parseNetwork6(addr, prefix);
  }

  private static Network parseNetwork4(String addr, String prefix) {
    byte[] ip = pton4(addr);
    if (ip == null) {
      String expanded = expandPartial(addr);
      ip = expanded == null ? null : pton4(expanded);
    }
    if (ip == null) {
      return null;
    }
    Integer len = prefixLength(prefix, 4);
    return len == null ? null : new Network(4, new BigInteger(1, ip), len);
  }

  private static Network parseNetwork6(String addr, String prefix) {
    byte[] ip = pton6(addr);
    if (ip == null) {
      return null;
    }
    Integer len = prefixLength(prefix, 6);
    return len == null ? null : new Network(6, new BigInteger(1, ip), len);
  }

  private static Integer prefixLength(String prefix, int version) {
    int width = version == 4 ? 32 : 128;
    if (prefix == null) {
      return width;
    }
    BigInteger len;
    try {
      len = Py.toInt(prefix);
    } catch (Py.PyError e) {
      // not an integer: a netmask or a hostmask
      byte[] mask = version == 4 ? pton4(prefix) : pton6(prefix);
      if (mask == null) {
        return null;
      }
      BigInteger m = new BigInteger(1, mask);
      BigInteger max = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
      BigInteger asNetmask = m.xor(max).add(BigInteger.ONE);
      if (asNetmask.bitCount() == 1) {
        return width - (asNetmask.bitLength() - 1);
      }
      BigInteger asHostmask = m.add(BigInteger.ONE);
      if (asHostmask.bitCount() == 1) {
        return width - (asHostmask.bitLength() - 1);
      }
      return null;
    }
    if (len.signum() < 0 || len.compareTo(BigInteger.valueOf(width)) > 0) {
      return null;
    }
    return len.intValue();
  }

  /** netaddr's {@code expand_partial_address}: "10" or "10.1" become "10.0.0.0", "10.1.0.0". */
  private static String expandPartial(String addr) {
    if (addr.contains(":")) {
      return null;
    }
    List<BigInteger> tokens = new ArrayList<>();
    try {
      for (String part : addr.split("\\.", -1)) {
        tokens.add(Py.toInt(part));
      }
    } catch (Py.PyError e) {
      return null;
    }
    if (tokens.isEmpty() || tokens.size() > 4) {
      return null;
    }
    while (tokens.size() < 4) {
      tokens.add(BigInteger.ZERO);
    }
    return tokens.get(0) + "." + tokens.get(1) + "." + tokens.get(2) + "." + tokens.get(3);
  }

  /** neutron_lib {@code validate_subnet}: null when valid, else the reason. */
  static String validateSubnet(Object data) {
    String invalid = "'" + Py.str(data) + "' is not a valid IP subnet";
    if (!(data instanceof String s) || Py.containsWhitespace(s)) {
      return invalid;
    }
    Network net = parseNetwork(s);
    if (net == null) {
      return invalid;
    }
    if (!s.contains("/") || (net.version() == 4 && !net.text().equals(s))) {
      return "'"
          + s
          + "' isn't a recognized IP subnet cidr, '"
          + net.cidrText()
          + "' is recommended";
    }
    return null;
  }

  /** neutron_lib {@code validate_ip_address} reduced to its verdict. */
  static boolean isValidIpAddress(String data) {
    if (Py.containsWhitespace(data)) {
      return false;
    }
    if (data.contains(":")) {
      return pton6(data) != null;
    }
    return pton4(data) != null;
  }

  /** The IP version of a valid address or network text, or 0. */
  static int version(String text) {
    if (text == null) {
      return 0;
    }
    Network n = parseNetwork(text);
    return n == null ? 0 : n.version();
  }

  /**
   * Whether Python's idna codec (Lib/encodings/idna.py, as {@code socket.getaddrinfo} uses it)
   * raises UnicodeError for this ASCII name: a label before the last that is empty or over 63
   * characters, or a last label over 63. Names with other characters are not judged here.
   */
  static boolean idnaRefuses(String host) {
    if (host.isEmpty() || !host.chars().allMatch(c -> c < 0x80)) {
      return false;
    }
    String[] labels = host.split("\\.", -1);
    for (int i = 0; i < labels.length - 1; i++) {
      if (labels[i].isEmpty() || labels[i].length() > 63) {
        return true;
      }
    }
    return labels[labels.length - 1].length() > 63;
  }

  /**
   * socket.getaddrinfo as neutron-server 21 runs it, under eventlet's greendns, without asking DNS:
   * a dotted quad or an IPv6 literal (as dnspython parses them) is taken as it is, and "localhost"
   * comes from /etc/hosts. greendns sends anything else to the DNS server, including glibc's other
   * numeric forms ("127.1", "010.0.0.1"); here such a name does not resolve, which is what the real
   * server answered for them (400 VPNPeerAddressNotResolved).
   */
  static String resolve(String host) {
    byte[] v4 = pton4(host);
    if (v4 != null) {
      return ntop4(v4);
    }
    if (host.contains(":")) {
      byte[] v6 = pton6(host);
      return v6 == null ? null : ntop6(v6);
    }
    if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
      return "127.0.0.1";
    }
    return null;
  }
}
