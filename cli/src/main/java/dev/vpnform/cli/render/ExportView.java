package dev.vpnform.cli.render;

import dev.vpnform.model.Kind;
import java.io.PrintWriter;
import java.util.Map;

/** What export says on stderr: what was not found, and which psk variables to set. */
public final class ExportView {
  private ExportView() {}

  public static String cannotWrite(String file, Exception e) {
    return "Cannot write " + file + ": " + e.getClass().getSimpleName();
  }

  /**
   * @param counts how many of each kind were written, by configuration key, in creation order
   * @param pskVariables variable name to the connection it holds the psk of
   */
  public static void done(
      Map<String, Integer> counts, Map<String, String> pskVariables, PrintWriter err) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      err.println(counts.size() > 1 ? "Nothing to export." : "No connections matched.");
      return;
    }
    String what;
    if (counts.size() == 1) {
      what = total + " connection(s)";
    } else {
      java.util.List<String> parts = new java.util.ArrayList<>();
      for (Kind k : Kind.values()) {
        Integer n = counts.get(k.configKey());
        if (n != null) {
          parts.add(n + " " + (n == 1 ? k.label() : k.plural()));
        }
      }
      what = String.join(", ", parts);
    }
    if (pskVariables.isEmpty()) {
      err.println("Exported " + what + ".");
      return;
    }
    err.println("Exported " + what + ". Before planning, set each psk variable:");
    pskVariables.forEach((v, label) -> err.println("  export " + v + "=...   # psk of " + label));
  }
}
