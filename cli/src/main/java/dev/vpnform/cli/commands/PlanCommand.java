package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.DiagnosticRenderer;
import dev.vpnform.cli.render.PlanRenderer;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.NetworkingClient;
import dev.vpnform.plan.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
  @Option(
      names = "--profile",
      converter = ProfileConverter.class,
      description = "openstack, huaweicloud or fujitsu-k5; overrides 'profile:' in the files.")
  Profile profile;

  @Option(names = "--format", description = "text, json or diff (default: ${DEFAULT-VALUE}).")
  PlanRenderer.Format format = PlanRenderer.Format.text;

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

  @Option(
      names = "--debug",
      description = "Log HTTP requests (secrets redacted) and show stack traces.")
  boolean debug;

  @Mixin CloudMixin cloud;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths;

  private final Context ctx;

  public PlanCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws VpnformException {
    Reconciler reconciler = Commands.reconciler(ctx, profile, rotatePsk);
    DesiredState desired;
    try {
      desired = reconciler.load(paths);
    } catch (ConfigException e) {
      return failed(ctx, format, profile, e.diagnostics());
    }
    Plan plan;
    String target;
    if (actualFile != null) {
      List<ActualConnection> actual = Reconciler.readActualFile(actualFile);
      target = actualFile.toString();
      plan = reconciler.plan(desired, actual, target);
    } else {
      try (NetworkingClient client = cloud.connect(ctx, debug)) {
        target = client.networkEndpoint();
        plan = reconciler.plan(desired, client);
      }
    }
    PlanRenderer.print(plan, format, ctx);
    if (!plan.applicable()) {
      return ExitCode.ERROR;
    }
    if (out != null) {
      reconciler.savePlan(plan, out);
      if (format != PlanRenderer.Format.json) {
        ctx.err().println("Saved the plan to " + out + ". Apply it with: vpnform apply " + out);
      }
    }
    return plan.hasChanges() && detailedExitcode ? ExitCode.CHANGES : ExitCode.OK;
  }

  static int failed(
      Context ctx, PlanRenderer.Format format, Profile profile, List<Diagnostic> diagnostics) {
    if (format == PlanRenderer.Format.json) {
      PlanRenderer.print(
          new Plan(
              profile != null ? profile : Profile.OPENSTACK, "", false, List.of(), diagnostics),
          format,
          ctx);
    } else {
      DiagnosticRenderer.print(diagnostics, ctx.err());
      ctx.err().println(DiagnosticRenderer.summary(diagnostics));
    }
    return ExitCode.ERROR;
  }
}
