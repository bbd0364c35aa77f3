package dev.vpnform.cli.render;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.ResourceChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A plan as a unified diff of actual against desired, each connection as YAML, like {@code kubectl
 * diff}. A psk shows only as the mask, marked when it changes.
 */
public final class DiffRenderer {
  private DiffRenderer() {}

  private static final String CHANGED_SECRET = Secret.MASK + " (changed)";

  public static String render(Plan plan) {
    StringBuilder sb = new StringBuilder();
    for (ResourceChange r : plan.resources()) {
      lines(r).forEach(l -> sb.append(l).append('\n'));
    }
    for (ConnectionChange c : plan.changes()) {
      lines(c).forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  /**
   * One connection's unified diff: an update's changed fields in context, a create from {@code
   * /dev/null}, a delete to {@code /dev/null}, and a replace from the old connection to the new one
   * (whose id is known after apply). None for a no-op.
   */
  public static List<String> lines(ConnectionChange c) {
    return switch (c.action()) {
      case UPDATE -> update(c);
      case CREATE -> diff("/dev/null", "desired/" + c.label(), Map.of(), created(c));
      case DELETE ->
          diff(
              "actual/" + c.label(),
              "/dev/null",
              identified(c.id(), Changes.live(c.actual())),
              Map.of());
      case REPLACE -> replace(c);
      case NO_OP -> List.of();
    };
  }

  private static List<String> update(ConnectionChange c) {
    Map<String, Object> before = managedView(c, c.actual());
    Map<String, Object> after = new LinkedHashMap<>(before);
    for (FieldChange f : c.fields()) {
      if (f.sensitive()) {
        after.put(f.path(), CHANGED_SECRET);
      } else if (f.path().startsWith("dpd.")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> dpd = new LinkedHashMap<>((Map<String, Object>) after.get("dpd"));
        dpd.put(f.path().substring(4), masked(f.after()));
        after.put("dpd", dpd);
      } else {
        after.put(f.path(), masked(f.after()));
      }
    }
    return diff("actual/" + c.label(), "desired/" + c.label(), before, after);
  }

  /** What a create's POST makes: the id the server chooses, then the body. */
  private static Map<String, Object> created(ConnectionChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", Changes.KNOWN_AFTER_APPLY);
    c.request().orElseThrow().fields().forEach((k, v) -> m.put(k, masked(v)));
    return m;
  }

  /** The old connection's values of the fields the replacement's POST sends, then the new ones. */
  private static List<String> replace(ConnectionChange c) {
    Map<String, Object> body = c.request().orElseThrow().fields();
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("id", c.id());
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("id", Changes.KNOWN_AFTER_APPLY);
    for (Map.Entry<String, Object> e : body.entrySet()) {
      Kind.CONNECTION
          .attribute(e.getKey())
          .ifPresent(
              a -> {
                Object old = c.actual().value(a).orElse(null);
                before.put(e.getKey(), a.sensitive() ? Secret.MASK : old);
              });
      boolean sensitiveChange =
          c.fields().stream().anyMatch(f -> f.sensitive() && f.path().equals(e.getKey()));
      after.put(e.getKey(), sensitiveChange ? CHANGED_SECRET : masked(e.getValue()));
    }
    return diff("actual/" + c.label(), "desired/" + c.label(), before, after);
  }

  private static Map<String, Object> identified(String id, Map<String, Object> fields) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.putAll(fields);
    return m;
  }

  /** A secret as the mask, a pending id as {@code (known after apply)}. */
  private static Object masked(Object v) {
    return Resources.shown(v);
  }

  /**
   * One IKE policy's, IPsec policy's, endpoint group's or VPN service's unified diff, named {@code
   * actual/ikepolicy.NAME} and {@code desired/ikepolicy.NAME}, the way a connection's is.
   */
  public static List<String> lines(ResourceChange c) {
    String name = Resources.dotted(c.kind(), c.label());
    return switch (c.action()) {
      case UPDATE -> {
        Map<String, Object> before = managedView(c);
        Map<String, Object> after = new LinkedHashMap<>(before);
        for (FieldChange f : c.fields()) {
          put(after, f.path(), f.sensitive() ? CHANGED_SECRET : masked(f.after()));
        }
        yield diff("actual/" + name, "desired/" + name, before, after);
      }
      case CREATE -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Changes.KNOWN_AFTER_APPLY);
        c.request().orElseThrow().fields().forEach((k, v) -> m.put(k, masked(v)));
        yield diff("/dev/null", "desired/" + name, Map.of(), m);
      }
      case DELETE ->
          diff(
              "actual/" + name,
              "/dev/null",
              identified(c.id(), Resources.live(c.actual())),
              Map.of());
      case REPLACE -> {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("id", c.id());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("id", Changes.KNOWN_AFTER_APPLY);
        for (Map.Entry<String, Object> e : c.request().orElseThrow().fields().entrySet()) {
          before.put(e.getKey(), masked(c.actual().values().get(e.getKey())));
          after.put(e.getKey(), masked(e.getValue()));
        }
        yield diff("actual/" + name, "desired/" + name, before, after);
      }
      case NO_OP -> List.of();
    };
  }

  /** The live resource's id, name and the attributes the configuration manages. */
  private static Map<String, Object> managedView(ResourceChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("name", c.actual().name());
    for (Attribute f : c.kind().sent()) {
      if (f.name().equals("name") || c.desired() == null || c.desired().value(f).isEmpty()) {
        continue;
      }
      m.put(f.name(), masked(c.actual().values().get(f.name())));
    }
    return m;
  }

  /** Sets key path {@code path} ({@code lifetime.value}) in {@code m}, copying what it changes. */
  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> m, String path, Object value) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      m.put(path, value);
      return;
    }
    String head = path.substring(0, dot);
    Map<String, Object> inner =
        m.get(head) instanceof Map<?, ?> old
            ? new LinkedHashMap<>((Map<String, Object>) old)
            : new LinkedHashMap<>();
    put(inner, path.substring(dot + 1), value);
    m.put(head, inner);
  }

  private static List<String> diff(
      String from, String to, Map<String, Object> before, Map<String, Object> after) {
    List<String> a = before.isEmpty() ? List.of() : yaml(before);
    List<String> b = after.isEmpty() ? List.of() : yaml(after);
    Patch<String> patch = DiffUtils.diff(a, b);
    return UnifiedDiffUtils.generateUnifiedDiff(from, to, a, patch, 3);
  }

  /** The actual connection's fields that the configuration manages, plus its identity. */
  private static Map<String, Object> managedView(ConnectionChange c, ActualConnection a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("name", a.name());
    for (Attribute f : Kind.CONNECTION.writable()) {
      if (f == ConnectionSchema.NAME
          || f.mutability() == Attribute.Mutability.CONFIG // never sent: not in the actual
          || c.desired().value(f).isEmpty()) {
        continue;
      }
      Object v = a.value(f).orElse(null);
      m.put(f.name(), v instanceof Secret ? Secret.MASK : v);
    }
    return m;
  }

  private static List<String> yaml(Map<String, Object> m) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    o.setIndicatorIndent(0);
    o.setWidth(Integer.MAX_VALUE);
    return new Yaml(o).dump(m).lines().toList();
  }
}
