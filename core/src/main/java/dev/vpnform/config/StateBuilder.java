package dev.vpnform.config;

import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Kind;
import dev.vpnform.model.SourceLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What all files of one load add up to, and the checks that span files: a connection declared twice
 * and conflicting profiles.
 */
final class StateBuilder {
  private final Problems problems;
  private final List<String> files = new ArrayList<>();
  private final List<DesiredConnection> connections = new ArrayList<>();
  private final List<DesiredResource> resources = new ArrayList<>();
  private final Map<String, SourceLocation> declared = new HashMap<>();
  private String profile;
  private SourceLocation profileSource;

  StateBuilder(Problems problems) {
    this.problems = problems;
  }

  void addFile(String file) {
    files.add(file);
  }

  void offerProfile(String id, SourceLocation at) {
    if (profile == null) {
      profile = id;
      profileSource = at;
    } else if (!profile.equals(id)) {
      problems.error(
          "profile",
          null,
          "profile",
          "conflicting profiles: '"
              + profile
              + "' at "
              + profileSource
              + " and '"
              + id
              + "' at "
              + at,
          at);
    }
  }

  /**
   * Records that a connection identified by {@code kind} ("id" or "name") {@code value} starts at
   * {@code source}, reporting it when an earlier one had the same identity.
   */
  void declare(Kind kind, String by, String value, String label, SourceLocation source) {
    SourceLocation first = declared.putIfAbsent(kind + "\0" + by + "\0" + value, source);
    if (first != null) {
      problems.error(
          kind == Kind.CONNECTION ? "duplicate-connection" : "duplicate-" + kind.bodyKey(),
          label,
          null,
          Texts.quote(value) + " is declared twice: at " + first + " and " + source,
          source);
    }
  }

  void addConnection(DesiredConnection c) {
    connections.add(c);
  }

  void addResource(DesiredResource r) {
    resources.add(r);
  }

  DesiredState build() throws ConfigException {
    if (problems.hasErrors()) {
      throw new ConfigException(problems.sorted(files));
    }
    return new DesiredState(
        Optional.ofNullable(profile),
        Optional.ofNullable(profileSource),
        connections,
        resources,
        files,
        problems.sorted(files)); // without errors, every diagnostic left is a warning
  }
}
