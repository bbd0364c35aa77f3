package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.Events;
import dev.vpnform.cli.render.Format;
import dev.vpnform.cli.render.JsonRenderer;
import dev.vpnform.cli.render.MarkdownRenderer;
import dev.vpnform.cli.render.PlanRenderer;
import dev.vpnform.cli.render.PlanView;
import dev.vpnform.cli.render.ProjectsView;
import dev.vpnform.cli.render.ReportInfo;
import dev.vpnform.config.ConfigException;
import dev.vpnform.config.ProjectsFile;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.NetworkingClient;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.Targeting;
import dev.vpnform.plan.TargetingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vpnform plan}: shows what apply would change. */
@Command(
    name = "plan",
    description = "Compare the configuration with the actual connections and show the changes.",
    mixinStandardHelpOptions = true)
public final class PlanCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Mixin
  FormatOption format = new FormatOption(Format.text, Format.json, Format.diff, Format.markdown);

  @Mixin MarkdownOptions markdown;

  @Mixin TargetOptions target;

  @Mixin ProjectOptions projects;

  @Mixin EventsOption events;

  @Option(
      names = "--actual-file",
      paramLabel = "FILE",
      description = "Plan offline against a Networking API JSON body (GET or list).")
  Path actualFile;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Save the plan for 'vpnform apply FILE' (mode 0600, never holds a psk).")
  Path out;

  @Option(
      names = "--detailed-exitcode",
      description = "Exit 2 when there are changes, 0 when there are none, 1 on errors.")
  boolean detailedExitcode;

  @Option(
      names = "--rotate-psk",
      description = "Send managed psks that cannot be compared (huaweicloud, H12).")
  boolean rotatePsk;

  @Mixin DebugOption debug;

  @Mixin CloudMixin cloud;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths = new ArrayList<>();

  private final Context ctx;

  public PlanCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws VpnformException {
    events.open();
    try {
      return execute();
    } finally {
      events.close();
    }
  }

  private int execute() throws VpnformException {
    Optional<List<ProjectsFile.Project>> selected;
    Targeting targeting;
    try {
      selected = projects.select(!paths.isEmpty());
      targeting = target.targeting();
    } catch (ConfigException e) {
      return failed(e.diagnostics());
    } catch (TargetingException e) {
      return failed(e.diagnostics());
    }
    if (selected.isEmpty()) {
      Plan plan = planOne(null, paths, targeting, true);
      writeMarkdown(plan);
      return exit(plan);
    }
    List<ProjectsFile.Project> list = selected.get();
    if (cloud.anyGiven() || actualFile != null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--os-* options and --actual-file cannot be combined with projects: each project names"
              + " its cloud in "
              + ProjectsFile.NAME);
    }
    if (out != null && list.size() != 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "-o saves one plan: select one project with --project");
    }
    boolean oneDocument = format.get() == Format.json || format.get() == Format.markdown;
    List<ProjectsView.Row> rows = new ArrayList<>();
    for (ProjectsFile.Project p : list) {
      (oneDocument ? ctx.err() : ctx.out()).println(ProjectsView.header(p));
      (oneDocument ? ctx.err() : ctx.out()).flush();
      events.emit(Events.project(p.name(), p.cloud().orElse(null), p.region().orElse(null)));
      try {
        Plan plan = planOne(p, p.paths(), targeting, !oneDocument);
        rows.add(new ProjectsView.Row(p, plan, null, null, result(plan)));
      } catch (VpnformException e) {
        ctx.err().println("vpnform: " + e.getMessage());
        rows.add(new ProjectsView.Row(p, null, null, e.getMessage(), "failed"));
      }
      if (!oneDocument) {
        ctx.out().println();
      }
    }
    List<String> key = projectKey(list);
    switch (format.get()) {
      case json -> ctx.out().println(JsonRenderer.projects(rows));
      case markdown -> ctx.out().print(MarkdownRenderer.projects("plan", rows, key));
      default -> ctx.out().print(ProjectsView.summary(rows));
    }
    ctx.out().flush();
    if (markdown.wanted()) {
      markdown.write(max -> MarkdownRenderer.projects("plan", rows, key, max), ctx);
    }
    if (rows.stream().anyMatch(r -> r.result().equals("failed"))) {
      return ExitCode.ERROR;
    }
    boolean changes = rows.stream().anyMatch(r -> r.plan().hasChanges());
    return changes && detailedExitcode ? ExitCode.CHANGES : ExitCode.OK;
  }

  /**
   * Loads, selects, plans and (when {@code print}) renders one set of paths; a configuration that
   * does not load gives a plan that holds only its diagnostics.
   */
  private Plan planOne(
      ProjectsFile.Project project, List<Path> in, Targeting targeting, boolean print)
      throws VpnformException {
    Optional<Profile> prof = profile.get();
    if (prof.isEmpty() && project != null) {
      prof = project.profile();
    }
    Reconciler reconciler = Commands.reconciler(ctx, prof, rotatePsk);
    DesiredState desired;
    Targeting.Selected selection;
    try {
      desired = reconciler.load(in);
      selection = targeting.select(desired);
    } catch (ConfigException e) {
      return failedPlan(prof, e.diagnostics(), print);
    } catch (TargetingException e) {
      return failedPlan(prof, e.diagnostics(), print);
    }
    Plan plan;
    String where;
    if (actualFile != null) {
      List<ActualConnection> actual = Reconciler.readActualFile(actualFile);
      where = actualFile.toString();
      plan = reconciler.plan(selection.desired(), actual, where);
    } else {
      try (NetworkingClient client =
          project == null
              ? cloud.connect(ctx, debug.on())
              : cloud.connect(ctx, debug.on(), project.cloud(), project.region())) {
        plan = reconciler.plan(selection.desired(), client);
      }
    }
    plan = selection.complete(plan, reconciler.validate(desired));
    events.emit(Events.plan(plan));
    if (print) {
      if (format.get() == Format.markdown) {
        PlanRenderer.printMarkdown(plan, info(plan.source()), ctx);
      } else {
        PlanRenderer.print(plan, format.get(), ctx);
      }
    }
    if (plan.applicable() && out != null) {
      reconciler.savePlan(plan, out);
      if (format.get() != Format.json) {
        ctx.err().println(PlanView.saved(out.toString()));
      }
    }
    return plan;
  }

  private Plan failedPlan(Optional<Profile> prof, List<Diagnostic> diagnostics, boolean print) {
    Plan failed =
        new Plan(prof.orElse(Profile.OPENSTACK), notContacted(), rotatePsk, List.of(), diagnostics);
    events.emit(Events.plan(failed));
    if (print) {
      if (format.get() == Format.markdown) {
        PlanRenderer.printMarkdown(failed, info(failed.source()), ctx);
      } else {
        PlanRenderer.printFailure(prof, diagnostics, format.get(), ctx);
      }
    }
    return failed;
  }

  /** Problems with the command line's own inputs: the projects file, the selectors. */
  private int failed(List<Diagnostic> diagnostics) throws VpnformException {
    Plan plan = failedPlan(profile.get(), diagnostics, true);
    writeMarkdown(plan);
    return ExitCode.ERROR;
  }

  private String notContacted() {
    return actualFile != null ? actualFile.toString() : "(not contacted)";
  }

  private int exit(Plan plan) {
    if (!plan.applicable()) {
      return ExitCode.ERROR;
    }
    return plan.hasChanges() && detailedExitcode ? ExitCode.CHANGES : ExitCode.OK;
  }

  static String result(Plan plan) {
    return !plan.applicable() ? "failed" : plan.hasChanges() ? "changes" : "no changes";
  }

  private void writeMarkdown(Plan plan) throws VpnformException {
    if (markdown.wanted()) {
      ReportInfo info = info(plan.source());
      markdown.write(max -> MarkdownRenderer.plan(plan, info, max), ctx);
    }
  }

  private ReportInfo info(String where) {
    List<String> key = new ArrayList<>(cloud.named(ctx));
    paths.forEach(p -> key.add(p.toString()));
    String saved = out != null ? out.toString() : null;
    return new ReportInfo(where, saved, key);
  }

  static List<String> projectKey(List<ProjectsFile.Project> list) {
    List<String> key = new ArrayList<>();
    list.forEach(p -> key.add(p.name()));
    return key;
  }
}
