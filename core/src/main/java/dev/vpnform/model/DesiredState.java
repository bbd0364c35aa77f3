package dev.vpnform.model;

import java.util.List;
import java.util.Optional;

/**
 * Everything the configuration files want, in file order.
 *
 * @param profile the {@code profile:} the files name, if any
 * @param profileSource where {@code profile:} was written
 * @param files the files that were read, in the order they were read
 * @param warnings problems that do not stop loading, e.g. a psk written as a literal
 */
public record DesiredState(
    Optional<String> profile,
    Optional<SourceLocation> profileSource,
    List<DesiredConnection> connections,
    List<String> files,
    List<Diagnostic> warnings) {
  public DesiredState {
    connections = List.copyOf(connections);
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
  }
}
