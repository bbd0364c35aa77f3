package dev.vpnform.cli.render;

import dev.vpnform.openstack.CloudSetting;

/** What any command that talks to a cloud may say about the connection. */
public final class CloudView {
  private CloudView() {}

  public static String insecure() {
    return "Warning: TLS certificate verification is off (--insecure): anyone on the path can"
        + " read and change this traffic, including the pre-shared keys.";
  }

  /**
   * A library message as the command line says it: the library names a cloud setting's explicit
   * option ({@code option username}); here that option is the {@code --os-username} flag.
   */
  public static String flags(String message) {
    String out = message;
    for (CloudSetting s : CloudSetting.values()) {
      out = out.replace(s.option(), "--os-" + s.optionName().replace('_', '-'));
    }
    return out;
  }

  /** One line of the --debug HTTP log. */
  public static String wire(String line) {
    return "DEBUG " + line;
  }
}
