package dev.vpnform.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpnform.model.Attribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Typed access to a plan file's JSON tree; every failure names the file. */
final class PlanJson {
  final String name;

  PlanJson(String name) {
    this.name = name;
  }

  PlanFileException bad(String why) {
    return new PlanFileException(name + ": " + why + " (not a valid vpnform plan)");
  }

  String text(JsonNode n, String key, boolean optional) throws PlanFileException {
    return value(n, key, optional, JsonNode::isTextual, "a string", JsonNode::asText);
  }

  Integer integer(JsonNode n, String key, boolean optional) throws PlanFileException {
    return value(n, key, optional, JsonNode::isInt, "an integer", JsonNode::intValue);
  }

  Boolean bool(JsonNode n, String key, boolean optional) throws PlanFileException {
    return value(n, key, optional, JsonNode::isBoolean, "a boolean", JsonNode::booleanValue);
  }

  /** {@code key}'s value when it is of the right kind; null when optional and absent. */
  private <T> T value(
      JsonNode n,
      String key,
      boolean optional,
      java.util.function.Predicate<JsonNode> isKind,
      String kind,
      Function<JsonNode, T> get)
      throws PlanFileException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      if (optional) {
        return null;
      }
      throw bad("'" + key + "' is missing");
    }
    if (!isKind.test(v)) {
      throw bad("'" + key + "' is not " + kind);
    }
    return get.apply(v);
  }

  boolean bool(JsonNode n, String key) throws PlanFileException {
    return bool(n, key, false);
  }

  /** An optional attribute value of the attribute's schema type; null when absent or null. */
  Object value(JsonNode n, Attribute attr) throws PlanFileException {
    String key = attr.name();
    return switch (attr.type()) {
      case STRING -> text(n, key, true);
      case INTEGER -> integer(n, key, true);
      case BOOLEAN -> bool(n, key, true);
      case STRING_LIST -> {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
          yield null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : array(n, key)) {
          if (!c.isTextual()) {
            throw bad(key + " holds a non-string");
          }
          out.add(c.asText());
        }
        yield out;
      }
      case OBJECT -> {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
          yield null;
        }
        JsonNode o = object(n, key);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Attribute m : attr.members()) {
          Object mv = value(o, m);
          if (mv != null) {
            out.put(m.name(), mv);
          }
        }
        yield out;
      }
      case SECRET -> throw new AssertionError(key);
    };
  }

  JsonNode object(JsonNode n, String key) throws PlanFileException {
    JsonNode v = n.get(key);
    if (v == null || !v.isObject()) {
      throw bad("'" + key + "' is missing or not an object");
    }
    return v;
  }

  Iterable<JsonNode> array(JsonNode n, String key) throws PlanFileException {
    JsonNode v = n.get(key);
    if (v == null || !v.isArray()) {
      throw bad("'" + key + "' is missing or not a list");
    }
    return v;
  }
}
