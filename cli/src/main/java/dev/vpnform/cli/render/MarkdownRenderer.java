package dev.vpnform.cli.render;

import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.ConnectionResult;
import dev.vpnform.apply.Outcome;
import dev.vpnform.apply.ResourceResult;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.SourceLocation;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.ResourceChange;
import dev.vpnform.plan.Targeting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Plans and apply results as Markdown for a pull or merge request comment: a status line, a table
 * of the changed connections only (unchanged ones are counted), the diagnostics, the diff in a
 * collapsed {@code <details>}, and a hidden marker that CI can find its earlier comment by.
 */
public final class MarkdownRenderer {
  private MarkdownRenderer() {}

  static final List<String> PLAN_TABLE =
      List.of("| | connection | id | source | changes |", "|---|---|---|---|---|");
  static final List<String> APPLY_TABLE =
      List.of("| | connection | id | result |", "|---|---|---|---|");

  /** The tables of a plan that also changes what connections stand on: a row per resource. */
  static final List<String> GRAPH_PLAN_TABLE =
      List.of("| | resource | id | source | changes |", "|---|---|---|---|---|");

  static final List<String> GRAPH_APPLY_TABLE =
      List.of("| | resource | id | result |", "|---|---|---|---|");

  /** A plan report, whole. */
  public static String plan(Plan plan, ReportInfo info) {
    return planReport(plan, info).whole();
  }

  /** A plan report in parts of at most {@code maxBytes} UTF-8 bytes. */
  public static List<String> plan(Plan plan, ReportInfo info, int maxBytes) {
    return planReport(plan, info).split(maxBytes);
  }

  /** An apply report, whole; {@code result} is null when nothing was applied. */
  public static String apply(Plan plan, ApplyResult result, ReportInfo info) {
    return applyReport(plan, result, info).whole();
  }

  /** An apply report in parts of at most {@code maxBytes} UTF-8 bytes. */
  public static List<String> apply(Plan plan, ApplyResult result, ReportInfo info, int maxBytes) {
    return applyReport(plan, result, info).split(maxBytes);
  }

  /** One report for several projects: a summary table, then one section per project. */
  public static String projects(String kind, List<ProjectsView.Row> rows, List<String> keyParts) {
    return projectsReport(kind, rows, keyParts).whole();
  }

  /** The projects' report in parts of at most {@code maxBytes} UTF-8 bytes. */
  public static List<String> projects(
      String kind, List<ProjectsView.Row> rows, List<String> keyParts, int maxBytes) {
    return projectsReport(kind, rows, keyParts).split(maxBytes);
  }

  static MarkdownReport projectsReport(
      String kind, List<ProjectsView.Row> rows, List<String> keyParts) {
    List<String> summary = new ArrayList<>();
    summary.add("| project | result | add | change | destroy | unchanged | errors | warnings |");
    summary.add("|---|---|---|---|---|---|---|---|");
    List<MarkdownReport.Section> sections = new ArrayList<>();
    for (ProjectsView.Row r : rows) {
      Plan p = r.plan();
      summary.add(
          "| "
              + Markdown.cell(r.project().name())
              + " | "
              + (r.failed() ? "❌ " : p != null && p.hasChanges() ? "✏️ " : "✅ ")
              + r.result()
              + " | "
              + (p == null ? "-" : p.addCount())
              + " | "
              + (p == null ? "-" : p.changeCount())
              + " | "
              + (p == null ? "-" : p.destroyCount())
              + " | "
              + (p == null ? "-" : p.noOpCount())
              + " | "
              + (p == null ? "-" : p.errorCount())
              + " | "
              + (p == null ? "-" : p.warningCount())
              + " |");
      String heading = heading(r.project());
      ReportInfo info = new ReportInfo(p == null ? "" : p.source(), null, List.of());
      if (p == null) {
        sections.add(
            new MarkdownReport.Section(
                heading,
                List.of("❌ **Failed:** " + Markdown.code(r.failure() == null ? "" : r.failure())),
                PLAN_TABLE,
                List.of()));
      } else if (r.applied() != null || kind.equals("apply")) {
        sections.add(applySection(heading, p, r.applied(), info));
      } else {
        sections.add(planSection(heading, p, info));
      }
    }
    List<String> footer = List.of("<sub>vpnform " + Markdown.code(ReportInfo.version()) + "</sub>");
    return new MarkdownReport(
        kind, new ReportInfo("", null, keyParts).key(), summary, sections, footer);
  }

