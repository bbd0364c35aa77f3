package dev.vpnform.cli.render;

import dev.vpnform.cli.Context;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.plan.Plan;
import java.util.List;
import java.util.Optional;

/** Prints a plan in the format asked for: what plan, apply and show share. */
public final class PlanRenderer {
  private PlanRenderer() {}

  public static void print(Plan plan, Format format, Context ctx) {
    switch (format) {
      case json -> ctx.out().println(JsonRenderer.plan(plan));
      case diff -> {
        ctx.out().print(DiffRenderer.render(plan));
        DiagnosticRenderer.print(plan.diagnostics(), ctx.err());
      }
      case text -> ctx.out().print(TextRenderer.render(plan));
      case markdown -> throw new IllegalArgumentException("markdown needs a ReportInfo");
    }
    ctx.out().flush();
  }

  /** The whole Markdown report on stdout. */
  public static void printMarkdown(Plan plan, ReportInfo info, Context ctx) {
    ctx.out().print(MarkdownRenderer.plan(plan, info));
    ctx.out().flush();
  }

  /**
   * The configuration could not be loaded: JSON still gets a plan document (with the diagnostics
   * and no changes); the other formats get the diagnostics on stderr.
   */
  public static void printFailure(
      Optional<Profile> profile, List<Diagnostic> diagnostics, Format format, Context ctx) {
    if (format == Format.json) {
      print(
          new Plan(profile.orElse(Profile.OPENSTACK), "", false, List.of(), diagnostics),
          format,
          ctx);
    } else {
      DiagnosticRenderer.print(diagnostics, ctx.err());
      ctx.err().println(DiagnosticRenderer.summary(diagnostics));
    }
  }
}
