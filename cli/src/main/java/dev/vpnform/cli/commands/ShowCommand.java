package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.Format;
import dev.vpnform.cli.render.MarkdownRenderer;
import dev.vpnform.cli.render.PlanRenderer;
import dev.vpnform.cli.render.ReportInfo;
import dev.vpnform.cli.render.ShowView;
import dev.vpnform.model.VpnformException;
import dev.vpnform.plan.PlanFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vpnform show FILE}: renders a saved plan without contacting any cloud. */
@Command(
    name = "show",
    description = "Show a plan saved with 'plan -o FILE'.",
    mixinStandardHelpOptions = true)
public final class ShowCommand implements Callable<Integer> {
  @Mixin
  FormatOption format = new FormatOption(Format.text, Format.json, Format.diff, Format.markdown);

  @Mixin MarkdownOptions markdown;

  @Mixin DebugOption debug;

  @Parameters(paramLabel = "FILE", description = "A saved plan.")
  Path file;

  private final Context ctx;

  public ShowCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws VpnformException {
    // psks stay unresolved: show sends nothing
    PlanFile.Saved saved = Commands.reconciler(ctx, Optional.empty(), false).readPlan(file, false);
    if (format.get() == Format.text) {
      ctx.out()
          .println(
              ShowView.header(
                  file.toString(), saved.createdAt(), saved.target(), saved.rotatePsk()));
    }
    ReportInfo info = new ReportInfo(saved.target(), file.toString(), List.of(file.toString()));
    if (format.get() == Format.markdown) {
      PlanRenderer.printMarkdown(saved.plan(), info, ctx);
    } else {
      PlanRenderer.print(saved.plan(), format.get(), ctx);
    }
    if (markdown.wanted()) {
      markdown.write(max -> MarkdownRenderer.plan(saved.plan(), info, max), ctx);
    }
    return ExitCode.OK;
  }
}
