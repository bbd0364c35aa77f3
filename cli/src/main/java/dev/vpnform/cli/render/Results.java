package dev.vpnform.cli.render;

import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.ConnectionResult;
import dev.vpnform.apply.Outcome;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.Plan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What apply did, as the formats count and explain it. */
final class Results {
  private Results() {}

  /**
   * The planned change that {@code r} is the result of: the change with the result's id (an update,
   * a delete, a failure), else the one create or replace of the result's name (whose result carries
   * the new id).
   */
  static Optional<ConnectionChange> changeOf(Plan plan, ConnectionResult r) {
    if (r.id() != null) {
      for (ConnectionChange c : plan.changes()) {
        if (r.id().equals(c.id())) {
          return Optional.of(c);
        }
      }
    }
    List<ConnectionChange> made =
        plan.changes().stream()
            .filter(c -> c.action() == Action.CREATE || c.action() == Action.REPLACE)
            .filter(c -> Objects.equals(c.name(), r.name()))
            .toList();
    return made.size() == 1 ? Optional.of(made.get(0)) : Optional.empty();
  }

  /**
   * Terraform's "added": created, and the create half of each replace; connections and the
   * resources they stand on.
   */
  static long added(ApplyResult result) {
    return result.countAll(Outcome.CREATED) + result.countAll(Outcome.REPLACED);
  }

  /** Terraform's "changed": updated in place. */
  static long changed(ApplyResult result) {
    return result.countAll(Outcome.UPDATED);
  }

  /**
   * Terraform's "destroyed": deleted (already gone included), and each connection or resource a
   * replace deleted (also when the create that followed failed).
   */
  static long destroyed(ApplyResult result) {
    return result.countAll(Outcome.DELETED)
        + result.results().stream().filter(r -> r.replacedId() != null).count()
        + result.resources().stream().filter(r -> r.replacedId() != null).count();
  }

  /** {@code Resources: 1 added, 0 changed, 1 destroyed.} */
  static String resources(ApplyResult result) {
    return "Resources: "
        + added(result)
        + " added, "
        + changed(result)
        + " changed, "
        + destroyed(result)
        + " destroyed.";
  }
}
