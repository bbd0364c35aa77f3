package dev.vpnform.cli.render;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
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
    for (ConnectionChange c : plan.changes()) {
      lines(c).forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  /** One connection's unified diff; none unless it is an update. */
  public static List<String> lines(ConnectionChange c) {
    if (c.action() != Action.UPDATE) {
      return List.of();
    }
    Map<String, Object> before = managedView(c, c.actual());
    Map<String, Object> after = new LinkedHashMap<>(before);
    for (FieldChange f : c.fields()) {
      if (f.sensitive()) {
        after.put(f.path(), CHANGED_SECRET);
      } else if (f.path().startsWith("dpd.")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> dpd = new LinkedHashMap<>((Map<String, Object>) after.get("dpd"));
        dpd.put(f.path().substring(4), f.after());
        after.put("dpd", dpd);
      } else {
        after.put(f.path(), f.after());
      }
    }
    List<String> a = yaml(before);
    List<String> b = yaml(after);
    Patch<String> patch = DiffUtils.diff(a, b);
    return UnifiedDiffUtils.generateUnifiedDiff(
        "actual/" + c.label(), "desired/" + c.label(), a, patch, 3);
  }

  /** The actual connection's fields that the configuration manages, plus its identity. */
  private static Map<String, Object> managedView(ConnectionChange c, ActualConnection a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("name", a.name());
    for (Attribute f : Kind.CONNECTION.writable()) {
      if (f == ConnectionSchema.NAME || c.desired().value(f).isEmpty()) {
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
