package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.VpnformException;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.DiagnosticRenderer;
import dev.vpnform.cli.render.DiffRenderer;
import dev.vpnform.cli.render.JsonRenderer;
import dev.vpnform.cli.render.TextRenderer;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.plan.Plan;
import dev.vpnform.validate.Diagnostic;
import dev.vpnform.validate.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vpnform plan}: shows what apply would change. */
@Command(
    name = "plan",
    description = "Compare the configuration with the actual connections and show the changes.",
    mixinStandardHelpOptions = true)
public final class PlanCommand implements Callable<Integer> {
  /** Output formats of plan. */
  public enum Format {
    text,
    json,
    diff
  }

  @Option(
      names = "--profile",
      converter = ProfileConverter.class,
      description = "openstack, huaweicloud or fujitsu-k5; overrides 'profile:' in the files.")
  Profile profile;

  @Option(names = "--format", description = "text, json or diff (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @Option(
      names = "--actual-file",
      paramLabel = "FILE",
      description = "Plan offline against a Networking API JSON body (GET or list).")
  Path actualFile;

  @Option(
      names = "--detailed-exitcode",
      description = "Exit 2 when there are changes, 0 when there are none, 1 on errors.")
  boolean detailedExitcode;

  @Option(
      names = "--rotate-psk",
      description = "Send managed psks that cannot be compared (huaweicloud, H12).")
  boolean rotatePsk;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths;

  private final Context ctx;

  public PlanCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws VpnformException {
    Reconciler reconciler = Commands.reconciler(ctx, profile, rotatePsk);
    if (actualFile == null) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "plan needs --actual-file FILE (live clouds come next)");
    }
    DesiredState desired;
    try {
      desired = reconciler.load(paths);
    } catch (ConfigException e) {
      return failed(e.diagnostics());
    }
    List<ActualConnection> actual = Reconciler.readActualFile(actualFile);
    Plan plan = reconciler.plan(desired, actual, actualFile.toString());
    switch (format) {
      case json -> ctx.out().println(JsonRenderer.plan(plan));
      case diff -> {
        ctx.out().print(DiffRenderer.render(plan));
        DiagnosticRenderer.print(plan.diagnostics(), ctx.err());
      }
      case text -> ctx.out().print(TextRenderer.render(plan));
    }
    if (!plan.applicable()) {
      return ExitCode.ERROR;
    }
    return plan.hasChanges() && detailedExitcode ? ExitCode.CHANGES : ExitCode.OK;
  }

  private int failed(List<Diagnostic> diagnostics) {
    if (format == Format.json) {
      ctx.out()
          .println(
              JsonRenderer.plan(
                  new Plan(profile != null ? profile : Profile.OPENSTACK, List.of(), diagnostics)));
    } else {
      DiagnosticRenderer.print(diagnostics, ctx.err());
      ctx.err().println(DiagnosticRenderer.summary(diagnostics));
    }
    return ExitCode.ERROR;
  }
}
