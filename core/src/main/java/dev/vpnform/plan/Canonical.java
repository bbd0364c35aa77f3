package dev.vpnform.plan;

import dev.vpnform.model.Addresses;
import dev.vpnform.model.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/** The canonical form of a value under its attribute's comparison: equal forms, same value. */
final class Canonical {
  private Canonical() {}

  static Object of(Attribute attr, Object v) {
    if (v == null) {
      return null;
    }
    return switch (attr.comparison()) {
      case CIDR_SET -> {
        TreeSet<String> set = new TreeSet<>();
        for (Object o : (List<?>) v) {
          String s = (String) o;
          set.add(Addresses.cidr(s).map(Addresses.Cidr::canonical).orElse(s));
        }
        yield new ArrayList<>(set);
      }
      case RESOLVED_ADDRESS -> Addresses.canonicalIp((String) v);
      case IGNORE_CASE -> ((String) v).toLowerCase(Locale.ROOT);
      default -> v;
    };
  }

  static boolean same(Attribute attr, Object want, Object have) {
    return have != null && Objects.equals(of(attr, want), of(attr, have));
  }
}
