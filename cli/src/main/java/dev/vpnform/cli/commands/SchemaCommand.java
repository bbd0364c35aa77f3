package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code vpnform schema}: the JSON Schema of the configuration, for editors (e.g. the YAML language
 * server's {@code # yaml-language-server: $schema=...} line).
 */
@Command(
    name = "schema",
    description = "Print the JSON Schema of the configuration files, for editors.",
    mixinStandardHelpOptions = true)
public final class SchemaCommand implements Callable<Integer> {
  private final Context ctx;

  public SchemaCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.out().print(Reconciler.configurationSchema());
    ctx.out().flush();
    return ExitCode.OK;
  }
}
