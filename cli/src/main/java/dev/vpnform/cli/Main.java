package dev.vpnform.cli;

import dev.vpnform.VpnformException;
import dev.vpnform.cli.commands.ApplyCommand;
import dev.vpnform.cli.commands.DemoCommand;
import dev.vpnform.cli.commands.ExportCommand;
import dev.vpnform.cli.commands.PlanCommand;
import dev.vpnform.cli.commands.SandboxCommand;
import dev.vpnform.cli.commands.ShowCommand;
import dev.vpnform.cli.commands.ValidateCommand;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vpnform} command. It parses, calls the library, renders and maps to exit codes. */
@Command(
    name = "vpnform",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Manage OpenStack VPNaaS IPsec site connections as code.",
    subcommandsRepeatable = false)
public final class Main implements java.util.concurrent.Callable<Integer> {
  private final Context ctx;
  private CommandLine cmd;

  private Main(Context ctx) {
    this.ctx = ctx;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
    int code = run(args, out, err, System.in, System.getenv());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line; the exit code follows {@link ExitCode}. */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env) {
    Context ctx = new Context(out, err, in, Map.copyOf(env));
    Main main = new Main(ctx);
    CommandLine cmd = new CommandLine(main);
    main.cmd = cmd;
    cmd.addSubcommand("validate", new ValidateCommand(ctx));
    cmd.addSubcommand("plan", new PlanCommand(ctx));
    cmd.addSubcommand("apply", new ApplyCommand(ctx));
    cmd.addSubcommand("show", new ShowCommand(ctx));
    cmd.addSubcommand("export", new ExportCommand(ctx));
    cmd.addSubcommand("sandbox", new SandboxCommand(ctx));
    cmd.addSubcommand("demo", new DemoCommand(ctx));
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("vpnform: " + ex.getMessage());
          CommandLine sub = ex.getCommandLine();
          err.println("Try '" + sub.getCommandSpec().qualifiedName() + " --help' for more.");
          return ExitCode.USAGE;
        });
    cmd.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          boolean debug = java.util.Arrays.asList(args).contains("--debug");
          if (ex instanceof VpnformException) {
            err.println("vpnform: " + ex.getMessage());
          } else {
            err.println(
                "vpnform: internal error: "
                    + ex.getClass().getName()
                    + (debug ? "" : " (run with --debug for details)"));
          }
          if (debug) {
            ex.printStackTrace(err);
          }
          return ExitCode.ERROR;
        });
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Convenience for tests and embedders of the CLI. */
  public static int run(
      String[] args, OutputStream out, OutputStream err, Map<String, String> env) {
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    return run(args, o, e, InputStream.nullInputStream(), env);
  }

  /** {@code vpnform} with no command: show the usage, as a usage error. */
  @Override
  public Integer call() {
    cmd.usage(ctx.err());
    return ExitCode.USAGE;
  }

  /** Reads the version from the jar's manifest, else "dev". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vpnform " + (v != null ? v : "dev")};
    }
  }
}
