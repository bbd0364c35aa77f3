package dev.vpnform.cli.render;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
import dev.vpnform.plan.FieldChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every format says about the lifecycle actions, worded once. */
final class Changes {
  private Changes() {}

  /** A create's id, and a replacement's new one: the server chooses it. */
  static final String KNOWN_AFTER_APPLY = "(known after apply)";

  /** Why a connection is deleted. */
  static final String DELETED_BECAUSE = "state: absent in the configuration";

  /**
   * Why the plan deletes something no file says {@code state: absent} of (a connection an exclusive
   * VPN service prunes): the graph's note, when there is one.
   */
  static java.util.Optional<String> deletedByGraph(List<dev.vpnform.model.Note> notes) {
    return notes.stream()
        .filter(n -> n.kind() == dev.vpnform.model.Note.Kind.GRAPH)
        .map(dev.vpnform.model.Note::detail)
        .findFirst();
  }

  /** A {@code state: absent} entry whose connection does not exist. */
  static final String ALREADY_ABSENT =
      "state: absent, and there is no such connection: nothing to delete";

  /**
   * The fields of a replacement's POST that the plan does not change: the new resource takes them
   * over from the old one.
   */
  static List<String> keptFields(dev.vpnform.plan.ApiRequest post, List<FieldChange> changed) {
    List<String> kept = new ArrayList<>();
    for (String key : post.fields().keySet()) {
      if (changed.stream().noneMatch(f -> touches(f, key))) {
        kept.add(key);
      }
    }
    return kept;
  }

  private static boolean touches(FieldChange f, String key) {
    return f.path().equals(key) || f.path().startsWith(key + ".");
  }

  /**
   * The live connection's fields that a request may carry, in plan order, with a psk as the mask
   * and without empty lists: what a delete removes.
   */
  static Map<String, Object> live(ActualConnection a) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Attribute f : Kind.CONNECTION.sent()) {
      Object v = a.value(f).orElse(null);
      if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
        m.put(f.name(), v instanceof Secret || f.sensitive() ? Secret.MASK : v);
      }
    }
    return m;
  }
}