  private static String heading(dev.vpnform.config.ProjectsFile.Project p) {
    List<String> parts = new ArrayList<>();
    p.cloud().ifPresent(c -> parts.add("cloud " + Markdown.code(c)));
    p.region().ifPresent(r -> parts.add("region " + Markdown.code(r)));
    p.profile().ifPresent(r -> parts.add("profile " + Markdown.code(r.id())));
    return "project "
        + Markdown.code(p.name())
        + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
  }

  /** What the CLI says on stderr after writing the report's parts. */
  public static String written(List<String> files) {
    return "Wrote the Markdown report to " + String.join(", ", files) + ".";
  }

  static MarkdownReport planReport(Plan plan, ReportInfo info) {
    MarkdownReport.Section section = planSection(null, plan, info);
    return new MarkdownReport("plan", info.key(), List.of(), List.of(section), footer(plan, info));
  }

  /** One plan's section: its status, targeting, diagnostics and changed connections. */
  static MarkdownReport.Section planSection(String heading, Plan plan, ReportInfo info) {
    List<String> lead = new ArrayList<>();
    lead.add(planStatus(plan));
    if (plan.applicable()) {
      lead.add("");
      lead.add(TextRenderer.summary(plan));
    }
    targeting(plan, lead);
    diagnostics(plan.diagnostics(), lead);
    List<MarkdownReport.Entry> entries = new ArrayList<>();
    for (ResourceChange r : Resources.changing(plan)) {
      entries.add(new MarkdownReport.Entry(planRow(r), diff(r)));
    }
    for (ConnectionChange c : plan.changes()) {
      if (c.action().changes()) {
        entries.add(new MarkdownReport.Entry(planRow(c), diff(c)));
      }
    }
    return new MarkdownReport.Section(
        heading, lead, plan.resources().isEmpty() ? PLAN_TABLE : GRAPH_PLAN_TABLE, entries);
  }

  static MarkdownReport applyReport(Plan plan, ApplyResult result, ReportInfo info) {
    return new MarkdownReport(
        "apply",
        info.key(),
        List.of(),
        List.of(applySection(null, plan, result, info)),
        footer(plan, info));
  }

  static MarkdownReport.Section applySection(
      String heading, Plan plan, ApplyResult result, ReportInfo info) {
    List<String> lead = new ArrayList<>();
    lead.add(result == null ? planStatus(plan) : applyStatus(result));
    targeting(plan, lead);
    diagnostics(plan.diagnostics(), lead);
    List<MarkdownReport.Entry> entries = new ArrayList<>();
    for (ResourceResult r : result == null ? List.<ResourceResult>of() : result.resources()) {
      if (r.outcome() == Outcome.UNCHANGED) {
        continue;
      }
      Optional<ResourceChange> c = Resources.changeOf(plan, r);
      entries.add(new MarkdownReport.Entry(applyRow(r), c.map(x -> diff(x)).orElse(List.of())));
    }
    for (ConnectionResult r : result == null ? List.<ConnectionResult>of() : result.results()) {
      if (r.outcome() == Outcome.UNCHANGED) {
        continue;
      }
      Optional<ConnectionChange> c = Results.changeOf(plan, r);
      entries.add(new MarkdownReport.Entry(applyRow(r, c), c.map(x -> diff(x)).orElse(List.of())));
    }
    boolean graph =
        !plan.resources().isEmpty() || (result != null && !result.resources().isEmpty());
    return new MarkdownReport.Section(
        heading, lead, graph ? GRAPH_APPLY_TABLE : APPLY_TABLE, entries);
  }

  static String planStatus(Plan plan) {
    String status;
    if (!plan.applicable()) {
      status = "❌ **Plan failed:** " + DiagnosticRenderer.plural(plan.errorCount(), "error");
    } else if (!plan.hasChanges()) {
      status = "✅ **No changes.**";
    } else {
      List<String> counts = new ArrayList<>();
      if (plan.addCount() > 0) {
        counts.add(plan.addCount() + " to add");
      }
      if (plan.changeCount() > 0) {
        counts.add(plan.changeCount() + " to change");
      }
      if (plan.destroyCount() > 0) {
        counts.add(plan.destroyCount() + " to destroy");
      }
      status = "✏️ **" + String.join(", ", counts) + "**, " + plan.noOpCount() + " unchanged";
    }
    return status + warnings(plan.warningCount());
  }

