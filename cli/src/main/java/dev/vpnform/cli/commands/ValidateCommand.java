package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.Format;
import dev.vpnform.cli.render.ValidateView;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vpnform validate}: checks configuration files without talking to any cloud. */
@Command(
    name = "validate",
    description = "Check configuration files against the profile's rules, offline.",
    mixinStandardHelpOptions = true)
public final class ValidateCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Mixin FormatOption format = new FormatOption(Format.text, Format.json);

  @Mixin DebugOption debug;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths;

  private final Context ctx;

  public ValidateCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Reconciler reconciler = Commands.reconciler(ctx, profile.get(), false);
    DesiredState desired;
    List<Diagnostic> diagnostics;
    Profile effective;
    try {
      desired = reconciler.load(paths);
      diagnostics = reconciler.validate(desired);
      effective = reconciler.profile(desired);
    } catch (ConfigException e) {
      diagnostics = e.diagnostics();
      effective = profile.get().orElse(Profile.OPENSTACK);
      desired = null;
    }
    ValidateView.print(format.get(), effective, desired, diagnostics, ctx.out(), ctx.err());
    return diagnostics.stream().noneMatch(Diagnostic::isError) ? ExitCode.OK : ExitCode.ERROR;
  }
}
