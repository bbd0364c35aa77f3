package dev.vpnform.config;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.Kind;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes live connections as configuration YAML ({@code vpnform export}). A psk is never written:
 * it becomes {@code {env: VPNFORM_PSK_<NAME>}}, and the caller tells the user which variable to
 * set. Planning the result, with those variables set, gives no changes.
 */
public final class ConfigWriter {
  private ConfigWriter() {}

  /** The YAML text and, in order, each psk variable to the connection it belongs to. */
  public record Export(String yaml, Map<String, String> pskVariables) {
    public Export {
      pskVariables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pskVariables));
    }
  }

  private static final Pattern PLAIN =
      Pattern.compile("^[A-Za-z_/][A-Za-z0-9._/@-]*$|^[0-9a-f]{8}-[0-9a-f-]{27}$");
  private static final Pattern IPV4 = Pattern.compile("^[0-9]+(\\.[0-9]+){3}(/[0-9]+)?$");

  /** What YAML 1.1 would read as a number, e.g. 1e5, .5, 0x1f, 1:30. */
  private static final Pattern NUMERIC =
      Pattern.compile(
          "^[-+.]?[0-9_.:]*[0-9][0-9_.:]*(e[-+]?[0-9]+)?$|^0[xob].*|^[-+]?\\.(inf|nan)$");

  private static final Set<String> RESERVED =
      Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~");

  /**
   * @param header comment lines to put first (without {@code #})
   */
  public static Export export(
      List<ActualConnection> connections, String profile, List<String> header) {
    return export(connections, profile, header, Map.of());
  }

  /**
   * @param names the unique name of each referenced resource by id: a reference to one of them is
   *     written by name ({@code vpnservice: vpn-dc1}), any other by id
   */
  public static Export export(
      List<ActualConnection> connections,
      String profile,
      List<String> header,
      Map<String, String> names) {
    Map<String, String> vars = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    StringBuilder body = new StringBuilder();
    body.append("profile: ").append(profile).append('\n');
    body.append(connections.isEmpty() ? "connections: []\n" : "connections:\n");
    for (ActualConnection a : connections) {
      String var = variable(a, used);
      vars.put(var, a.label());
      body.append("  - id: ").append(a.id()).append('\n');
      for (Attribute attr : Kind.CONNECTION.writable()) {
        if (attr.sensitive()) {
          body.append("    ").append(attr.name()).append(": {env: ").append(var).append("}\n");
          continue;
        }
        if (attr == ConnectionSchema.PEER_CIDRS && a.endpointGroupMode()) {
          continue; // one mode: the server returns [] beside endpoint groups
        }
        if (attr == ConnectionSchema.TENANT_ID
            || attr.mutability() == Attribute.Mutability.CONFIG) {
          continue; // the project follows the service's; references and settings are not stored
        }
        Object v = a.value(attr).orElse(null);
        Attribute byName = referenceTo(attr);
        if (byName != null && v instanceof String id && names.containsKey(id)) {
          attribute(body, byName, names.get(id));
        } else if (v != null) {
          attribute(body, attr, v);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (String h : header) {
      out.append("# ").append(h).append('\n');
    }
    if (!vars.isEmpty()) {
      out.append("# Set each variable below to its connection's pre-shared key before planning:\n");
      vars.forEach(
          (v, label) -> out.append("#   ").append(v).append("  (").append(label).append(")\n"));
    }
    return new Export(out.append(body).toString(), vars);
  }

  /** The attribute that names by name what {@code idAttribute} names by id, or null. */
  private static Attribute referenceTo(Attribute idAttribute) {
    for (Attribute a : Kind.CONNECTION.attributes()) {
      if (a.reference() && a.refersTo().equals(idAttribute.name())) {
        return a;
      }
    }
    return null;
  }

  private static void attribute(StringBuilder sb, Attribute attr, Object value) {
    String text =
        switch (attr.type()) {
          case STRING -> scalar((String) value);
          case STRING_LIST -> {
            StringBuilder list = new StringBuilder("[");
            List<?> items = (List<?>) value;
            for (int i = 0; i < items.size(); i++) {
              list.append(i == 0 ? "" : ", ").append(scalar((String) items.get(i)));
            }
            yield list.append(']').toString();
          }
          case OBJECT -> {
            Map<?, ?> m = (Map<?, ?>) value;
            if (m.isEmpty()) {
              yield null;
            }
            StringBuilder object = new StringBuilder("{");
            for (Attribute member : attr.members()) {
              Object v = m.get(member.name());
              if (v != null) {
                object
                    .append(object.length() == 1 ? "" : ", ")
                    .append(member.name())
                    .append(": ")
                    .append(v instanceof String s ? scalar(s) : v);
              }
            }
            yield object.append('}').toString();
          }
          default -> String.valueOf(value);
        };
    if (text != null) {
      sb.append("    ").append(attr.name()).append(": ").append(text).append('\n');
    }
  }

  /** A YAML scalar: plain when unambiguous, else double-quoted with JSON escapes. */
  static String scalar(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    boolean plain =
        !s.isEmpty()
            && !RESERVED.contains(lower)
            && (IPV4.matcher(s).matches()
                || (PLAIN.matcher(s).matches() && !NUMERIC.matcher(lower).matches()));
    if (plain) {
      return s;
    }
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfeff) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  /** {@code VPNFORM_PSK_DC1_TO_DC2}; unique within one export. */
  static String variable(ActualConnection a, Set<String> used) {
    String base =
        a.name() != null && !a.name().isEmpty()
            ? a.name()
            : a.id().substring(0, Math.min(8, a.id().length()));
    String v =
        "VPNFORM_PSK_"
            + base.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
    if (v.equals("VPNFORM_PSK_")) {
      v =
          "VPNFORM_PSK_"
              + a.id()
                  .substring(0, Math.min(8, a.id().length()))
                  .toUpperCase(Locale.ROOT)
                  .replaceAll("[^A-Z0-9]", "_");
    }
    String unique = v;
    for (int i = 2; !used.add(unique); i++) {
      unique = v + "_" + i;
    }
    return unique;
  }
}
