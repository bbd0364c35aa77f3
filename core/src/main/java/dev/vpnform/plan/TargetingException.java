package dev.vpnform.plan;

import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.VpnformException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A selection cannot be used: a selector that cannot be parsed or matches nothing, or nothing left
 * to plan. Holds every problem, located {@code file:line:col} when it came from a selector file.
 */
public final class TargetingException extends VpnformException {
  private final List<Diagnostic> diagnostics;

  public TargetingException(List<Diagnostic> diagnostics) {
    super(
        diagnostics.stream()
            .map(Diagnostic::format)
            .collect(Collectors.joining(System.lineSeparator())));
    if (diagnostics.isEmpty()) {
      throw new IllegalArgumentException("a TargetingException needs at least one diagnostic");
    }
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
