package dev.vpnform.cli.render;

/** What show says before the plan itself. */
public final class ShowView {
  private ShowView() {}

  public static String header(String file, String createdAt, String target, boolean rotatePsk) {
    return "Saved plan "
        + file
        + ", made "
        + createdAt
        + " against "
        + target
        + (rotatePsk ? " with --rotate-psk" : "")
        + ".\n";
  }
}
