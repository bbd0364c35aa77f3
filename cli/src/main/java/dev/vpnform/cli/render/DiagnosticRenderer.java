package dev.vpnform.cli.render;

import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Setting;
import java.io.PrintWriter;
import java.util.List;

/** Diagnostics, one per line, in the compilers' {@code file:line:col: severity: ...} form. */
public final class DiagnosticRenderer {
  private DiagnosticRenderer() {}

  public static void print(List<Diagnostic> diagnostics, PrintWriter err) {
    for (Diagnostic d : diagnostics) {
      err.println(line(d));
    }
    err.flush();
  }

  /** One diagnostic's line, with the flag of the setting it points to. */
  public static String line(Diagnostic d) {
    return d.setting() == null ? d.format() : d.format() + " (" + flag(d.setting()) + ")";
  }

  /** The command-line flag that sets {@code s}. */
  static String flag(Setting s) {
    return switch (s) {
      case ROTATE_PSK -> "--rotate-psk";
    };
  }

  /** e.g. {@code 2 errors, 1 warning.} */
  public static String summary(List<Diagnostic> diagnostics) {
    long errors = diagnostics.stream().filter(Diagnostic::isError).count();
    long warnings = diagnostics.size() - errors;
    return plural(errors, "error") + ", " + plural(warnings, "warning") + ".";
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
