package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.Format;
import dev.vpnform.cli.render.MarkdownRenderer;
import dev.vpnform.cli.render.PlanRenderer;
import dev.vpnform.cli.render.PlanView;
import dev.vpnform.cli.render.ReportInfo;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Profile;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.NetworkingClient;
import dev.vpnform.plan.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
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
  @Mixin ProfileOption profile;

  @Mixin
  FormatOption format = new FormatOption(Format.text, Format.json, Format.diff, Format.markdown);

  @Mixin MarkdownOptions markdown;

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

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths;

  private final Context ctx;

  public PlanCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws VpnformException {
    Reconciler reconciler = Commands.reconciler(ctx, profile.get(), rotatePsk);
    DesiredState desired;
    try {
      desired = reconciler.load(paths);
    } catch (ConfigException e) {
      Plan failed =
          new Plan(
              profile.get().orElse(Profile.OPENSTACK), "", rotatePsk, List.of(), e.diagnostics());
      String where = actualFile != null ? actualFile.toString() : "(not contacted)";
      if (format.get() == Format.markdown) {
        PlanRenderer.printMarkdown(failed, info(where), ctx);
      } else {
        PlanRenderer.printFailure(profile.get(), e.diagnostics(), format.get(), ctx);
      }
      writeMarkdown(failed, where);
      return ExitCode.ERROR;
    }
    Plan plan;
    String target;
    if (actualFile != null) {
      List<ActualConnection> actual = Reconciler.readActualFile(actualFile);
      target = actualFile.toString();
      plan = reconciler.plan(desired, actual, target);
    } else {
      try (NetworkingClient client = cloud.connect(ctx, debug.on())) {
        target = client.networkEndpoint();
        plan = reconciler.plan(desired, client);
      }
    }
    if (format.get() == Format.markdown) {
      PlanRenderer.printMarkdown(plan, info(target), ctx);
    } else {
      PlanRenderer.print(plan, format.get(), ctx);
    }
    if (plan.applicable() && out != null) {
      reconciler.savePlan(plan, out);
      if (format.get() != Format.json) {
        ctx.err().println(PlanView.saved(out.toString()));
      }
    }
    writeMarkdown(plan, target);
    if (!plan.applicable()) {
      return ExitCode.ERROR;
    }
    return plan.hasChanges() && detailedExitcode ? ExitCode.CHANGES : ExitCode.OK;
  }

  private void writeMarkdown(Plan plan, String target) throws VpnformException {
    if (markdown.wanted()) {
      ReportInfo info = info(target);
      markdown.write(max -> MarkdownRenderer.plan(plan, info, max), ctx);
    }
  }

  private ReportInfo info(String target) {
    List<String> key = new ArrayList<>(cloud.named(ctx));
    paths.forEach(p -> key.add(p.toString()));
    String saved = out != null ? out.toString() : null;
    return new ReportInfo(target, saved, null, key);
  }
}
