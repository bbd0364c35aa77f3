package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.apply.ApplyOptions;
import dev.vpnform.apply.ApplyResult;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.ApplyView;
import dev.vpnform.cli.render.Format;
import dev.vpnform.cli.render.MarkdownRenderer;
import dev.vpnform.cli.render.PlanRenderer;
import dev.vpnform.cli.render.ReportInfo;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Profile;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.NetworkingClient;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.PlanFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @Mixin DebugOption debug;

  @Mixin CloudMixin cloud;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Configuration files or directories, or one saved plan.")
  List<Path> paths;

  private final Context ctx;

  public ApplyCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws VpnformException {
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
    // With a report on stdout, the progress goes to stderr.
    PrintWriter log = report ? ctx.err() : ctx.out();
    Reconciler reconciler = Commands.reconciler(ctx, profile.get(), rotatePsk);
    ApplyOptions options =
        ApplyOptions.defaults().withParallelism(parallelism).withWaitTimeout(waitTimeout);
    if (savedPlan) {
      PlanFile.Saved saved = reconciler.readPlan(paths.get(0), true);
      try (NetworkingClient client = cloud.connect(ctx, debug.on())) {
        log.println(
            ApplyView.savedPlan(
                paths.get(0).toString(), saved.createdAt(), client.networkEndpoint()));
        return run(reconciler, saved.plan(), client, options, log);
      }
    }
    DesiredState desired;
    try {
      desired = reconciler.load(paths);
    } catch (ConfigException e) {
      Plan failed =
          new Plan(
              profile.get().orElse(Profile.OPENSTACK), "", rotatePsk, List.of(), e.diagnostics());
      if (report) {
        ctx.out().print(MarkdownRenderer.apply(failed, null, info("(not contacted)")));
      } else {
        PlanRenderer.printFailure(profile.get(), e.diagnostics(), Format.text, ctx);
      }
      writeMarkdown(failed, null, "(not contacted)");
      return ExitCode.ERROR;
    }
    try (NetworkingClient client = cloud.connect(ctx, debug.on())) {
      Plan plan = reconciler.plan(desired, client);
      if (!report) {
        PlanRenderer.print(plan, Format.text, ctx);
      }
      if (!plan.applicable() || !plan.hasChanges()) {
        finish(plan, null, client.networkEndpoint());
        return plan.applicable() ? ExitCode.OK : ExitCode.ERROR;
      }
      if (!autoApprove && !confirmed()) {
        ctx.out().println(ApplyView.cancelled());
        return ExitCode.ERROR;
      }
      return run(reconciler, plan, client, options, log);
    }
  }

  private int run(
      Reconciler reconciler,
      Plan plan,
      NetworkingClient client,
      ApplyOptions options,
      PrintWriter log)
      throws VpnformException {
    ApplyView view = new ApplyView(log, plan.updateCount());
    log.println();
    ApplyResult result = reconciler.apply(plan, client, options, view::line);
    log.println();
    log.println(ApplyView.summary(result));
    log.flush();
    finish(plan, result, client.networkEndpoint());
    return result.succeeded() ? ExitCode.OK : ExitCode.ERROR;
  }

  /** The Markdown report, on stdout and or in its file, once the outcome is known. */
  private void finish(Plan plan, ApplyResult result, String endpoint) throws VpnformException {
    if (format.get() == Format.markdown) {
      ctx.out().print(MarkdownRenderer.apply(plan, result, info(endpoint)));
      ctx.out().flush();
    }
    writeMarkdown(plan, result, endpoint);
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
    return new ReportInfo(endpoint, null, null, key);
  }

  private boolean confirmed() {
    ctx.out().print(ApplyView.question());
    ctx.out().flush();
    try {
      String answer =
          new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
      return "yes".equals(answer == null ? null : answer.trim());
    } catch (IOException e) {
      return false;
    }
  }
}
