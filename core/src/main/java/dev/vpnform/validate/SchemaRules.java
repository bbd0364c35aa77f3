package dev.vpnform.validate;

import dev.vpnform.model.Attribute;
import dev.vpnform.model.Attribute.Constraint;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
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
