package dev.vpnform.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Addresses;
import dev.vpnform.model.Field;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The updatable, non-secret fields of an actual connection, in a canonical form: what a plan was
 * made against. Neutron has no revision number or If-Match for these resources, so apply can only
 * re-read a connection and compare it with this.
 */
public final class Snapshot {
  private Snapshot() {}

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** Field name to canonical value; peer_cidrs sorted, addresses canonical, no psk. */
  public static Map<String, Object> of(ActualConnection a) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Field f : Field.values()) {
      if (f == Field.PSK) {
        continue;
      }
      Object v = a.value(f).orElse(null);
      m.put(f.apiName(), canonical(f, v));
    }
    return m;
  }

  private static Object canonical(Field f, Object v) {
    return switch (f) {
      case PEER_CIDRS -> {
        TreeSet<String> set = new TreeSet<>();
        for (Object o : (List<?>) v) {
          String s = (String) o;
          set.add(Addresses.cidr(s).map(Addresses.Cidr::canonical).orElse(s));
        }
        yield new ArrayList<>(set);
      }
      case PEER_ADDRESS -> v == null ? null : Addresses.canonicalIp((String) v);
      case LOCAL_EP_GROUP_ID, PEER_EP_GROUP_ID ->
          v == null ? null : ((String) v).toLowerCase(java.util.Locale.ROOT);
      case DPD -> v == null ? null : ((dev.vpnform.model.Dpd) v).toMap();
      default -> v;
    };
  }

  /** {@code sha256:<hex>} of the canonical snapshot. */
  public static String fingerprint(Map<String, Object> snapshot) {
    try {
      byte[] json = JSON.writeValueAsBytes(snapshot);
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint a snapshot", e);
    }
  }

  public static String fingerprint(ActualConnection a) {
    return fingerprint(of(a));
  }

  /**
   * The fields that moved between {@code planned} and {@code fresh}, each as {@code mtu (1400 ->
   * 1450)}. A psk is compared only when both sides hold one, and never shown.
   */
  public static List<String> moved(Map<String, Object> planned, ActualConnection fresh) {
    List<String> out = new ArrayList<>();
    Map<String, Object> now = of(fresh);
    for (Map.Entry<String, Object> e : planned.entrySet()) {
      Object after = now.get(e.getKey());
      if (!Objects.equals(e.getValue(), after)) {
        out.add(e.getKey() + " (" + show(e.getValue()) + " -> " + show(after) + ")");
      }
    }
    return out;
  }

  /** Like {@link #moved(Map, ActualConnection)}, also comparing the psk when both hold one. */
  public static List<String> moved(ActualConnection planned, ActualConnection fresh) {
    List<String> out = moved(of(planned), fresh);
    if (planned.psk() != null && fresh.psk() != null && !planned.psk().sameValueAs(fresh.psk())) {
      out.add("psk");
    }
    return out;
  }

  private static String show(Object v) {
    if (v == null) {
      return "none";
    }
    try {
      return v instanceof String s ? "'" + s + "'" : JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }
}
