package dev.vpnform.cli;

import dev.vpnform.cli.commands.ApplyCommand;
import dev.vpnform.cli.commands.CompletionCommand;
import dev.vpnform.cli.commands.DemoCommand;
import dev.vpnform.cli.commands.ExportCommand;
import dev.vpnform.cli.commands.PlanCommand;
import dev.vpnform.cli.commands.ProjectsCommand;
import dev.vpnform.cli.commands.SandboxCommand;
import dev.vpnform.cli.commands.SchemaCommand;
import dev.vpnform.cli.commands.ShowCommand;
import dev.vpnform.cli.commands.ValidateCommand;
import dev.vpnform.cli.render.CloudView;
import dev.vpnform.model.VpnformException;
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
    // Building a command's picocli model costs reflection on its annotations, and picocli's
    // classes cannot be class-data-shared (their class files are too old): register only the
    // command that was asked for, and all of them only for help and usage errors.
    Map<String, java.util.function.Supplier<Object>> commands = new java.util.LinkedHashMap<>();
    commands.put("validate", () -> new ValidateCommand(ctx));
    commands.put("plan", () -> new PlanCommand(ctx));
    commands.put("apply", () -> new ApplyCommand(ctx));
    commands.put("show", () -> new ShowCommand(ctx));
    commands.put("export", () -> new ExportCommand(ctx));
    commands.put("sandbox", () -> new SandboxCommand(ctx));
    commands.put("schema", () -> new SchemaCommand(ctx));
    commands.put(
        "demo",
        () ->
            new DemoCommand(
                ctx,
                (a, env2) -> run(a.toArray(String[]::new), ctx.out(), ctx.err(), ctx.in(), env2)));
    commands.put("projects", () -> new ProjectsCommand(ctx));
    commands.put("completion", () -> new CompletionCommand(ctx));
    // The completion script describes every command, so it needs them all.
    if (args.length > 0 && commands.containsKey(args[0]) && !args[0].equals("completion")) {
      cmd.addSubcommand(args[0], commands.get(args[0]).get());
    } else {
      commands.forEach((name, command) -> cmd.addSubcommand(name, command.get()));
    }
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("vpnform: " + scrub(ex.getMessage(), a));
          CommandLine sub = ex.getCommandLine();
          err.println("Try '" + sub.getCommandSpec().qualifiedName() + " --help' for more.");
          return ExitCode.USAGE;
        });
    cmd.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          boolean debug = c.getParseResult().hasMatchedOption("--debug");
          if (ex instanceof VpnformException) {
            err.println("vpnform: " + CloudView.flags(ex.getMessage()));
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

  private static final java.util.regex.Pattern SECRET_OPTION =
      java.util.regex.Pattern.compile(
          "^--?[\\w-]*(pass|token|secret|psk|key)", java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * picocli quotes the arguments it cannot match, values included: {@code --os-password=SECRET} on
   * a command that has no such option, or misspelt. Hide every {@code --name=value} value and the
   * word after anything that looks like a secret's option.
   */
  static String scrub(String message, String[] args) {
    String m = message == null ? "" : message;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("-") && arg.contains("=")) {
        m = m.replace(arg, arg.substring(0, arg.indexOf('=')) + "=(value hidden)");
      } else if (SECRET_OPTION.matcher(arg).find()
          && i + 1 < args.length
          && !args[i + 1].isEmpty()) {
        m = m.replace("'" + args[i + 1] + "'", "'(value hidden)'");
      }
    }
    return m;
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
