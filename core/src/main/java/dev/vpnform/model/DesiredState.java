package dev.vpnform.model;

import java.util.List;
import java.util.Optional;

/**
 * Everything the configuration files want, in file order.
 *
 * @param profile the {@code profile:} the files name, if any
 * @param profileSource where {@code profile:} was written
 * @param resources the IKE policies, IPsec policies, endpoint groups and VPN services, in file
 *     order
 * @param files the files that were read, in the order they were read
 * @param warnings problems that do not stop loading, e.g. a psk written as a literal
 */
public record DesiredState(
    Optional<String> profile,
    Optional<SourceLocation> profileSource,
    List<DesiredConnection> connections,
    List<DesiredResource> resources,
    List<String> files,
    List<Diagnostic> warnings) {
  public DesiredState {
    connections = List.copyOf(connections);
    resources = List.copyOf(resources);
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
  }

  /** Connections only. */
  public DesiredState(
      Optional<String> profile,
      Optional<SourceLocation> profileSource,
      List<DesiredConnection> connections,
      List<String> files,
      List<Diagnostic> warnings) {
    this(profile, profileSource, connections, List.of(), files, warnings);
  }

  /** The declared resources of {@code kind}, in file order. */
  public List<DesiredResource> resources(Kind kind) {
    return resources.stream().filter(r -> r.kind() == kind).toList();
  }
}
