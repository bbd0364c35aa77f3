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
 * Writes live connections, or the whole VPNaaS graph, as configuration YAML ({@code vpnform
 * export}). A psk is never written: it becomes {@code {env: VPNFORM_PSK_<NAME>}}, and the caller
 * tells the user which variable to set. Neither is the owning project, nor anything the server
 * sets. Planning the result, with those variables set, gives no changes.
 */
public final class ConfigWriter {
  private ConfigWriter() {}

  /**
   * The YAML text and, in order, each psk variable to the connection it belongs to.
   *
   * @param counts how many resources of each kind were written, by configuration key ({@code
   *     ikepolicies}, ..., {@code connections}), in creation order
   */
  public record Export(String yaml, Map<String, String> pskVariables, Map<String, Integer> counts) {
    public Export {
      pskVariables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pskVariables));
      counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** An export of connections only. */
    public Export(String yaml, Map<String, String> pskVariables) {
      this(yaml, pskVariables, Map.of(Kind.CONNECTION.configKey(), pskVariables.size()));
    }
  }

  /**
   * Lists one collection of the Networking API, every page, unfiltered.
   *
   * @param <E> what listing throws
   */
  @FunctionalInterface
  public interface Lister<E extends Exception> {
    /**
     * @param collection the path under {@code /v2.0}, e.g. {@code /vpn/ikepolicies} or {@code
     *     /routers}
     * @param listKey the key of the list in the body, e.g. {@code ikepolicies}
     */
    List<Map<String, Object>> list(String collection, String listKey) throws E;
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
    StringBuilder body = new StringBuilder();
    body.append("profile: ").append(profile).append('\n');
    Map<String, String> vars = connections(connections, names, body);
    return new Export(withHeader(header, vars, body), vars);
  }

  /**
   * Writes the whole graph the credentials see: {@code ikepolicies}, {@code ipsecpolicies}, {@code
   * endpoint_groups}, {@code vpnservices} and {@code connections}, each resource by its id. A
   * reference is written by name where that name is unique among the visible resources of its kind
   * (a connection's {@code vpnservice}, {@code ikepolicy}, {@code ipsecpolicy}, {@code
   * local_ep_group}, {@code peer_ep_group}; a service's {@code router}), else by id. A subnet
   * endpoint group keeps its subnet ids. Never written: a psk (an {@code {env: ...}} reference
   * instead), the owning project, and what the server sets (status, addresses).
   *
   * @param connections every connection the credentials see
   * @param cloud lists the other kinds, and the routers, one paginated request each
   */
  public static <E extends Exception> Export graph(
      List<ActualConnection> connections, Lister<E> cloud, String profile, List<String> header)
      throws E {
    Map<Kind, List<Map<String, Object>>> live = new LinkedHashMap<>();
    Map<String, String> names = new java.util.HashMap<>();
    for (Kind kind : Kind.values()) {
      if (kind == Kind.CONNECTION) {
        continue;
      }
      List<Map<String, Object>> all = cloud.list(collection(kind), kind.collectionKey());
      live.put(kind, all);
      names.putAll(uniqueNames(all));
    }
    Map<String, String> routers = uniqueNames(cloud.list("/routers", "routers"));
    StringBuilder body = new StringBuilder();
    body.append("profile: ").append(profile).append('\n');
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Map.Entry<Kind, List<Map<String, Object>>> e : live.entrySet()) {
      Kind kind = e.getKey();
      List<Map<String, Object>> resources = e.getValue();
      counts.put(kind.configKey(), resources.size());
      body.append(kind.configKey()).append(resources.isEmpty() ? ": []\n" : ":\n");
      for (Map<String, Object> r : resources) {
        resource(kind, r, routers, body);
      }
    }
    Map<String, String> vars = connections(connections, names, body);
    counts.put(Kind.CONNECTION.configKey(), connections.size());
    return new Export(withHeader(header, vars, body), vars, counts);
  }

  /** A Kind's collection path under {@code /v2.0}. */
  private static String collection(Kind kind) {
    return kind.path().substring("/v2.0".length());
  }

  /** Each resource's id to its name, where no other resource of the list has that name. */
  private static Map<String, String> uniqueNames(List<Map<String, Object>> resources) {
    Map<String, List<String>> idsByName = new LinkedHashMap<>();
    for (Map<String, Object> r : resources) {
      if (r.get("name") instanceof String n && !n.isEmpty() && r.get("id") instanceof String id) {
        idsByName.computeIfAbsent(n, k -> new java.util.ArrayList<>()).add(id);
      }
    }
    Map<String, String> names = new java.util.HashMap<>();
    idsByName.forEach(
        (n, ids) -> {
          if (ids.size() == 1) {
            names.put(ids.get(0), n);
          }
        });
    return names;
  }

  /**
   * One IKE policy, IPsec policy, endpoint group or VPN service: its id, then every attribute a
   * configuration may set that the server returned, but the project and the settings vpnform alone
   * reads.
   */
  private static void resource(
      Kind kind, Map<String, Object> r, Map<String, String> routers, StringBuilder body) {
    body.append("  - id: ").append(scalar(String.valueOf(r.get("id")))).append('\n');
    for (Attribute attr : kind.writable()) {
      if (attr.name().equals("tenant_id")
          || attr.mutability() == Attribute.Mutability.CONFIG
          || attr.sensitive()) {
        continue;
      }
      Object v = r.get(attr.name());
      if (v == null || !fits(attr, v)) {
        continue;
      }
      Attribute byName = reference(kind, attr);
      if (byName != null && v instanceof String id && routers.containsKey(id)) {
        attribute(body, byName, routers.get(id));
      } else {
        attribute(body, attr, v);
      }
    }
  }

  /** The reference by name that {@code kind} offers for {@code idAttribute}; only routers here. */
  private static Attribute reference(Kind kind, Attribute idAttribute) {
    if (!idAttribute.name().equals("router_id")) {
      return null; // a legacy subnet_id stays an id, as subnet endpoint groups keep theirs
    }
    for (Attribute a : kind.attributes()) {
      if (a.reference() && a.refersTo().equals(idAttribute.name())) {
        return a;
      }
    }
    return null;
  }

  /** Whether the server's value has the attribute's type (anything else is not written). */
  private static boolean fits(Attribute attr, Object v) {
    return switch (attr.type()) {
      case STRING -> v instanceof String;
      case BOOLEAN -> v instanceof Boolean;
      case INTEGER -> v instanceof Integer || v instanceof Long;
      case STRING_LIST -> v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String);
      case OBJECT -> v instanceof Map<?, ?>;
      case SECRET -> false;
    };
  }

  /** The {@code connections} section; returns each psk variable to its connection. */
  private static Map<String, String> connections(
      List<ActualConnection> connections, Map<String, String> names, StringBuilder body) {
    Map<String, String> vars = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
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
    return vars;
  }

  /** The header comments, the psk variables to set, then {@code body}. */
  private static String withHeader(
      List<String> header, Map<String, String> vars, StringBuilder body) {
    StringBuilder out = new StringBuilder();
    for (String h : header) {
      out.append("# ").append(h).append('\n');
    }
    if (!vars.isEmpty()) {
      out.append("# Set each variable below to its connection's pre-shared key before planning:\n");
      vars.forEach(
          (v, label) -> out.append("#   ").append(v).append("  (").append(label).append(")\n"));
    }
    return out.append(body).toString();
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
