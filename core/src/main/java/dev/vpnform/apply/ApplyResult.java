package dev.vpnform.apply;

import java.util.List;

/** Every connection's result, in plan order. */
public record ApplyResult(List<ConnectionResult> results) {
  public ApplyResult {
    results = List.copyOf(results);
  }

  public long count(Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  public boolean succeeded() {
    return results.stream().noneMatch(ConnectionResult::failed);
  }
}
