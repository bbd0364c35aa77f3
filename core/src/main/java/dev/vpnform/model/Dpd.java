package dev.vpnform.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dead peer detection settings. In a desired connection each part may be null, meaning "not
 * managed"; in an actual connection all three are normally set.
 */
public record Dpd(String action, Integer interval, Integer timeout) {
  public static final Dpd DEFAULTS = new Dpd("hold", 30, 120);

  /** A typed view of a {@code dpd} attribute value (a map of its members), or null for null. */
  public static Dpd of(Object value) {
    if (value == null) {
      return null;
    }
    Map<?, ?> m = (Map<?, ?>) value;
    return new Dpd(
        (String) m.get("action"), (Integer) m.get("interval"), (Integer) m.get("timeout"));
  }

  /** This object's keys laid over {@code base}: what the server stores after a partial update. */
  public Dpd mergedOver(Dpd base) {
    if (base == null) {
      return this;
    }
    return new Dpd(
        action != null ? action : base.action,
        interval != null ? interval : base.interval,
        timeout != null ? timeout : base.timeout);
  }

  /** The set keys in API order, as the request body carries them. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (action != null) {
      m.put("action", action);
    }
    if (interval != null) {
      m.put("interval", interval);
    }
    if (timeout != null) {
      m.put("timeout", timeout);
    }
    return m;
  }
}
