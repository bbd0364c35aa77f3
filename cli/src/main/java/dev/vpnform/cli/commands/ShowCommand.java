package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.PlanRenderer;
import dev.vpnform.plan.PlanFile;
import dev.vpnform.plan.PlanFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vpnform show FILE}: renders a saved plan without contacting any cloud. */
@Command(
    name = "show",
    description = "Show a plan saved with 'plan -o FILE'.",
    mixinStandardHelpOptions = true)
public final class ShowCommand implements Callable<Integer> {
  @Option(names = "--format", description = "text, json or diff (default: ${DEFAULT-VALUE}).")
  PlanRenderer.Format format = PlanRenderer.Format.text;

  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  @Parameters(paramLabel = "FILE", description = "A saved plan.")
  Path file;

  private final Context ctx;

  public ShowCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws PlanFileException {
    // psks stay unresolved: show sends nothing
    PlanFile.Saved saved = Commands.reconciler(ctx, null, false).readPlan(file, false);
    if (format == PlanRenderer.Format.text) {
      ctx.out()
          .println(
              "Saved plan "
                  + file
                  + ", made "
                  + saved.createdAt()
                  + " against "
                  + saved.target()
                  + (saved.rotatePsk() ? " with --rotate-psk" : "")
                  + ".\n");
    }
    PlanRenderer.print(saved.plan(), format, ctx);
    return ExitCode.OK;
  }
}
