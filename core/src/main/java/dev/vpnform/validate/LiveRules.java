package dev.vpnform.validate;

import dev.vpnform.model.Addresses;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Diagnostic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules that need the cloud beyond the connections themselves. O13: an endpoint group a plan
 * switches to must exist and be of the right type (subnet for local, cidr for peer).
 */
public final class LiveRules {
  private LiveRules() {}

  /** One endpoint group a plan switches a connection to. */
  public record GroupChange(DesiredConnection connection, String field, String groupId) {}

  /**
   * O13 against the cloud; each group is looked up once.
   *
   * @throws E what {@code groups} throws
   */
  public static <E extends Exception> List<Diagnostic> endpointGroups(
      List<GroupChange> changes, EndpointGroupLookup<E> groups) throws E {
    List<Diagnostic> out = new ArrayList<>();
    Map<String, Optional<String>> seen = new HashMap<>();
    for (GroupChange g : changes) {
      if (!Addresses.isUuid(g.groupId())) {
        continue; // O13 already reported offline
      }
      Optional<String> type = seen.get(g.groupId());
      if (type == null) {
        type = groups.type(g.groupId());
        seen.put(g.groupId(), type);
      }
      String want = g.field().equals("local_ep_group_id") ? "subnet" : "cidr";
      String message = null;
      if (type.isEmpty()) {
        message = "Endpoint group " + g.groupId() + " could not be found";
      } else if (!want.equals(type.get())) {
        message =
            "Endpoint group "
                + g.groupId()
                + " type is '"
                + type.get()
                + "' and should be '"
                + want
                + "'";
      }
      if (message != null) {
        out.add(
            Diagnostic.error(
                "O13",
                g.connection().label(),
                g.field(),
                message,
                g.connection().locationOf(g.field())));
      }
    }
    return out;
  }

  /** An endpoint group's type by id, empty when there is none; may fail as the cloud fails. */
  @FunctionalInterface
  public interface EndpointGroupLookup<E extends Exception> {
    Optional<String> type(String id) throws E;
  }
}
