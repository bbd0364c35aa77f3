package dev.vpnform.validate;

import dev.vpnform.model.Attribute;
import dev.vpnform.model.Attribute.Constraint;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The value checks the schema declares on each attribute ({@link Attribute#constraints()}). */
final class SchemaRules {
  private SchemaRules() {}

  static void desired(DesiredConnection c, Sink sink) {
    for (Attribute attr : Kind.CONNECTION.writable()) {
      Optional<Object> v =
          attr.name().equals("name")
              ? Optional.ofNullable(c.name()) // checked whether or not it identifies
              : c.value(attr);
      v.ifPresent(value -> check(c, attr, attr.name(), value, sink));
    }
  }

  private static void check(
      DesiredConnection c, Attribute attr, String path, Object value, Sink sink) {
    if (attr.type() == Attribute.Type.OBJECT) {
      Map<?, ?> m = (Map<?, ?>) value;
      for (Attribute member : attr.members()) {
        Object mv = m.get(member.name());
        if (mv != null) {
          check(c, member, path + "." + member.name(), mv, sink);
        }
      }
      return;
    }
    if (attr.sent()) {
      storable(c, attr, path, value, sink);
    }
    for (Constraint k : attr.constraints()) {
      if (k instanceof Constraint.MaxLength max) {
        maxLength(c, path, value, max, sink);
      } else if (k instanceof Constraint.OneOf one) {
        if (!one.values().contains(value)) {
          sink.error(
              one.rule(),
              c,
              path,
              "'" + value + "' is not one of " + String.join(", ", one.values()));
        }
      } else if (k instanceof Constraint.NonNegative nn && (Integer) value < 0) {
        sink.error(nn.rule(), c, path, "'" + value + "' should be non-negative");
      }
    }
  }

  /**
   * Text the server's database can store: its columns hold 3-byte UTF-8 only, and a character
   * outside the Basic Multilingual Plane (an emoji, say) makes the server answer 500 (measured).
   */
  private static void storable(
      DesiredConnection c, Attribute attr, String path, Object value, Sink sink) {
    List<String> texts =
        value instanceof Secret s
            ? List.of(s.reveal())
            : value instanceof String t
                ? List.of(t)
                : value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    for (String t : texts) {
      if (t.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
        sink.error(
            "O4",
            c,
            path,
            "the "
                + path
                + " holds a character outside the Basic Multilingual Plane (such as an emoji),"
                + " which the server's database cannot store (it answers 500)");
        return;
      }
    }
  }

  /** A secret's message never quotes it. */
  private static void maxLength(
      DesiredConnection c, String path, Object value, Constraint.MaxLength max, Sink sink) {
    if (value instanceof Secret s) {
      if (s.reveal().length() > max.max()) {
        sink.error(
            max.rule(), c, path, "the " + path + " exceeds the maximum length of " + max.max());
      }
      return;
    }
    String text = (String) value;
    if (text.length() > max.max()) {
      sink.error(
          max.rule(),
          c,
          path,
          "'"
              + UpstreamRules.abbreviate(text)
              + "' ("
              + text.length()
              + " characters) exceeds maximum length of "
              + max.max());
    }
  }
}
