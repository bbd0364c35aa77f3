package dev.vpnform.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.Attribute.Constraint;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Profile;

/**
 * The JSON Schema (draft 2020-12) of the configuration, generated from the resource schema that the
 * loader reads with, so that an editor's completion and checks can never drift from what the loader
 * accepts. It states the keys and their types; the rules that need more than one value (modes,
 * merged dpd, dialects) stay {@code vpnform validate}'s.
 */
public final class ConfigSchema {
  private ConfigSchema() {}

  /** Where editors are told to find it (the {@code $id}); versioned with the file format. */
  public static final String ID = "https://vpnform.dev/schema/config-1.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The schema as JSON text. */
  public static String json() {
    try {
      return JSON.writeValueAsString(tree()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the schema", e);
    }
  }

  static ObjectNode tree() {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", ID);
    root.put("title", "vpnform configuration");
    root.put("type", "object");
    root.put("additionalProperties", false);
    ObjectNode props = root.putObject("properties");
    ObjectNode profile = props.putObject("profile");
    profile.put("description", "the cloud's dialect; openstack by default");
    ArrayNode ids = profile.putArray("enum");
    for (Profile p : Profile.values()) {
      ids.add(p.id());
    }
    for (Kind kind : Kind.values()) {
      ObjectNode list = props.putObject(kind.configKey());
      list.put("description", capitalized(kind.plural()));
      list.put("type", "array");
      list.set("items", entry(kind));
    }
    return root;
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static ObjectNode entry(Kind kind) {
    String what = kind == Kind.CONNECTION ? "connection" : kind.label();
    ObjectNode c = JSON.createObjectNode();
    c.put("type", "object");
    c.put("description", "identified by id when given, else by name");
    c.put("additionalProperties", false);
    ObjectNode props = c.putObject("properties");
    ObjectNode id = props.putObject("id");
    id.put("type", "string");
    id.put("minLength", 1);
    id.put("description", "the " + what + "'s id; when given, name is a managed field");
    for (Attribute a : kind.writable()) {
      props.set(a.name(), attribute(a));
    }
    ArrayNode anyOf = c.putArray("anyOf");
    anyOf.addObject().putArray("required").add("id");
    anyOf.addObject().putArray("required").add("name");
    return c;
  }

  private static ObjectNode attribute(Attribute a) {
    ObjectNode n = JSON.createObjectNode();
    if (!a.doc().isEmpty()) {
      n.put("description", a.doc());
    }
    switch (a.type()) {
      case STRING -> n.put("type", "string");
      case BOOLEAN -> n.put("type", "boolean");
      case INTEGER -> n.put("type", "integer");
      case STRING_LIST -> {
        n.put("type", "array");
        n.putObject("items").put("type", "string");
      }
      case OBJECT -> {
        n.put("type", "object");
        n.put("additionalProperties", false);
        ObjectNode members = n.putObject("properties");
        a.members().forEach(m -> members.set(m.name(), attribute(m)));
      }
      case SECRET -> {
        ArrayNode oneOf = n.putArray("oneOf");
        oneOf.addObject().put("type", "string").put("description", "a literal (warned)");
        for (String source : new String[] {"env", "file"}) {
          ObjectNode ref = oneOf.addObject();
          ref.put("type", "object");
          ref.put("additionalProperties", false);
          ref.putArray("required").add(source);
          ref.putObject("properties").putObject(source).put("type", "string");
        }
      }
    }
    for (Constraint k : a.constraints()) {
      if (k instanceof Constraint.OneOf one) {
        ArrayNode values = n.putArray("enum");
        one.values().forEach(values::add);
      } else if (k instanceof Constraint.MaxLength max && a.type() == Attribute.Type.STRING) {
        n.put("maxLength", max.max());
      } else if (k instanceof Constraint.NonNegative) {
        n.put("minimum", 0);
      }
    }
    return n;
  }
}
