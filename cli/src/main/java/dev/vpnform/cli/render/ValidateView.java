package dev.vpnform.cli.render;

import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import java.io.PrintWriter;
import java.util.List;

/** What validate says, in text or JSON. */
public final class ValidateView {
  private ValidateView() {}

  /**
   * Prints the result: JSON on stdout, or the diagnostics on stderr and a one-line verdict on
   * stdout.
   *
   * @param desired null when the files could not be loaded
   */
  public static void print(
      Format format,
      Profile profile,
      DesiredState desired,
      List<Diagnostic> diagnostics,
      PrintWriter out,
      PrintWriter err) {
    boolean valid = diagnostics.stream().noneMatch(Diagnostic::isError);
    if (format == Format.json) {
      out.println(JsonRenderer.validation(profile, desired, diagnostics));
      return;
    }
    DiagnosticRenderer.print(diagnostics, err);
    if (valid) {
      int n = desired.connections().size();
      int files = desired.files().size();
      out.println(
          "Valid: "
              + DiagnosticRenderer.plural(n, "IPsec site connection")
              + " in "
              + DiagnosticRenderer.plural(files, "file")
              + " (profile "
              + profile.id()
              + ").");
    } else {
      out.println(DiagnosticRenderer.summary(diagnostics));
    }
  }
}