  static String applyStatus(ApplyResult result) {
    long failed = result.countAll(Outcome.FAILED);
    String counts =
        Results.added(result)
            + " added, "
            + Results.changed(result)
            + " changed, "
            + Results.destroyed(result)
            + " destroyed, "
            + result.countAll(Outcome.UNCHANGED)
            + " unchanged";
    return failed == 0
        ? "✅ **Apply complete!** " + counts
        : "❌ **Apply finished with errors:** " + failed + " failed, " + counts;
  }

  private static String warnings(long n) {
    return n == 0 ? "" : " · ⚠️ " + DiagnosticRenderer.plural(n, "warning");
  }

  /** The targeting warning, also as a line of its own under the status. */
  private static void targeting(Plan plan, List<String> lead) {
    for (Diagnostic d : plan.diagnostics()) {
      if (d.rule().equals(Targeting.RULE) && !d.isError()) {
        lead.add("");
        lead.add("🎯 " + Markdown.code(d.message()));
      }
    }
  }

  /** Errors first, then warnings, each in source order; never folded away. */
  private static void diagnostics(List<Diagnostic> diagnostics, List<String> lead) {
    if (diagnostics.isEmpty()) {
      return;
    }
    lead.add("");
    lead.add("| severity | rule | connection | field | location | message |");
    lead.add("|---|---|---|---|---|---|");
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort(Comparator.comparing((Diagnostic d) -> !d.isError()));
    for (Diagnostic d : sorted) {
      lead.add(
          "| "
              + (d.isError() ? "❌ error" : "⚠️ warning")
              + " | "
              + Markdown.cell(d.rule())
              + " | "
              + optional(d.connection())
              + " | "
              + optional(d.field())
              + " | "
              + (d.location() == null ? "" : Markdown.cell(d.location().toString()))
              + " | "
              + Markdown.cell(
                  d.setting() == null
                      ? d.message()
                      : d.message() + " (" + DiagnosticRenderer.flag(d.setting()) + ")")
              + " |");
    }
  }

  private static String optional(String s) {
    return s == null ? "" : Markdown.cell(s);
  }

  private static String planRow(ConnectionChange c) {
    return planRow(
        c.action(), c.label(), c.id(), c.source(), c.fields(), c.request(), c.notes(), "");
  }

  /** One IKE policy's, IPsec policy's, endpoint group's or VPN service's plan row. */
  private static String planRow(ResourceChange c) {
    return planRow(
        c.action(),
        Resources.address(c),
        c.id(),
        c.source(),
        c.fields(),
        c.request(),
        c.notes(),
        c.createBeforeDestroy()
            ? "; created before the old one is deleted, connections repointed"
            : "");
  }

  /**
   * @param replaceOrder said after a replace's fields, when it is not the usual delete-then-create
   */
  private static String planRow(
      Action action,
      String label,
      String id,
      SourceLocation source,
      List<FieldChange> changed,
      Optional<dev.vpnform.plan.ApiRequest> request,
      List<dev.vpnform.model.Note> notes,
      String replaceOrder) {
    List<String> fields = new ArrayList<>();
    for (FieldChange f : changed) {
      fields.add(
          Markdown.cell(f.path())
              + (f.sensitive() ? " (sensitive)" : "")
              + (f.forcesReplacement() ? " (forces replacement)" : ""));
    }
    String changes =
        switch (action) {
          case DELETE ->
              "deleted: " + Markdown.cell(Changes.deletedByGraph(notes).orElse("state: absent"));
          case REPLACE -> {
            int kept = Changes.keptFields(request.orElseThrow(), changed).size();
            yield "replaced: "
                + String.join(", ", fields)
                + (kept == 0 ? "" : "; " + kept + " unchanged")
                + replaceOrder;
          }
          case CREATE -> "created: " + String.join(", ", fields);
          default -> String.join(", ", fields);
        };
    return "| "
        + Markdown.cell(action.symbol())
        + " | "
        + Markdown.cell(label)
        + " | "
        + (id == null ? "*" + Changes.KNOWN_AFTER_APPLY + "*" : Markdown.cell(shortId(id)))
        + " | "
        + Markdown.cell(where(source))
        + " | "
        + changes
        + " |";
  }

