package dev.vpnform.plan;

import static dev.vpnform.plan.PlanFile.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Note;
import dev.vpnform.model.Profile;
import java.util.List;

/**
 * Rebuilds a saved change from its desired and actual halves, with the same {@link Differ} as
 * planning, and refuses the file when what it shows is not what those halves give.
 */
final class PlanFileVerifier {
  private final PlanJson r;
  private final String change;
  private final Profile profile;
  private final boolean rotate;
  private final AddressResolver resolver;

  PlanFileVerifier(
      PlanJson r, String change, Profile profile, boolean rotate, AddressResolver resolver) {
    this.r = r;
    this.change = change;
    this.profile = profile;
    this.rotate = rotate;
    this.resolver = resolver;
  }

  ConnectionChange verify(
      JsonNode n,
      DesiredConnection desired,
      ActualConnection actual,
      List<JsonNode> savedFields,
      List<String> savedPaths,
      boolean pskSent)
      throws PlanFileException {
    // Rebuild the change from its two halves: what apply sends always follows from them.
    AddressBook addresses =
        AddressBook.resolve(
            actual != null && AddressBook.needs(desired, actual)
                ? List.of(desired.peerAddress())
                : List.of(),
            resolver);
    ConnectionChange rebuilt =
        new Planner(profile, rotate || pskSent).change(desired, actual, addresses);
    compare(n, rebuilt.fields(), rebuilt.request(), rebuilt.action(), savedFields, savedPaths);
    if (pskSent && !rotate) {
      // The psk was planned as a change (the server returned a different one); a saved plan
      // holds no psk, so the rebuild sends it as if rotated. Keep the plan's own wording.
      rebuilt =
          new ConnectionChange(
              rebuilt.id(),
              rebuilt.name(),
              rebuilt.source(),
              rebuilt.action(),
              rebuilt.fields(),
              rebuilt.request(),
              rebuilt.notes().stream()
                  .filter(note -> note.kind() != Note.Kind.PSK_ROTATED)
                  .toList(),
              rebuilt.desired(),
              rebuilt.actual());
    }
    return rebuilt;
  }

  /**
   * Refuses the file unless the rebuilt change lists the saved fields, with the saved new values,
   * and the saved request and action: what the file shows is exactly what apply sends.
   */
  void compare(
      JsonNode n,
      List<FieldChange> fields,
      java.util.Optional<ApiRequest> request,
      Action rebuiltAction,
      List<JsonNode> savedFields,
      List<String> savedPaths)
      throws PlanFileException {
    List<String> rebuiltPaths = fields.stream().map(FieldChange::path).toList();
    if (!rebuiltPaths.equals(savedPaths)) {
      throw r.bad(
          change
              + " lists other fields than its desired and actual values give ("
              + (rebuiltPaths.isEmpty() ? "none" : String.join(", ", rebuiltPaths))
              + "): the file was edited; plan again");
    }
    // And what the file shows, the new values and the request that were reviewed, is exactly
    // what apply would send: an edit to one half alone must not change what is sent.
    for (int i = 0; i < savedFields.size(); i++) {
      FieldChange f = fields.get(i);
      JsonNode after = savedFields.get(i).get("after");
      if (!tree(f.after()).equals(after == null ? tree(null) : after)
          || f.sensitive() != r.bool(savedFields.get(i), "sensitive")) {
        throw r.bad(
            change
                + " shows a new "
                + f.path()
                + " that its desired values do not give: the file was edited; plan again");
      }
    }
    JsonNode savedRequest = n.get("request");
    boolean noSavedRequest = savedRequest == null || savedRequest.isNull();
    ObjectNode rebuiltRequest = request.map(PlanFileWriter::requestTree).orElse(null);
    if (rebuiltRequest == null ? !noSavedRequest : !rebuiltRequest.equals(savedRequest)) {
      throw r.bad(
          change
              + " shows a request that its desired and actual values do not give: the file was"
              + " edited; plan again");
    }
    String action = r.text(n, "action", false);
    if (!rebuiltAction.label().equals(action)) {
      throw r.bad(change + " has an action that its values do not give");
    }
  }

  private static JsonNode tree(Object value) {
    return value == null ? JSON.nullNode() : JSON.valueToTree(value);
  }
}
