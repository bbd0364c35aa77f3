package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.config.ConfigWriter;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Profile;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.NetworkingClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vpnform export}: writes live connections as configuration. Psks become {@code {env: ...}}
 * references; the command says which variables to set.
 */
@Command(
    name = "export",
    description = "Write live connections as vpnform YAML (psks as {env: ...} references).",
    mixinStandardHelpOptions = true)
public final class ExportCommand implements Callable<Integer> {
  static final class Selection {
    @Option(names = "--id", paramLabel = "ID", description = "Export this connection (repeatable).")
    List<String> ids = new ArrayList<>();

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "Export connections with this name (repeatable).")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Export every connection the credentials can see.")
    boolean all;
  }

  @ArgGroup(exclusive = false, multiplicity = "1")
  Selection selection;

  @Option(
      names = "--profile",
      converter = ProfileConverter.class,
      description = "The profile to write in the file (default: openstack).")
  Profile profile = Profile.OPENSTACK;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write to FILE instead of stdout.")
  Path out;

  @Option(
      names = "--debug",
      description = "Log HTTP requests (secrets redacted) and show stack traces.")
  boolean debug;

  @Mixin CloudMixin cloud;

  private final Context ctx;

  public ExportCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws VpnformException {
    if (selection.all == !(selection.ids.isEmpty() && selection.names.isEmpty())) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "give --all, or --id/--name, not both");
    }
    List<ActualConnection> found;
    String endpoint;
    try (NetworkingClient client = cloud.connect(ctx, debug)) {
      endpoint = client.networkEndpoint();
      found =
          selection.all
              ? client.listConnections()
              : client.findConnections(selection.ids, selection.names);
    }
    List<String> missing = new ArrayList<>();
    for (String id : selection.ids) {
      if (found.stream().noneMatch(c -> c.id().equalsIgnoreCase(id))) {
        missing.add("id " + id);
      }
    }
    for (String name : selection.names) {
      if (found.stream().noneMatch(c -> name.equals(c.name()))) {
        missing.add("name '" + name + "'");
      }
    }
    if (!missing.isEmpty()) {
      ctx.err()
          .println(
              "vpnform: no IPsec site connection with "
                  + String.join(", ", missing)
                  + " at "
                  + endpoint);
      return ExitCode.ERROR;
    }
    ConfigWriter.Export export =
        ConfigWriter.export(
            found, profile.id(), List.of("Exported by vpnform from " + endpoint + "."));
    if (out != null) {
      try {
        Files.writeString(out, export.yaml(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new VpnformException("Cannot write " + out + ": " + e.getClass().getSimpleName(), e);
      }
    } else {
      ctx.out().print(export.yaml());
      ctx.out().flush();
    }
    if (!export.pskVariables().isEmpty()) {
      ctx.err()
          .println(
              "Exported "
                  + found.size()
                  + " connection(s). Before planning, set each psk variable:");
      export
          .pskVariables()
          .forEach((v, label) -> ctx.err().println("  export " + v + "=...   # psk of " + label));
    } else {
      ctx.err().println("No connections matched.");
    }
    return ExitCode.OK;
  }
}
