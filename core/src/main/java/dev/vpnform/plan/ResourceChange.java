package dev.vpnform.plan;

import dev.vpnform.model.ActualResource;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Note;
import dev.vpnform.model.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the plan does to one IKE policy, IPsec policy, endpoint group or VPN service: the field
 * changes and the request. An update has its PUT, a create its POST, a delete its DELETE and a
 * replace the POST of the new resource.
 *
 * <p>A replaced endpoint group is made before the old one goes ({@link #createBeforeDestroy()}):
 * its connections are repointed to the new group with a PUT in between, so they stay up. Any other
 * replace deletes first.
 *
 * @param id the live resource's id; null for a create, and for a deleted entry already gone
 * @param actual the resource as planned against; null when there is none
 */
public record ResourceChange(
    Kind kind,
    String id,
    String name,
    SourceLocation source,
    Action action,
    List<FieldChange> fields,
    Optional<ApiRequest> request,
    List<Note> notes,
    DesiredResource desired,
    ActualResource actual) {

  public ResourceChange {
    Objects.requireNonNull(kind, "kind");
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
      throw new IllegalArgumentException("only a create has no resource to act on: " + name);
    }
  }

  /** The resource's name, else its id. */
  public String label() {
    return name != null && !name.isEmpty() ? name : id;
  }

  /** An endpoint group is replaced by making the new one first and repointing its connections. */
  public boolean createBeforeDestroy() {
    return action == Action.REPLACE && kind == Kind.ENDPOINT_GROUP;
  }

  /** Every request apply sends for it, in order. */
  public List<ApiRequest> requests() {
    if (action == Action.REPLACE) {
      ApiRequest delete = ApiRequest.delete(kind.path() + "/" + id);
      return createBeforeDestroy()
          ? List.of(request.orElseThrow(), delete)
          : List.of(delete, request.orElseThrow());
    }
    return request.stream().toList();
  }

  /** The key paths whose change forces the replacement. */
  public List<String> replacedBy() {
    return fields.stream().filter(FieldChange::forcesReplacement).map(FieldChange::path).toList();
  }
}
