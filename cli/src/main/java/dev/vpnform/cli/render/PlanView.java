package dev.vpnform.cli.render;

/** What plan says besides the plan itself. */
public final class PlanView {
  private PlanView() {}

  public static String saved(String file) {
    return "Saved the plan to " + file + ". Apply it with: vpnform apply " + file;
  }
}
