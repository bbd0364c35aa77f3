package dev.vpnform.cli.render;

/** What any command that talks to a cloud may say about the connection. */
public final class CloudView {
  private CloudView() {}

  public static String insecure() {
    return "Warning: TLS certificate verification is off (--insecure): anyone on the path can"
        + " read and change this traffic, including the pre-shared keys.";
  }

  /** One line of the --debug HTTP log. */
  public static String wire(String line) {
    return "DEBUG " + line;
  }
}
