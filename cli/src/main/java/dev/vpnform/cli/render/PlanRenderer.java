package dev.vpnform.cli.render;

import dev.vpnform.cli.Context;
import dev.vpnform.plan.Plan;

/** Prints a plan in the format asked for: what plan, apply and show share. */
public final class PlanRenderer {
  private PlanRenderer() {}

  /** Output formats of a plan. */
  public enum Format {
    text,
    json,
    diff
  }

  public static void print(Plan plan, Format format, Context ctx) {
    switch (format) {
      case json -> ctx.out().println(JsonRenderer.plan(plan));
      case diff -> {
        ctx.out().print(DiffRenderer.render(plan));
        DiagnosticRenderer.print(plan.diagnostics(), ctx.err());
      }
      case text -> ctx.out().print(TextRenderer.render(plan));
    }
    ctx.out().flush();
  }
}
