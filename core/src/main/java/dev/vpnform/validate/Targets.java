package dev.vpnform.validate;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Diagnostic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the actual connection each desired one targets: by id when the entry has one, else by name.
 * An entry identified by name that matches nothing is to be created; an entry with {@code state:
 * absent} that matches nothing is already gone. An id that matches nothing (vpnform cannot create a
 * connection with a chosen id), several matches by name, or two entries on one connection are
 * errors.
 */
public final class Targets {
  private Targets() {}

  /**
   * The result of matching.
   *
   * @param matched each desired connection in file order, with its target; null when it has none
   *     (to be created, or already absent)
   */
  public record Matching(
      Map<DesiredConnection, ActualConnection> matched, List<Diagnostic> diagnostics) {
    public Matching {
      matched = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(matched));
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /**
   * @param actualSource names where the actual state came from, for messages (a file, a URL)
   */
  public static Matching match(
      List<DesiredConnection> desired, List<ActualConnection> actual, String actualSource) {
    Map<String, ActualConnection> byId = new HashMap<>();
    Map<String, List<ActualConnection>> byName = new HashMap<>();
    for (ActualConnection a : actual) {
      byId.put(a.id().toLowerCase(Locale.ROOT), a);
      if (a.name() != null) {
        byName.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a);
      }
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    Map<String, DesiredConnection> claimed = new HashMap<>();
    Map<DesiredConnection, ActualConnection> matched = new LinkedHashMap<>();
    for (DesiredConnection d : desired) {
      Found f = find(d, byId, byName, actualSource, diagnostics);
      if (f == Found.ERROR) {
        continue;
      }
      ActualConnection a = f.connection;
      if (a == null) {
        matched.put(d, null);
        continue;
      }
      DesiredConnection first = claimed.putIfAbsent(a.id(), d);
      if (first != null) {
        diagnostics.add(
            Diagnostic.error(
                "duplicate-target",
                d.label(),
                null,
                "this entry and the one at " + first.source() + " both target connection " + a.id(),
                d.source()));
        continue;
      }
      matched.put(d, a);
    }
    return new Matching(matched, diagnostics);
  }

  /** The connection an entry targets; NONE when there is none, ERROR after reporting why. */
  private static final class Found {
    static final Found NONE = new Found(null);
    static final Found ERROR = new Found(null);
    final ActualConnection connection;

    Found(ActualConnection connection) {
      this.connection = connection;
    }
  }

  private static Found find(
      DesiredConnection d,
      Map<String, ActualConnection> byId,
      Map<String, List<ActualConnection>> byName,
      String actualSource,
      List<Diagnostic> diagnostics) {
    if (d.id() != null) {
      ActualConnection a = byId.get(d.id().toLowerCase(Locale.ROOT));
      if (a == null && d.absent()) {
        return Found.NONE;
      }
      if (a == null) {
        diagnostics.add(
            Diagnostic.error(
                "target",
                d.label(),
                "id",
                "no IPsec site connection has id "
                    + d.id()
                    + " in "
                    + actualSource
                    + "; to create one, identify it by name only (the server chooses ids)",
                d.locationOf("id")));
        return Found.ERROR;
      }
      return new Found(a);
    }
    List<ActualConnection> found = byName.getOrDefault(d.name(), List.of());
    if (found.size() == 1) {
      return new Found(found.get(0));
    }
    if (found.isEmpty()) {
      return Found.NONE; // to be created, or already absent
    }
    String message =
        found.size()
            + " IPsec site connections are named '"
            + d.name()
            + "' in "
            + actualSource
            + " (ids "
            + found.stream().map(ActualConnection::id).collect(Collectors.joining(", "))
            + "); add 'id:' to choose one";
    diagnostics.add(Diagnostic.error("target", d.label(), "name", message, d.locationOf("name")));
    return Found.ERROR;
  }
}
