package dev.vpnform.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.Kind;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The updatable, non-secret fields of an actual connection (or of an IKE policy, IPsec policy,
 * endpoint group or VPN service), in a canonical form: what a plan was made against. Neutron has no
 * revision number or If-Match for these resources, so apply can only re-read a connection and
 * compare it with this.
 */
public final class Snapshot {
  private Snapshot() {}

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /**
   * Attribute name to canonical value ({@link Canonical}) of every attribute a request may carry:
   * peer_cidrs sorted, addresses canonical, no secret.
   */
  public static Map<String, Object> of(ActualConnection a) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Attribute attr : Kind.CONNECTION.sent()) {
      if (!attr.sensitive()) {
        m.put(attr.name(), Canonical.of(attr, a.value(attr).orElse(null)));
      }
    }
    return m;
  }

  /**
   * Attribute name to canonical value of every attribute a request of the resource's kind may carry
   * ({@link Kind#sent()}): what a plan of an IKE policy, IPsec policy, endpoint group or VPN
   * service was made against.
   */
  public static Map<String, Object> of(ActualResource a) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Attribute attr : a.kind().sent()) {
      m.put(attr.name(), Canonical.of(attr, a.values().get(attr.name())));
    }
    return m;
  }

  public static String fingerprint(ActualResource a) {
    return fingerprint(of(a));
  }

  /**
   * The fields of a resource that moved between {@code planned} (its {@link #of(ActualResource)})
   * and {@code fresh}, each as {@code pfs ('group5' -> 'group14')}.
   */
  public static List<String> moved(Map<String, Object> planned, ActualResource fresh) {
    return moved(planned, of(fresh));
  }

  private static List<String> moved(Map<String, Object> planned, Map<String, Object> now) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : planned.entrySet()) {
      Object after = now.get(e.getKey());
      if (!Objects.equals(e.getValue(), after)) {
        out.add(e.getKey() + " (" + show(e.getValue()) + " -> " + show(after) + ")");
      }
    }
    return out;
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
    return moved(planned, of(fresh));
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
