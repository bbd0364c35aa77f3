package dev.vpnform.plan;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Note;
import dev.vpnform.model.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the plan does to one connection: the field changes and the exact request. An update has its
 * PUT, a create its POST, a delete its DELETE, and a replace the POST that follows its DELETE.
 *
 * @param id the connection's id; null for a create, and for a deleted entry that is already gone
 * @param notes explanations a reader needs, e.g. that a hostname resolves to the stored address
 * @param actual the connection as planned against; null when there is none
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
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(action, "action");
    fields = List.copyOf(fields);
    notes = List.copyOf(notes);
    Objects.requireNonNull(request, "request");
    if (action.changes() != request.isPresent()) {
      throw new IllegalArgumentException("a change, and only a change, has a request: " + name);
    }
    if ((id == null) != (actual == null)
        || (id == null && action != Action.CREATE && action != Action.NO_OP)) {
      throw new IllegalArgumentException("only a create has no connection to act on: " + name);
    }
  }

  /** The connection's name, else its id. */
  public String label() {
    return name != null && !name.isEmpty() ? name : id;
  }

  /** Every request apply sends, in order: a replace's DELETE, then its POST. */
  public List<ApiRequest> requests() {
    if (action == Action.REPLACE) {
      return List.of(ApiRequest.delete(Kind.CONNECTION.path() + "/" + id), request.orElseThrow());
    }
    return request.stream().toList();
  }

  /** The key paths whose change forces the replacement. */
  public List<String> replacedBy() {
    return fields.stream().filter(FieldChange::forcesReplacement).map(FieldChange::path).toList();
  }
}
