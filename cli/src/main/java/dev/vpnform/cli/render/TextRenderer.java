package dev.vpnform.cli.render;

import dev.vpnform.model.Note;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SourceLocation;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.ApiRequest;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan as text, in Terraform's manner: {@code +} create, {@code ~} update in place, {@code -/+}
 * replace (delete, then create), {@code -} delete; {@code # forces replacement} on the field that
 * forces a replace, {@code (known after apply)} for an id the server will choose, and Terraform's
 * summary line.
 */
public final class TextRenderer {
  private TextRenderer() {}

  /** Where the field lines of a connection start. */
  private static final String FIELD = "      ";

  public static String render(Plan plan) {
    StringBuilder sb = new StringBuilder();
    if (plan.hasChanges()) {
      sb.append("vpnform will ")
          .append(actions(plan))
          .append(" (profile ")
          .append(plan.profile().id())
          .append("):\n");
      for (ResourceChange r : plan.resources()) {
        if (r.action().changes()) {
          sb.append('\n');
          entry(r, sb);
        }
      }
      for (ConnectionChange c : plan.changes()) {
        if (c.action().changes()) {
          sb.append('\n');
          entry(c, sb);
        }
      }
      sb.append('\n');
    }
    boolean notes = false;
    for (ResourceChange r : plan.resources()) {
      if (r.action() == Action.NO_OP && r.actual() == null) {
        sb.append("  = ").append(Resources.address(r)).append("  ").append(r.source()).append('\n');
        sb.append(FIELD).append("# ").append(Resources.alreadyAbsent(r.kind())).append('\n');
        notes = true;
      } else if (r.action() == Action.NO_OP && !r.notes().isEmpty()) {
        sb.append("  = ").append(Resources.address(r)).append(" (").append(r.id()).append(")\n");
        for (String note : Notes.texts(r.notes())) {
          sb.append(FIELD).append("# ").append(note).append('\n');
        }
        notes = true;
      }
    }
    for (ConnectionChange c : plan.changes()) {
      if (c.action() == Action.NO_OP && c.actual() == null) {
        sb.append("  = ").append(c.label()).append("  ").append(c.source()).append('\n');
        sb.append(FIELD).append("# ").append(Changes.ALREADY_ABSENT).append('\n');
        notes = true;
      } else if (c.action() == Action.NO_OP && !c.notes().isEmpty()) {
        sb.append("  = ").append(c.label()).append(" (").append(c.id()).append(")\n");
        for (String note : Notes.texts(c.notes())) {
          sb.append(FIELD).append("# ").append(note).append('\n');
        }
        notes = true;
      }
    }
    if (notes) {
      sb.append('\n');
    }
    if (!plan.diagnostics().isEmpty()) {
      for (dev.vpnform.model.Diagnostic d : plan.diagnostics()) {
        sb.append(DiagnosticRenderer.line(d)).append('\n');
      }
      sb.append('\n');
    }
    if (!plan.applicable()) {
      sb.append("Error: the plan has ")
          .append(DiagnosticRenderer.plural(plan.errorCount(), "error"))
          .append(" and cannot be applied.\n");
    }
    if (!plan.hasChanges() && !plan.applicable()) {
      return sb.toString();
    }
    return sb.append(summary(plan)).append('\n').toString();
  }

  /**
   * What the plan does, e.g. {@code update 2 IPsec site connections in place} or {@code create 1
   * IPsec site connection, replace 1 and delete 2}: the actions in Terraform's order, the noun
   * after the first. A plan that also changes the resources connections stand on counts resources.
   */
  static String actions(Plan plan) {
    String noun = plan.resources().isEmpty() ? "IPsec site connection" : "resource";
    List<String> parts = new ArrayList<>();
    for (Action a : List.of(Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE)) {
      long n = plan.count(a);
      if (n == 0) {
        continue;
      }
      String part = a.label() + " " + (parts.isEmpty() ? DiagnosticRenderer.plural(n, noun) : n);
      parts.add(a == Action.UPDATE ? part + " in place" : part);
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }

  /** One changed connection: its header line, then a line per field and per note. */
  private static void entry(ConnectionChange c, StringBuilder sb) {
    entry(
        new Entry(
            c.label(),
            c.id(),
            c.source(),
            c.action(),
            c.fields(),
            c.request(),
            c.action() == Action.DELETE ? Changes.live(c.actual()) : Map.of(),
            c.notes(),
            Optional.empty()),
        sb);
  }

  /**
   * One changed IKE policy, IPsec policy, endpoint group or VPN service: Terraform's comment line
   * ({@code # ikepolicy "ike-aes256" will be created}), then as a connection's entry.
   */
  private static void entry(ResourceChange c, StringBuilder sb) {
    sb.append("  # ").append(Resources.heading(c)).append('\n');
    entry(
        new Entry(
            Resources.address(c),
            c.id(),
            c.source(),
            c.action(),
            c.fields(),
            c.request(),
            c.action() == Action.DELETE ? Resources.live(c.actual()) : Map.of(),
            c.notes(),
            Resources.replaceOrder(c)),
        sb);
  }

  /**
   * What an entry shows, whatever it changes.
   *
   * @param live what a delete removes
   * @param replaceOrder how a replace proceeds, when it is not the usual delete-then-create
   */
  private record Entry(
      String label,
      String id,
      SourceLocation source,
      Action action,
      List<FieldChange> fields,
      Optional<ApiRequest> request,
      Map<String, Object> live,
      List<Note> notes,
      Optional<String> replaceOrder) {}

  /** The header line, then a line per field and per note. */
  private static void entry(Entry e, StringBuilder sb) {
    String symbol = e.action().symbol();
    sb.append(" ".repeat(3 - symbol.length())).append(symbol).append(' ').append(e.label());
    if (e.id() != null) {
      sb.append(" (").append(e.id()).append(')');
    }
    sb.append("  ").append(e.source()).append('\n');
    switch (e.action()) {
      case CREATE -> {
        field(sb, "+", "id", Changes.KNOWN_AFTER_APPLY);
        for (FieldChange f : e.fields()) {
          if (f.sensitive()) {
            field(sb, "+", f.path(), Secret.MASK);
          } else {
            flat(f.path(), f.after(), (path, v) -> field(sb, "+", path, Values.show(v)));
          }
        }
      }
      case UPDATE -> e.fields().forEach(f -> change(sb, f));
      case REPLACE -> {
        field(sb, "~", "id", Values.show(e.id()) + " -> " + Changes.KNOWN_AFTER_APPLY);
        e.fields().forEach(f -> change(sb, f));
        int kept = Changes.keptFields(e.request().orElseThrow(), e.fields()).size();
        if (kept > 0) {
          sb.append(FIELD)
              .append("# (")
              .append(DiagnosticRenderer.plural(kept, "unchanged field"))
              .append(" hidden)\n");
        }
        e.replaceOrder().ifPresent(o -> sb.append(FIELD).append("# ").append(o).append('\n'));
      }
      case DELETE -> {
        e.live()
            .forEach(
                (k, v) -> {
                  if (!k.equals("name")) {
                    flat(
                        k,
                        v,
                        (path, x) ->
                            field(sb, "-", path, x == Secret.MASK ? Secret.MASK : Values.show(x)));
                  }
                });
        if (Changes.deletedByGraph(e.notes()).isEmpty()) { // else its note says why
          sb.append(FIELD).append("# ").append(Changes.DELETED_BECAUSE).append('\n');
        }
      }
      case NO_OP -> throw new IllegalStateException("a no-op is not an entry");
    }
    for (String note : Notes.texts(e.notes())) {
      sb.append(FIELD).append("# ").append(note).append('\n');
    }
  }

  /** {@code ~ mtu: 1400 -> 1500}, with {@code # forces replacement} when it does. */
  private static void change(StringBuilder sb, FieldChange f) {
    String value =
        f.sensitive() ? Secret.MASK : Values.show(f.before()) + " -> " + Values.show(f.after());
    field(sb, "~", f.path(), value + (f.forcesReplacement() ? "  # forces replacement" : ""));
  }

  private static void field(StringBuilder sb, String mark, String path, String value) {
    sb.append(FIELD).append(mark).append(' ').append(path).append(": ").append(value).append('\n');
  }

  /** A value as key paths: an object such as dpd becomes {@code dpd.action}, ... */
  static void flat(String path, Object value, java.util.function.BiConsumer<String, Object> out) {
    if (value instanceof Map<?, ?> m && !m.isEmpty()) {
      m.forEach((k, v) -> flat(path + "." + k, v, out));
    } else {
      out.accept(path, value);
    }
  }

  /**
   * The last line: {@code Plan: 1 to add, 2 to change, 0 to destroy.} (Terraform's counts: a
   * replace is one add and one destroy), or {@code No changes. ...}.
   */
  public static String summary(Plan plan) {
    StringBuilder sb = new StringBuilder();
    if (!plan.hasChanges()) {
      boolean graph = !plan.resources().isEmpty();
      sb.append(
          graph
              ? "No changes. The VPN resources match the configuration"
              : "No changes. The IPsec site connections match the configuration");
      sb.append(
          plan.noOpCount() > 0
              ? " ("
                  + DiagnosticRenderer.plural(plan.noOpCount(), graph ? "resource" : "connection")
                  + " checked)."
              : ".");
    } else {
      sb.append(plan.summary());
      if (plan.noOpCount() > 0) {
        sb.append(" ").append(plan.noOpCount()).append(" unchanged.");
      }
    }
    return sb.toString();
  }
}
