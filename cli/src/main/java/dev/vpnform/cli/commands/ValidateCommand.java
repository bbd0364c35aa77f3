package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.DiagnosticRenderer;
import dev.vpnform.cli.render.JsonRenderer;
import dev.vpnform.config.ConfigException;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vpnform validate}: checks configuration files without talking to any cloud. */
@Command(
    name = "validate",
    description = "Check configuration files against the profile's rules, offline.",
    mixinStandardHelpOptions = true)
public final class ValidateCommand implements Callable<Integer> {
  /** Output formats of validate. */
  public enum Format {
    text,
    json
  }

  @Option(
      names = "--profile",
      converter = ProfileConverter.class,
      description = "openstack, huaweicloud or fujitsu-k5; overrides 'profile:' in the files.")
  Profile profile;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @picocli.CommandLine.Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths;

  private final Context ctx;

  public ValidateCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Reconciler reconciler = Commands.reconciler(ctx, profile, false);
    DesiredState desired;
    List<Diagnostic> diagnostics;
    Profile effective;
    try {
      desired = reconciler.load(paths);
      diagnostics = reconciler.validate(desired);
      effective = reconciler.profile(desired);
    } catch (ConfigException e) {
      diagnostics = e.diagnostics();
      effective = profile != null ? profile : Profile.OPENSTACK;
      desired = null;
    }
    boolean valid = diagnostics.stream().noneMatch(Diagnostic::isError);
    if (format == Format.json) {
      ctx.out().println(JsonRenderer.validation(effective, desired, diagnostics));
    } else {
      DiagnosticRenderer.print(diagnostics, ctx.err());
      if (valid) {
        int n = desired.connections().size();
        ctx.out()
            .println(
                "Valid: "
                    + n
                    + " IPsec site connection"
                    + (n == 1 ? "" : "s")
                    + " in "
                    + desired.files().size()
                    + " file"
                    + (desired.files().size() == 1 ? "" : "s")
                    + " (profile "
                    + effective.id()
                    + ").");
      } else {
        ctx.out().println(DiagnosticRenderer.summary(diagnostics));
      }
    }
    return valid ? ExitCode.OK : ExitCode.ERROR;
  }
}
