package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.ExportView;
import dev.vpnform.config.ConfigWriter;
import dev.vpnform.model.Profile;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.NetworkingClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vpnform export}: writes live connections as configuration, with {@code --all} the whole
 * VPNaaS graph. Psks become {@code {env: ...}} references; the command says which variables to set.
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

    @Option(
        names = "--all",
        description =
            "Export everything the credentials can see: IKE and IPsec policies, endpoint groups,"
                + " VPN services and connections.")
    boolean all;
  }

  @ArgGroup(exclusive = false, multiplicity = "1")
  Selection selection;

  @Mixin ProfileOption profile;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write to FILE instead of stdout.")
  Path out;

  @Option(
      names = "--schema",
      paramLabel = "URL",
      description =
          "Start the file with '# yaml-language-server: $schema=URL', so that editors check it"
              + " against the configuration's JSON Schema (vpnform schema > vpnform.schema.json).")
  String schema;

  @Mixin DebugOption debug;

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
    // Which ids and names matched nothing is the library's question; it names them all.
    Profile p = profile.get().orElse(Profile.OPENSTACK);
    ConfigWriter.Export export;
    try (NetworkingClient client = cloud.connect(ctx, debug.on())) {
      if (selection.all) {
        List<String> header = new ArrayList<>();
        if (schema != null) {
          header.add("yaml-language-server: $schema=" + schema);
        }
        header.add("Exported by vpnform from " + client.networkEndpoint() + ".");
        export =
            ConfigWriter.graph(
                client.listConnections(),
                (path, key) -> client.list(path, key, Map.of()),
                p.id(),
                header);
      } else {
        export =
            Commands.reconciler(ctx, java.util.Optional.of(p), false)
                .export(client, false, selection.ids, selection.names, p, schema);
      }
    }
    if (out != null) {
      try {
        Files.writeString(out, export.yaml(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new VpnformException(ExportView.cannotWrite(out.toString(), e), e);
      }
    } else {
      ctx.out().print(export.yaml());
      ctx.out().flush();
    }
    ExportView.done(export.counts(), export.pskVariables(), ctx.err());
    return ExitCode.OK;
  }
}
