package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.Main;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vpnform demo}: vpnform's main job against a sandbox started in-process, with no cloud and
 * no credentials: a plan, an apply, and a second plan that shows no changes.
 */
@Command(
    name = "demo",
    description = "Plan, apply and plan again against an in-process sandbox: no cloud needed.",
    mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description =
          "Configuration (default: samples/openstack, here or in the installation; written for"
              + " the sandbox's sample).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--format",
      description = "Plan format: text, json or diff (default: ${DEFAULT-VALUE}).")
  String format = "text";

  private final Context ctx;

  public DemoCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (paths.isEmpty()) {
      Path samples = Path.of("samples", "openstack");
      // The distribution's launcher sets VPNFORM_HOME; the archive holds samples/openstack.
      String home = ctx.env("VPNFORM_HOME");
      if (!Files.isDirectory(samples) && home != null && !home.isEmpty()) {
        samples = Path.of(home, "samples", "openstack");
      }
      if (!Files.isDirectory(samples)) {
        ctx.err()
            .println(
                "vpnform: no configuration given, and samples/openstack is not here; run from the vpnform checkout or name a PATH");
        return ExitCode.USAGE;
      }
      paths = List.of(samples);
    }
    try (Sandbox sandbox = Sandbox.builder().build().start()) {
      String endpoint = sandbox.networkEndpoint().toString();
      Map<String, String> env = new HashMap<>(ctx.env());
      env.keySet().removeIf(k -> k.startsWith("OS_"));
      env.put("OS_AUTH_TYPE", "none");
      env.put("OS_ENDPOINT", endpoint);
      ctx.out()
          .println(
              "Started a sandbox Networking API at " + endpoint + " with its built-in sample.");
      ctx.out()
          .println(
              "Everything below is real HTTP against it; export OS_AUTH_TYPE=none OS_ENDPOINT="
                  + endpoint
                  + " to repeat a step.");
      List<String> where = paths.stream().map(Path::toString).toList();
      int plan = step("plan", env, concat(List.of("plan", "--format", format), where));
      if (plan != ExitCode.OK) {
        return plan;
      }
      int apply = step("apply", env, concat(List.of("apply", "--auto-approve"), where));
      if (apply != ExitCode.OK) {
        return apply;
      }
      int again = step("plan again", env, concat(List.of("plan", "--detailed-exitcode"), where));
      ctx.out().println();
      ctx.out()
          .println(
              again == ExitCode.OK
                  ? "Converged: the second plan has no changes."
                  : "The second plan still has changes (exit " + again + ").");
      ctx.out().flush();
      return again;
    }
  }

  private int step(String title, Map<String, String> env, List<String> args) {
    ctx.out().println();
    ctx.out().println("$ vpnform " + String.join(" ", args));
    ctx.out().flush();
    return Main.run(args.toArray(String[]::new), ctx.out(), ctx.err(), ctx.in(), env);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
