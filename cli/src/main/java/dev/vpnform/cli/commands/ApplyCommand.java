package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.VpnformException;
import dev.vpnform.apply.ApplyOptions;
import dev.vpnform.apply.ApplyResult;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.ApplyView;
import dev.vpnform.cli.render.Format;
import dev.vpnform.cli.render.PlanRenderer;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.DesiredState;
import dev.vpnform.openstack.NetworkingClient;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.PlanFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    Reconciler reconciler = Commands.reconciler(ctx, profile.get(), rotatePsk);
    ApplyOptions options =
        ApplyOptions.defaults().withParallelism(parallelism).withWaitTimeout(waitTimeout);
    if (paths.size() == 1 && isSavedPlan(paths.get(0))) {
      PlanFile.Saved saved = PlanFile.read(paths.get(0), ctx::env);
      try (NetworkingClient client = cloud.connect(ctx, debug.on())) {
        ctx.out()
            .println(
                ApplyView.savedPlan(
                    paths.get(0).toString(), saved.createdAt(), client.networkEndpoint()));
        return run(reconciler, saved.plan(), client, options);
      }
    }
    DesiredState desired;
    try {
      desired = reconciler.load(paths);
    } catch (ConfigException e) {
      PlanRenderer.printFailure(profile.get(), e.diagnostics(), Format.text, ctx);
      return ExitCode.ERROR;
    }
    try (NetworkingClient client = cloud.connect(ctx, debug.on())) {
      Plan plan = reconciler.plan(desired, client);
      PlanRenderer.print(plan, Format.text, ctx);
      if (!plan.applicable()) {
        return ExitCode.ERROR;
      }
      if (!plan.hasChanges()) {
        return ExitCode.OK;
      }
      if (!autoApprove && !confirmed()) {
        ctx.out().println(ApplyView.cancelled());
        return ExitCode.ERROR;
      }
      return run(reconciler, plan, client, options);
    }
  }

  private int run(Reconciler reconciler, Plan plan, NetworkingClient client, ApplyOptions options)
      throws VpnformException {
    ApplyView view = new ApplyView(ctx.out(), plan.updateCount());
    ctx.out().println();
    ApplyResult result = reconciler.apply(plan, client, options, view::line);
    ctx.out().println();
    ctx.out().println(ApplyView.summary(result));
    ctx.out().flush();
    return result.succeeded() ? ExitCode.OK : ExitCode.ERROR;
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

  /** A saved plan is JSON; configuration is YAML in files named *.yaml/*.yml or directories. */
  static boolean isSavedPlan(Path p) {
    if (!Files.isRegularFile(p)) {
      return false;
    }
    String name = p.getFileName().toString();
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return false;
    }
    return true;
  }
}
