package dev.vpnform.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.vpnform.model.Secret;

/** Renders plan values as JSON text; a {@link Secret} always becomes the mask. */
final class Values {
  private Values() {}

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(Secret.class, ToStringSerializer.instance))
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /**
   * A value as it appears in text output: JSON literals, {@code (none)} for null, {@code (known
   * after apply)} for the id of a resource the plan creates.
   */
  static String show(Object value) {
    if (value == null) {
      return "(none)";
    }
    if (dev.vpnform.model.Pending.is(value)) {
      return Changes.KNOWN_AFTER_APPLY; // unquoted: it is not the value
    }
    if (value instanceof java.util.List<?> list) {
      return list.stream()
          .map(Values::show)
          .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a plan value of " + value.getClass(), e);
    }
  }
}
