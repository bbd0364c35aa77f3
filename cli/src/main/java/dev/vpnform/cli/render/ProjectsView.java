package dev.vpnform.cli.render;

import dev.vpnform.config.ProjectsFile;
import dev.vpnform.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/** What a run over several projects says: a header per project, then a summary table. */
public final class ProjectsView {
  private ProjectsView() {}

  /**
   * One project's outcome.
   *
   * @param plan null when the project failed before it had a plan
   * @param failure why it failed, or null
   * @param applied what apply did, or null when it did not run
   * @param result no changes, changes, applied, failed
   */
  public record Row(
      ProjectsFile.Project project,
      Plan plan,
      dev.vpnform.apply.ApplyResult applied,
      String failure,
      String result) {
    boolean failed() {
      return result.equals("failed");
    }
  }

  /** One line per project: name, where, paths. */
  public static String list(List<ProjectsFile.Project> projects) {
    StringBuilder sb = new StringBuilder();
    for (ProjectsFile.Project p : projects) {
      sb.append(p.name())
          .append(where(p))
          .append(": ")
          .append(String.join(", ", p.paths().stream().map(Object::toString).toList()))
          .append('\n');
    }
    return sb.toString();
  }

  /** e.g. {@code == project prod-fra1 (cloud prod, region fra1) ==}. */
  public static String header(ProjectsFile.Project p) {
    return "== project " + p.name() + where(p) + " ==";
  }

  static String where(ProjectsFile.Project p) {
    List<String> parts = new ArrayList<>();
    p.cloud().ifPresent(c -> parts.add("cloud " + c));
    p.region().ifPresent(r -> parts.add("region " + r));
    p.profile().ifPresent(r -> parts.add("profile " + r.id()));
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  /** The summary table, after every project's output. */
  public static String summary(List<Row> rows) {
    long failed = rows.stream().filter(Row::failed).count();
    long changes = rows.stream().filter(r -> r.plan() != null && r.plan().hasChanges()).count();
    StringBuilder sb = new StringBuilder();
    sb.append("\n== summary: ")
        .append(DiagnosticRenderer.plural(rows.size(), "project"))
        .append(", ")
        .append(changes)
        .append(" with changes, ")
        .append(failed)
        .append(" failed ==\n");
    List<String[]> table = new ArrayList<>();
    table.add(
        new String[] {
          "project", "result", "add", "change", "destroy", "unchanged", "errors", "warnings"
        });
    for (Row r : rows) {
      Plan p = r.plan();
      table.add(
          new String[] {
            r.project().name(),
            r.result(),
            p == null ? "-" : String.valueOf(p.addCount()),
            p == null ? "-" : String.valueOf(p.changeCount()),
            p == null ? "-" : String.valueOf(p.destroyCount()),
            p == null ? "-" : String.valueOf(p.noOpCount()),
            p == null ? "-" : String.valueOf(p.errorCount()),
            p == null ? "-" : String.valueOf(p.warningCount())
          });
    }
    int[] width = new int[table.get(0).length];
    for (String[] row : table) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : table) {
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < row.length; i++) {
        line.append(' ').append(row[i]).append(" ".repeat(width[i] - row[i].length() + 1));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
