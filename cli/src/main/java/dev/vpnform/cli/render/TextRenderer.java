package dev.vpnform.cli.render;

import dev.vpnform.model.Secret;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;

/** A plan as text, in Terraform's manner. */
public final class TextRenderer {
  private TextRenderer() {}

  public static String render(Plan plan) {
    StringBuilder sb = new StringBuilder();
    long updates = plan.updateCount();
    if (updates > 0) {
      sb.append("vpnform will update ")
          .append(DiagnosticRenderer.plural(updates, "IPsec site connection"))
          .append(" in place (profile ")
          .append(plan.profile().id())
          .append("):\n");
      for (ConnectionChange c : plan.changes()) {
        if (c.action() != Action.UPDATE) {
          continue;
        }
        sb.append("\n  ~ ")
            .append(c.label())
            .append(" (")
            .append(c.id())
            .append(")  ")
            .append(c.source())
            .append('\n');
        for (FieldChange f : c.fields()) {
          sb.append("      ~ ").append(f.path()).append(": ");
          if (f.sensitive()) {
            sb.append(Secret.MASK);
          } else {
            sb.append(Values.show(f.before())).append(" -> ").append(Values.show(f.after()));
          }
          sb.append('\n');
        }
        for (String note : Notes.texts(c.notes())) {
          sb.append("      # ").append(note).append('\n');
        }
      }
      sb.append('\n');
    }
    boolean notes = false;
    for (ConnectionChange c : plan.changes()) {
      if (c.action() == Action.NO_OP && !c.notes().isEmpty()) {
        sb.append("  = ").append(c.label()).append(" (").append(c.id()).append(")\n");
        for (String note : Notes.texts(c.notes())) {
          sb.append("      # ").append(note).append('\n');
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
    if (updates == 0 && !plan.applicable()) {
      return sb.toString();
    }
    return sb.append(summary(plan)).append('\n').toString();
  }

  /**
   * The last line: {@code Plan: 0 to add, 2 to change, 0 to destroy.} or {@code No changes. ...}
   */
  public static String summary(Plan plan) {
    long updates = plan.updateCount();
    StringBuilder sb = new StringBuilder();
    if (updates == 0) {
      sb.append("No changes. The IPsec site connections match the configuration");
      sb.append(
          plan.noOpCount() > 0
              ? " (" + DiagnosticRenderer.plural(plan.noOpCount(), "connection") + " checked)."
              : ".");
    } else {
      sb.append("Plan: 0 to add, ").append(updates).append(" to change, 0 to destroy.");
      if (plan.noOpCount() > 0) {
        sb.append(" ").append(plan.noOpCount()).append(" unchanged.");
      }
    }
    return sb.toString();
  }
}
