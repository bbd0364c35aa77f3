package dev.vpnform.plan;

import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import java.util.List;
import java.util.Objects;

/**
 * The result of comparing desired with actual: one change per desired connection (no-ops included),
 * and every diagnostic found. Plans are data; renderers live in the CLI.
 */
public record Plan(Profile profile, List<ConnectionChange> changes, List<Diagnostic> diagnostics) {
  public Plan {
    Objects.requireNonNull(profile, "profile");
    changes = List.copyOf(changes);
    diagnostics = List.copyOf(diagnostics);
  }

  public long updateCount() {
    return changes.stream().filter(c -> c.action() == Action.UPDATE).count();
  }

  public long noOpCount() {
    return changes.stream().filter(c -> c.action() == Action.NO_OP).count();
  }

  public long errorCount() {
    return diagnostics.stream().filter(Diagnostic::isError).count();
  }

  public long warningCount() {
    return diagnostics.size() - errorCount();
  }

  public boolean hasChanges() {
    return updateCount() > 0;
  }

  /** A plan with errors cannot be applied. */
  public boolean applicable() {
    return errorCount() == 0;
  }
}
