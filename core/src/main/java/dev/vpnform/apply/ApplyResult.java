package dev.vpnform.apply;

import java.util.List;

/**
 * Every connection's result, in plan order, and every other resource's.
 *
 * @param resources the IKE policies, IPsec policies, endpoint groups and VPN services, in plan
 *     order
 */
public record ApplyResult(List<ConnectionResult> results, List<ResourceResult> resources) {
  public ApplyResult {
    results = List.copyOf(results);
    resources = List.copyOf(resources);
  }

  /** Connections only. */
  public ApplyResult(List<ConnectionResult> results) {
    this(results, List.of());
  }

  /** Connections with {@code outcome}. */
  public long count(Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  /** Connections and other resources with {@code outcome}. */
  public long countAll(Outcome outcome) {
    return count(outcome) + resources.stream().filter(r -> r.outcome() == outcome).count();
  }

  public boolean succeeded() {
    return results.stream().noneMatch(ConnectionResult::failed)
        && resources.stream().noneMatch(ResourceResult::failed);
  }
}
