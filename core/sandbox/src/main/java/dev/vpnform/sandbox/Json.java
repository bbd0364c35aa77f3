package dev.vpnform.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON as neutron reads and writes it (Python's json module). */
final class Json {
  private Json() {}

  /**
   * Python's json.loads accepts NaN/Infinity and a lone top-level scalar, rejects trailing data,
   * keeps the last of duplicate keys. Output escapes non-ASCII like json.dumps does.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

  /** Thrown when the bytes are not JSON. */
  static final class Malformed extends Exception {
    Malformed() {
      super("malformed JSON", null, false, false);
    }
  }

  static Object parse(byte[] body) throws Malformed {
    try {
      return MAPPER.readValue(body, Object.class);
    } catch (IOException | RuntimeException e) {
      throw new Malformed();
    }
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A deep, mutable copy made of LinkedHashMap/ArrayList. */
  @SuppressWarnings("unchecked")
  static <T> T copy(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return (T) out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(copy(v)));
      return (T) out;
    }
    return value;
  }
}
