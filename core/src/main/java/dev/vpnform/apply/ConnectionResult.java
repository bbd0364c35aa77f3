package dev.vpnform.apply;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of applying one connection's change.
 *
 * @param id the connection's id (for a replace or a create, the new one); null when there is none
 * @param fields the key paths that were sent
 * @param status the connection's status after the update, or null when unknown
 * @param message why it failed, or null
 * @param warnings what the user should check, e.g. a status that is not ACTIVE (F10)
 * @param replacedId for a replace whose delete was done, the id of the connection it deleted (even
 *     when the create that followed failed); null otherwise
 */
public record ConnectionResult(
    String id,
    String name,
    Outcome outcome,
    List<String> fields,
    String status,
    String message,
    List<String> warnings,
    Duration elapsed,
    String replacedId) {
  public ConnectionResult {
    Objects.requireNonNull(outcome, "outcome");
    fields = List.copyOf(fields);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** A result of anything but a replace. */
  public ConnectionResult(
      String id,
      String name,
      Outcome outcome,
      List<String> fields,
      String status,
      String message,
      List<String> warnings,
      Duration elapsed) {
    this(id, name, outcome, fields, status, message, warnings, elapsed, null);
  }

  /** This result, as the second half of a replace that deleted {@code replaced}. */
  public ConnectionResult withReplacedId(String replaced) {
    return new ConnectionResult(
        id, name, outcome, fields, status, message, warnings, elapsed, replaced);
  }

  public String label() {
    return name != null && !name.isEmpty() ? name : id;
  }

  public boolean failed() {
    return outcome == Outcome.FAILED;
  }
}
