package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.apply.ApplyOptions;
import dev.vpnform.apply.ApplyResult;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.ApplyView;
import dev.vpnform.cli.render.DiagnosticRenderer;
import dev.vpnform.cli.render.Events;
import dev.vpnform.cli.render.Format;
import dev.vpnform.cli.render.MarkdownRenderer;
import dev.vpnform.cli.render.PlanRenderer;
import dev.vpnform.cli.render.ProjectsView;
import dev.vpnform.cli.render.ReportInfo;
import dev.vpnform.config.ConfigException;
import dev.vpnform.config.ProjectsFile;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.NetworkingClient;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.PlanFile;
import dev.vpnform.plan.Targeting;
import dev.vpnform.plan.TargetingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vpnform apply}: plans, shows the plan, asks for {@code yes}, then applies. Given a saved
 * plan file it applies that plan without asking: it was reviewed when it was saved.
 */
@Command(
    name = "apply",
    description =
        "Apply the changes: 'apply PATH...' plans and asks; 'apply FILE' applies a saved plan.",
    mixinStandardHelpOptions = true)
public final class ApplyCommand implements Callable<Integer> {
  @Option(names = "--auto-approve", description = "Do not ask for 'yes'.")
  boolean autoApprove;

  @Mixin ProfileOption profile;

  @Option(names = "--rotate-psk", description = "Send managed psks that cannot be compared (H12).")
  boolean rotatePsk;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Connections updated at once (default: ${DEFAULT-VALUE}).")
  int parallelism = 10;

  @Option(
      names = "--wait-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long to wait for a PENDING_* status to settle, e.g. 90s or 5m (default: 5m).")
  Duration waitTimeout = Duration.ofMinutes(5);

  @Mixin FormatOption format = new FormatOption(Format.text, Format.markdown);

  @Mixin MarkdownOptions markdown;

  @Mixin TargetOptions target;

  @Mixin ProjectOptions projects;

  @Mixin EventsOption events;

  @Mixin DebugOption debug;