  /** One IKE policy's, IPsec policy's, endpoint group's or VPN service's apply row. */
  private static String applyRow(ResourceResult r) {
    StringBuilder result = new StringBuilder();
    boolean failed = r.outcome() == Outcome.FAILED;
    result.append(failed ? "❌ " : "✅ ").append(r.outcome().label());
    switch (r.outcome()) {
      case UPDATED -> {
        List<String> fields = new ArrayList<>();
        r.fields().forEach(f -> fields.add(Markdown.cell(f)));
        result.append(' ').append(String.join(", ", fields));
      }
      case REPLACED ->
          result
              .append(" (the old id was ")
              .append(r.replacedId() == null ? "*(not deleted)*" : Markdown.cell(r.replacedId()))
              .append(')');
      default -> {}
    }
    if (!failed) {
      result.append(" in ").append(r.elapsed().toMillis()).append(" ms");
    }
    if (r.message() != null) {
      result.append(failed ? ": " : "; ").append(Markdown.cell(r.message()));
    }
    return "| "
        + Markdown.cell(symbol(r.outcome()))
        + " | "
        + Markdown.cell(Resources.address(r.kind(), r.label()))
        + " | "
        + (r.id() == null ? "" : Markdown.cell(shortId(r.id())))
        + " | "
        + result
        + " |";
  }

  private static String symbol(Outcome o) {
    return switch (o) {
      case CREATED -> Action.CREATE.symbol();
      case UPDATED -> Action.UPDATE.symbol();
      case REPLACED -> Action.REPLACE.symbol();
      case DELETED -> Action.DELETE.symbol();
      case UNCHANGED, FAILED -> "!";
    };
  }

  private static String applyRow(ConnectionResult r, Optional<ConnectionChange> c) {
    StringBuilder result = new StringBuilder();
    boolean failed = r.outcome() == Outcome.FAILED || r.outcome() == Outcome.UNCHANGED;
    result.append(failed ? "❌ " : "✅ ").append(r.outcome().label());
    switch (r.outcome()) {
      case UPDATED -> {
        List<String> fields = new ArrayList<>();
        r.fields().forEach(f -> fields.add(Markdown.cell(f)));
        result.append(' ').append(String.join(", ", fields));
      }
      case REPLACED ->
          result.append(" (the old id was ").append(Markdown.cell(r.replacedId())).append(')');
      default -> {}
    }
    if (!failed) {
      result.append(" in ").append(r.elapsed().toMillis()).append(" ms");
      if (r.status() != null) {
        result.append("; status ").append(Markdown.cell(r.status()));
      }
    }
    if (r.message() != null) {
      result.append(failed ? ": " : "; ").append(Markdown.cell(r.message()));
    }
    for (String w : r.warnings()) {
      result.append(" · ⚠️ ").append(Markdown.cell(w));
    }
    String symbol = symbol(r.outcome());
    return "| "
        + Markdown.cell(symbol)
        + " | "
        + Markdown.cell(r.label())
        + " | "
        + (r.id() == null ? "" : Markdown.cell(shortId(r.id())))
        + " | "
        + result
        + " |";
  }

  /** The diff of one connection, then its notes as diff comments. */
  private static List<String> diff(ConnectionChange c) {
    List<String> lines = new ArrayList<>(DiffRenderer.lines(c));
    for (String note : Notes.texts(c.notes())) {
      lines.add("# " + Markdown.oneLine(note));
    }
    return lines;
  }

  /** The diff of one resource, then how its replace proceeds and its notes, as diff comments. */
  private static List<String> diff(ResourceChange c) {
    List<String> lines = new ArrayList<>(DiffRenderer.lines(c));
    Resources.replaceOrder(c).ifPresent(o -> lines.add("# " + o));
    for (String note : Notes.texts(c.notes())) {
      lines.add("# " + Markdown.oneLine(note));
    }
    return lines;
  }

  private static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }

  private static String where(SourceLocation s) {
    return s.line() == 0 ? s.file() : s.file() + ":" + s.line();
  }

  private static List<String> footer(Plan plan, ReportInfo info) {
    StringBuilder sb = new StringBuilder("<sub>vpnform ");
    sb.append(Markdown.code(ReportInfo.version()));
    sb.append(" · profile ").append(Markdown.code(plan.profile().id()));
    sb.append(" · against ").append(Markdown.code(info.endpoint()));
    if (info.savedPlan() != null) {
      sb.append(" · saved plan ").append(Markdown.code(info.savedPlan()));
    }
    return List.of(sb.append("</sub>").toString());
  }
}
