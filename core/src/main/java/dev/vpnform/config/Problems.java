package dev.vpnform.config;

import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The diagnostics found while loading, in the order they were found. */
final class Problems {
  private final List<Diagnostic> all = new ArrayList<>();

  void add(Diagnostic d) {
    all.add(d);
  }

  void error(
      String rule, String connection, String field, String message, SourceLocation location) {
    add(Diagnostic.error(rule, connection, field, message, location));
  }

  boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  List<Diagnostic> warnings() {
    return all.stream().filter(d -> !d.isError()).toList();
  }

  /**
   * Every diagnostic, ordered by file (in the order the files were read), then line and column, so
   * that a user can work through them top to bottom. Problems whose file was never read (a missing
   * path) come first; the sort is stable, so equal positions keep the order they were found in.
   */
  List<Diagnostic> sorted(List<String> fileOrder) {
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < fileOrder.size(); i++) {
      rank.putIfAbsent(fileOrder.get(i), i);
    }
    Comparator<Diagnostic> byPosition =
        Comparator.comparingInt(
                (Diagnostic d) ->
                    d.location() == null ? -1 : rank.getOrDefault(d.location().file(), -1))
            .thenComparingInt(d -> d.location() == null ? 0 : d.location().line())
            .thenComparingInt(d -> d.location() == null ? 0 : d.location().column());
    List<Diagnostic> out = new ArrayList<>(all);
    out.sort(byPosition);
    return out;
  }
}
