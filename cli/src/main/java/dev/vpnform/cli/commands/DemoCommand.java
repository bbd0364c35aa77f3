package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.DemoView;
import dev.vpnform.cli.render.Format;
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
import picocli.CommandLine.Mixin;
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

  @Mixin FormatOption format = new FormatOption(Format.text, Format.json, Format.diff);

  /** Runs one vpnform command line with the given environment; returns its exit code. */
  @FunctionalInterface
  public interface Runner {
    int run(List<String> args, Map<String, String> env);
  }

  private final Context ctx;
  private final Runner runner;

  public DemoCommand(Context ctx, Runner runner) {
    this.ctx = ctx;
    this.runner = runner;
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
        ctx.err().println(DemoView.noSamples());
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
      ctx.out().println(DemoView.started(endpoint));
      List<String> where = paths.stream().map(Path::toString).toList();
      int plan = step(env, concat(List.of("plan", "--format", format.get().name()), where));
      if (plan != ExitCode.OK) {
        return plan;
      }
      int apply = step(env, concat(List.of("apply", "--auto-approve"), where));
      if (apply != ExitCode.OK) {
        return apply;
      }
      int again = step(env, concat(List.of("plan", "--detailed-exitcode"), where));
      ctx.out().println(DemoView.verdict(again, ExitCode.OK));
      ctx.out().flush();
      return again;
    }
  }

  private int step(Map<String, String> env, List<String> args) {
    ctx.out().println(DemoView.step(args));
    ctx.out().flush();
    return runner.run(args, env);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
