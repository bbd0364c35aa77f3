package dev.vpnform.cli.render;

/** What sandbox says once it listens. */
public final class SandboxView {
  private SandboxView() {}

  public static String listening(String endpoint, String identityEndpoint) {
    StringBuilder sb = new StringBuilder();
    sb.append("vpnform sandbox: Networking API (VPNaaS) at ").append(endpoint).append('\n');
    if (identityEndpoint != null) {
      sb.append("Keystone v3 at ")
          .append(identityEndpoint)
          .append(" (user admin, password admin, project admin)\n");
    } else {
      sb.append("Point vpnform or openstackclient at it with:\n");
      sb.append("  export OS_AUTH_TYPE=none OS_ENDPOINT=").append(endpoint).append('\n');
    }
    sb.append("Press Ctrl-C to stop.");
    return sb.toString();
  }

  public static String portInUse(String bind, int port) {
    return "Cannot listen on "
        + bind
        + ":"
        + port
        + ": the address is in use; choose another --port";
  }

  public static String cannotStart(Exception e) {
    return "Cannot start the sandbox: " + e.getClass().getSimpleName();
  }
}
