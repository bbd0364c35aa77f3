package dev.vpnform.plan;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Note;
import dev.vpnform.model.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the plan does to one connection: the field changes and, for an update, the exact request.
 *
 * @param notes explanations a reader needs, e.g. that a hostname resolves to the stored address
 */
public record ConnectionChange(
    String id,
    String name,
    SourceLocation source,
    Action action,
    List<FieldChange> fields,
    Optional<ApiRequest> request,
    List<Note> notes,
    DesiredConnection desired,
    ActualConnection actual) {

  public ConnectionChange {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(action, "action");
    fields = List.copyOf(fields);
    notes = List.copyOf(notes);
    Objects.requireNonNull(request, "request");
    if ((action == Action.UPDATE) != request.isPresent()) {
      throw new IllegalArgumentException("an update, and only an update, has a request: " + id);
    }
  }

  /** The connection's name, else its id. */
  public String label() {
    return name != null && !name.isEmpty() ? name : id;
  }
}
