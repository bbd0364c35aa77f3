package dev.vpnform.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies of attribute values, so that records holding them stay immutable. */
final class Values {
  private Values() {}

  /** An unmodifiable deep copy: lists and maps (object values) are copied too; nulls dropped. */
  static Map<String, Object> copy(Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (v != null) {
            out.put(k, copyValue(v));
          }
        });
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object v) {
    if (v instanceof List<?> l) {
      return Collections.unmodifiableList(new ArrayList<>(l));
    }
    if (v instanceof Map<?, ?> m) {
      return copy((Map<String, Object>) m);
    }
    return v;
  }
}
