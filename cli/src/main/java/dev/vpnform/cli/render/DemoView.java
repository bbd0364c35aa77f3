package dev.vpnform.cli.render;

import java.util.List;

/** What demo says around the commands it runs. */
public final class DemoView {
  private DemoView() {}

  public static String noSamples() {
    return "vpnform: no configuration given, and samples/openstack is not here; run from the"
        + " vpnform checkout or name a PATH";
  }

  public static String started(String endpoint) {
    return "Started a sandbox Networking API at "
        + endpoint
        + " with its built-in sample.\n"
        + "Everything below is real HTTP against it; export OS_AUTH_TYPE=none OS_ENDPOINT="
        + endpoint
        + " to repeat a step.";
  }

  /** The command line of a step, shell-style. */
  public static String step(List<String> args) {
    return "\n$ vpnform " + String.join(" ", args);
  }

  public static String verdict(int secondPlanExit, int noChanges) {
    return "\n"
        + (secondPlanExit == noChanges
            ? "Converged: the second plan has no changes."
            : "The second plan still has changes (exit " + secondPlanExit + ").");
  }
}
