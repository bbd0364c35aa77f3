package dev.vpnform.apply;

import dev.vpnform.model.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of applying one IKE policy's, IPsec policy's, endpoint group's or VPN service's
 * change.
 *
 * @param id the resource's id (for a create or a replace, the new one); null when there is none
 * @param fields the key paths that were sent
 * @param message why it failed or was not attempted, or null
 * @param replacedId for a replace whose delete was done, the id it deleted; null otherwise
 */
public record ResourceResult(
    Kind kind,
    String id,
    String name,
    Outcome outcome,
    List<String> fields,
    String message,
    Duration elapsed,
    String replacedId) {
  public ResourceResult {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outcome, "outcome");
    fields = List.copyOf(fields);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** This result, as a replace that deleted {@code replaced}. */
  public ResourceResult withReplacedId(String replaced) {
    return new ResourceResult(kind, id, name, outcome, fields, message, elapsed, replaced);
  }

  public String label() {
    return name != null && !name.isEmpty() ? name : id;
  }

  public boolean failed() {
    return outcome == Outcome.FAILED;
  }
}
