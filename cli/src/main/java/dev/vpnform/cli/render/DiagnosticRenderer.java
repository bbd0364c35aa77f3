package dev.vpnform.cli.render;

import dev.vpnform.model.Diagnostic;
import java.io.PrintWriter;
import java.util.List;

/** Diagnostics, one per line, in the compilers' {@code file:line:col: severity: ...} form. */
public final class DiagnosticRenderer {
  private DiagnosticRenderer() {}

  public static void print(List<Diagnostic> diagnostics, PrintWriter err) {
    for (Diagnostic d : diagnostics) {
      err.println(d.format());
    }
    err.flush();
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
