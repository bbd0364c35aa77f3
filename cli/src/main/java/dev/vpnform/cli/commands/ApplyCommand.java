package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.apply.ApplyOptions;
import dev.vpnform.apply.ApplyResult;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.ApplyRenderer;
import dev.vpnform.cli.render.PlanRenderer;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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

  @Option(
      names = "--profile",
      converter = ProfileConverter.class,
      description = "openstack, huaweicloud or fujitsu-k5; overrides 'profile:' in the files.")
  Profile profile;

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

  @Option(
      names = "--debug",
      description = "Log HTTP requests (secrets redacted) and show stack traces.")
  boolean debug;

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
    Reconciler reconciler = Commands.reconciler(ctx, profile, rotatePsk);
    ApplyOptions options =
        ApplyOptions.defaults().withParallelism(parallelism).withWaitTimeout(waitTimeout);
    if (paths.size() == 1 && Reconciler.isSavedPlan(paths.get(0))) {
      PlanFile.Saved saved = reconciler.readPlan(paths.get(0), true);
      try (NetworkingClient client = cloud.connect(ctx, debug)) {
        ctx.out()
            .println(
                "Applying the saved plan "
                    + paths.get(0)
                    + " (made "
                    + saved.createdAt()
                    + ") to "
                    + client.networkEndpoint()
                    + ".");
        return run(reconciler, saved.plan(), client, options);
      }
    }
    DesiredState desired;
    try {
      desired = reconciler.load(paths);
    } catch (ConfigException e) {
      return PlanCommand.failed(ctx, PlanRenderer.Format.text, profile, e.diagnostics());
    }
    try (NetworkingClient client = cloud.connect(ctx, debug)) {
      Plan plan = reconciler.plan(desired, client);
      PlanRenderer.print(plan, PlanRenderer.Format.text, ctx);
      if (!plan.applicable()) {
        return ExitCode.ERROR;
      }
      if (!plan.hasChanges()) {
        return ExitCode.OK;
      }
      if (!autoApprove && !confirmed()) {
        ctx.out().println("\nApply cancelled.");
        return ExitCode.ERROR;
      }
      return run(reconciler, plan, client, options);
    }
  }

  private int run(Reconciler reconciler, Plan plan, NetworkingClient client, ApplyOptions options)
      throws VpnformException {
    ApplyRenderer renderer = new ApplyRenderer(ctx.out(), plan.updateCount());
    ctx.out().println();
    ApplyResult result = reconciler.apply(plan, client, options, renderer::line);
    ctx.out().println();
    ctx.out().println(renderer.summary(result));
    ctx.out().flush();
    return result.succeeded() ? ExitCode.OK : ExitCode.ERROR;
  }

  private boolean confirmed() {
    ctx.out()
        .print(
            "\nDo you want to apply these changes?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ");
    ctx.out().flush();
    try {
      String answer =
          new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
      return "yes".equals(answer == null ? null : answer.trim());
    } catch (IOException e) {
      return false;
    }
  }

  /** Parses 90s, 5m, 1h or an ISO-8601 duration. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      try {
        if (v.matches("\\d+(ms|s|m|h)")) {
          long n = Long.parseLong(v.replaceAll("\\D", ""));
          return switch (v.replaceAll("\\d", "")) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
        }
        return Duration.parse(v);
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + v + "' is not a duration such as 90s, 5m or PT5M");
      }
    }
  }
}
