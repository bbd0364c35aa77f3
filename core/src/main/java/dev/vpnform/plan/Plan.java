package dev.vpnform.plan;

import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import java.util.List;
import java.util.Objects;

/**
 * The result of comparing desired with actual: one change per desired connection (no-ops included;
 * creates, updates, replaces and deletes), and every diagnostic found. A plan describes itself: it
 * records what it was made with (profile, the actual state's source, whether psk rotation was
 * requested), so that it can be saved and applied later as reviewed. Plans are data; renderers live
 * in the CLI.
 *
 * @param source where the actual state came from: an endpoint URL or a file
 * @param rotatePsk whether psks that cannot be compared are sent anyway
 * @param changes one per desired connection, and one per connection an exclusive VPN service prunes
 * @param resources one per declared IKE policy, IPsec policy, endpoint group and VPN service, in
 *     creation order ({@link dev.vpnform.model.Kind})
 */
public record Plan(
    Profile profile,
    String source,
    boolean rotatePsk,
    List<ConnectionChange> changes,
    List<ResourceChange> resources,
    List<Diagnostic> diagnostics) {
  public Plan {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(source, "source");
    changes = List.copyOf(changes);
    resources = List.copyOf(resources);
    diagnostics = List.copyOf(diagnostics);
  }

  /** A plan of connections only. */
  public Plan(
      Profile profile,
      String source,
      boolean rotatePsk,
      List<ConnectionChange> changes,
      List<Diagnostic> diagnostics) {
    this(profile, source, rotatePsk, changes, List.of(), diagnostics);
  }

  private java.util.stream.Stream<Action> actions() {
    return java.util.stream.Stream.concat(
        resources.stream().map(ResourceChange::action), changes.stream().map(c -> c.action()));
  }

  public long updateCount() {
    return count(Action.UPDATE);
  }

  /** Terraform's "to add": creates, and the create half of each replace. */
  public long addCount() {
    return actions().mapToInt(Action::adds).sum();
  }

  /** Terraform's "to change": updates in place. */
  public long changeCount() {
    return updateCount();
  }

  /** Terraform's "to destroy": deletes, and the delete half of each replace. */
  public long destroyCount() {
    return actions().mapToInt(Action::destroys).sum();
  }

  /** {@code Plan: 1 to add, 2 to change, 0 to destroy.}, as Terraform says it. */
  public String summary() {
    return "Plan: "
        + addCount()
        + " to add, "
        + changeCount()
        + " to change, "
        + destroyCount()
        + " to destroy.";
  }

  /** Changes of connections and of the resources they stand on with {@code action}. */
  public long count(Action action) {
    return actions().filter(a -> a == action).count();
  }

  public long noOpCount() {
    return count(Action.NO_OP);
  }

  public long errorCount() {
    return diagnostics.stream().filter(Diagnostic::isError).count();
  }

  public long warningCount() {
    return diagnostics.size() - errorCount();
  }

  public boolean hasChanges() {
    return actions().anyMatch(Action::changes);
  }

  /** A plan with errors cannot be applied. */
  public boolean applicable() {
    return errorCount() == 0;
  }

  /** This plan with {@code more} diagnostics, in source order. */
  public Plan withDiagnostics(List<Diagnostic> more) {
    List<Diagnostic> all = new java.util.ArrayList<>(diagnostics);
    all.addAll(more);
    return new Plan(profile, source, rotatePsk, changes, resources, Diagnostic.ordered(all));
  }
}