  @Mixin CloudMixin cloud;

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description = "Configuration files or directories, or one saved plan.")
  List<Path> paths = new ArrayList<>();

  private final Context ctx;

  public ApplyCommand(Context ctx) {
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
    if (parallelism < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--parallelism must be at least 1");
    }
    boolean report = format.get() == Format.markdown;
    boolean savedPlan = paths.size() == 1 && Reconciler.isSavedPlan(paths.get(0));
    if (report && !savedPlan && !autoApprove) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--format markdown needs --auto-approve or a saved plan: a report cannot ask for 'yes'");
    }
    if (savedPlan && target.given()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--target and --exclude apply when planning: a saved plan was targeted when it was made");
    }
    // With a report on stdout, the progress goes to stderr.
    PrintWriter log = report ? ctx.err() : ctx.out();
    Optional<List<ProjectsFile.Project>> selected;
    Targeting targeting;
    try {
      selected =
          savedPlan && !projects.given()
              ? Optional.empty()
              : projects.select(!paths.isEmpty() && !savedPlan);
      targeting = target.targeting();
    } catch (ConfigException e) {
      return failed(null, e.diagnostics());
    } catch (TargetingException e) {
      return failed(null, e.diagnostics());
    }
    if (selected.isPresent() && (cloud.anyGiven())) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--os-* options cannot be combined with projects: each project names its cloud in "
              + ProjectsFile.NAME);
    }
    if (savedPlan) {
      if (selected.isPresent() && selected.get().size() != 1) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "a saved plan is applied to one project: give one --project");
      }
      ProjectsFile.Project p = selected.map(l -> l.get(0)).orElse(null);
      Reconciler reconciler = Commands.reconciler(ctx, profile.get(), rotatePsk);
      PlanFile.Saved saved = reconciler.readPlan(paths.get(0), true);
      try (NetworkingClient client = connect(p)) {
        log.println(
            ApplyView.savedPlan(
                paths.get(0).toString(), saved.createdAt(), client.networkEndpoint()));
        // The saved plan repeats that it covers a selection only.
        saved.plan().diagnostics().stream()
            .filter(d -> d.rule().equals(Targeting.RULE))
            .forEach(d -> log.println(DiagnosticRenderer.line(d)));
        events.emit(Events.plan(saved.plan()));
        ApplyResult result = run(reconciler, saved.plan(), client, log);
        finish(saved.plan(), result);
        return result.succeeded() ? ExitCode.OK : ExitCode.ERROR;
      }
    }
    if (selected.isEmpty()) {
      ProjectsView.Row row = applyOne(null, paths, targeting, log, true);
      return row.result().equals("failed") || row.result().equals("cancelled")
          ? ExitCode.ERROR
          : ExitCode.OK;
    }
    List<ProjectsView.Row> rows = new ArrayList<>();
    for (ProjectsFile.Project p : selected.get()) {
      log.println(ProjectsView.header(p));
      log.flush();
      events.emit(Events.project(p.name(), p.cloud().orElse(null), p.region().orElse(null)));
      try {
        rows.add(applyOne(p, p.paths(), targeting, log, false));
      } catch (VpnformException e) {
        ctx.err().println("vpnform: " + e.getMessage());
        rows.add(new ProjectsView.Row(p, null, null, e.getMessage(), "failed"));
      }
      log.println();
    }
    List<String> key = PlanCommand.projectKey(selected.get());
    if (report) {
      ctx.out().print(MarkdownRenderer.projects("apply", rows, key));
    } else {
      ctx.out().print(ProjectsView.summary(rows));
    }
    ctx.out().flush();
    if (markdown.wanted()) {
      markdown.write(max -> MarkdownRenderer.projects("apply", rows, key, max), ctx);
    }
    return rows.stream()
            .anyMatch(r -> r.result().equals("failed") || r.result().equals("cancelled"))
        ? ExitCode.ERROR
        : ExitCode.OK;
  }

  /**
   * Plans, shows, asks (unless --auto-approve) and applies one set of paths.
   *
   * @param alone whether this is the whole run, which then renders its own Markdown report
   */
  private ProjectsView.Row applyOne(
      ProjectsFile.Project project,
      List<Path> in,
      Targeting targeting,
      PrintWriter log,
      boolean alone)
      throws VpnformException {
    boolean report = format.get() == Format.markdown;
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
      return failedRow(project, prof, e.diagnostics(), alone);
    } catch (TargetingException e) {
      return failedRow(project, prof, e.diagnostics(), alone);
    }
    try (NetworkingClient client = connect(project)) {
      Plan plan = reconciler.plan(selection.desired(), client);
      plan = selection.complete(plan, reconciler.validate(desired));
      events.emit(Events.plan(plan));
      if (!report) {
        PlanRenderer.print(plan, Format.text, ctx);
      }
      if (!plan.applicable() || !plan.hasChanges()) {
        if (alone) {
          finish(plan, null);
        }
        return new ProjectsView.Row(
            project, plan, null, null, plan.applicable() ? "no changes" : "failed");
      }
      if (!autoApprove && !confirmed()) {
        ctx.out().println(ApplyView.cancelled());
        return new ProjectsView.Row(project, plan, null, null, "cancelled");
      }
      ApplyResult result = run(reconciler, plan, client, log);
      if (alone) {
        finish(plan, result);
      }
      return new ProjectsView.Row(
          project, plan, result, null, result.succeeded() ? "applied" : "failed");
    }
  }

  private NetworkingClient connect(ProjectsFile.Project p) throws VpnformException {
    return p == null
        ? cloud.connect(ctx, debug.on())
        : cloud.connect(ctx, debug.on(), p.cloud(), p.region());
  }

  private ProjectsView.Row failedRow(
      ProjectsFile.Project project, Optional<Profile> prof, List<Diagnostic> ds, boolean alone)
      throws VpnformException {
    Plan failed = new Plan(prof.orElse(Profile.OPENSTACK), "", rotatePsk, List.of(), ds);
    events.emit(Events.plan(failed));
    if (format.get() == Format.markdown && alone) {
      ctx.out().print(MarkdownRenderer.apply(failed, null, info("(not contacted)")));
    } else {
      PlanRenderer.printFailure(prof, ds, Format.text, ctx);
    }
    if (alone) {
      writeMarkdown(failed, null, "(not contacted)");
    }
    return new ProjectsView.Row(project, failed, null, null, "failed");
  }

  private int failed(ProjectsFile.Project project, List<Diagnostic> ds) throws VpnformException {
    failedRow(project, profile.get(), ds, true);
    return ExitCode.ERROR;
  }

  private ApplyResult run(
      Reconciler reconciler, Plan plan, NetworkingClient client, PrintWriter log)
      throws VpnformException {
    ApplyOptions options =
        ApplyOptions.defaults().withParallelism(parallelism).withWaitTimeout(waitTimeout);
    ApplyView view = new ApplyView(log, plan);
    log.println();
    ApplyResult result =
        reconciler.apply(
            plan,
            client,
            options,
            r -> {
              view.line(r);
              events.emit(Events.applied(plan, r));
            },
            r -> {
              view.line(r);
              events.emit(Events.applied(plan, r));
            });
    events.emit(Events.summary("apply", plan, result));
    log.println();
    log.println(ApplyView.summary(result));
    log.flush();
    return result;
  }

  /** The Markdown report, on stdout and or in its file, once the outcome is known. */
  private void finish(Plan plan, ApplyResult result) throws VpnformException {
    if (format.get() == Format.markdown) {
      ctx.out().print(MarkdownRenderer.apply(plan, result, info(plan.source())));
      ctx.out().flush();
    }
    writeMarkdown(plan, result, plan.source());
  }

  private void writeMarkdown(Plan plan, ApplyResult result, String endpoint)
      throws VpnformException {
    if (markdown.wanted()) {
      ReportInfo info = info(endpoint);
      markdown.write(max -> MarkdownRenderer.apply(plan, result, info, max), ctx);
    }
  }

  private ReportInfo info(String endpoint) {
    List<String> key = new ArrayList<>(cloud.named(ctx));
    paths.forEach(p -> key.add(p.toString()));
    return new ReportInfo(endpoint, null, key);
  }

  private BufferedReader answers;

  private boolean confirmed() {
    ctx.out().print(ApplyView.question());
    ctx.out().flush();
    try {
      if (answers == null) {
        answers = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
      }
      String answer = answers.readLine();
      return "yes".equals(answer == null ? null : answer.trim());
    } catch (IOException e) {
      return false;
    }
  }
}
