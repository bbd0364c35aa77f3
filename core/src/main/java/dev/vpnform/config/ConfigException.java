package dev.vpnform.config;

import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.VpnformException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration could not be loaded. Holds every problem found, each located {@code
 * file:line:col}.
 */
public class ConfigException extends VpnformException {
  private final List<Diagnostic> diagnostics;

  public ConfigException(List<Diagnostic> diagnostics) {
    super(summarise(diagnostics));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public ConfigException(Diagnostic diagnostic) {
    this(List.of(diagnostic));
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private static String summarise(List<Diagnostic> ds) {
    if (ds.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one diagnostic");
    }
    return ds.stream().map(Diagnostic::format).collect(Collectors.joining(System.lineSeparator()));
  }
}
