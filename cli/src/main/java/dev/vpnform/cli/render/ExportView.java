package dev.vpnform.cli.render;

import java.io.PrintWriter;
import java.util.Map;

/** What export says on stderr: what was not found, and which psk variables to set. */
public final class ExportView {
  private ExportView() {}

  public static String cannotWrite(String file, Exception e) {
    return "Cannot write " + file + ": " + e.getClass().getSimpleName();
  }

  /**
   * @param pskVariables variable name to the connection it holds the psk of
   */
  public static void done(int exported, Map<String, String> pskVariables, PrintWriter err) {
    if (pskVariables.isEmpty()) {
      err.println("No connections matched.");
      return;
    }
    err.println("Exported " + exported + " connection(s). Before planning, set each psk variable:");
    pskVariables.forEach((v, label) -> err.println("  export " + v + "=...   # psk of " + label));
  }
}
