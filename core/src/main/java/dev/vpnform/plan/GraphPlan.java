package dev.vpnform.plan;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Note;
import dev.vpnform.model.Pending;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the changes of IKE policies, IPsec policies, endpoint groups and VPN services mean for the
 * connections that stand on them, decided at plan time so that apply never meets a 409 or a 400:
 *
 * <ul>
 *   <li>the ids references by name resolve to: a declared resource's live id, or a {@link Pending}
 *       id for one the plan creates or replaces;
 *   <li>the connections an {@code exclusive: true} VPN service prunes;
 *   <li>the errors: a change to a policy that a connection keeps using (the server refuses any
 *       change to a policy in use, 409), and a delete or replace of a resource that a connection
 *       outside the plan still uses; a protected resource deleted or replaced.
 * </ul>
 *
 * No I/O.
 */
public final class GraphPlan {
  private GraphPlan() {}

  /** The connection attributes that hold the id of a resource of another kind. */
  static final Map<String, Kind> REFERENCES =
      Map.of(
          "vpnservice_id", Kind.VPN_SERVICE,
          "ikepolicy_id", Kind.IKE_POLICY,
          "ipsecpolicy_id", Kind.IPSEC_POLICY,
          "local_ep_group_id", Kind.ENDPOINT_GROUP,
          "peer_ep_group_id", Kind.ENDPOINT_GROUP);

  /**
   * Per kind, each declared name and the id a reference to it resolves to: the live id when the
   * resource stays, a {@link Pending} id when the plan creates or replaces it, null when the plan
   * deletes it.
   */
  public static Map<Kind, Map<String, String>> declaredIds(List<ResourceChange> changes) {
    Map<Kind, Map<String, String>> out = new EnumMap<>(Kind.class);
    for (ResourceChange c : changes) {
      DesiredResource d = c.desired();
      String name = d.name();
      if (name == null) {
        continue; // declared by id only: nothing refers to it by name
      }
      String id =
          switch (c.action()) {
            case CREATE, REPLACE -> Pending.id(c.kind(), name);
            case UPDATE -> c.id();
            case NO_OP -> d.absent() ? null : c.id();
            case DELETE -> null;
          };
      out.computeIfAbsent(c.kind(), k -> new LinkedHashMap<>()).put(name, id);
    }
    return out;
  }

  /** The fields each resource the plan creates will hold, by its {@link Pending} id. */
  public static Map<String, Map<String, Object>> planned(List<ResourceChange> changes) {
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (ResourceChange c : changes) {
      if ((c.action() == Action.CREATE || c.action() == Action.REPLACE)
          && c.desired().name() != null) {
        Map<String, Object> fields = new LinkedHashMap<>(c.request().orElseThrow().fields());
        out.put(Pending.id(c.kind(), c.desired().name()), fields);
      }
    }
    return out;
  }

  /**
   * The deletes of the live connections on each exclusive VPN service that no file declares
   * (neither by id nor by name), in the order the server listed them.
   *
   * @param planned the changes of the declared connections
   * @param live every connection the credentials see
   */
  public static List<ConnectionChange> prune(
      List<ResourceChange> resources, List<ConnectionChange> planned, List<ActualConnection> live) {
    Set<String> declared = new HashSet<>();
    for (ConnectionChange c : planned) {
      if (c.id() != null) {
        declared.add(lower(c.id()));
      }
    }
    List<ConnectionChange> out = new ArrayList<>();
    for (ResourceChange r : resources) {
      if (r.kind() != Kind.VPN_SERVICE || !r.desired().exclusive() || r.id() == null) {
        continue;
      }
      for (ActualConnection a : live) {
        if (!r.id().equalsIgnoreCase(String.valueOf(a.vpnserviceId()))
            || !declared.add(lower(a.id()))) {
          continue;
        }
        DesiredConnection d =
            DesiredConnection.builder(r.desired().source())
                .id(a.id())
                .set("name", a.name())
                .set("state", "absent")
                .build();
        out.add(
            new ConnectionChange(
                a.id(),
                a.name(),
                r.desired().source(),
                Action.DELETE,
                List.of(),
                Optional.of(ApiRequest.delete(Kind.CONNECTION.path() + "/" + a.id())),
                List.of(
                    new Note(
                        Note.Kind.GRAPH,
                        "vpnservice_id",
                        "not declared in any file, and the VPN service '"
                            + r.label()
                            + "' is exclusive")),
                d,
                a));
      }
    }
    return out;
  }

  /**
   * The errors of the graph: see the class. {@code connections} holds every connection change of
   * the plan, the pruned ones included.
   */
  public static List<Diagnostic> check(
      List<ResourceChange> resources,
      List<ConnectionChange> connections,
      List<ActualConnection> live) {
    Map<String, ConnectionChange> byId = new HashMap<>();
    for (ConnectionChange c : connections) {
      if (c.id() != null) {
        byId.put(lower(c.id()), c);
      }
    }
    List<Diagnostic> out = new ArrayList<>();
    for (ResourceChange r : resources) {
      DesiredResource d = r.desired();
      boolean destroys = r.action() == Action.DELETE || r.action() == Action.REPLACE;
      if (destroys && d.protect()) {
        out.add(
            Diagnostic.error(
                "protect",
                d.label(),
                "protect",
                "the "
                    + r.kind().label()
                    + " is protected ('protect: true'), but this plan "
                    + (r.action() == Action.DELETE
                        ? "deletes it"
                        : "replaces it (" + String.join(", ", r.replacedBy()) + ")")
                    + "; remove 'protect' to allow it",
                d.locationOf("protect")));
      }
      boolean policy = r.kind() == Kind.IKE_POLICY || r.kind() == Kind.IPSEC_POLICY;
      boolean needsFree = destroys || (policy && r.action() == Action.UPDATE);
      if (!needsFree || r.id() == null) {
        continue;
      }
      List<ActualConnection> users = new ArrayList<>();
      String field = null;
      for (ActualConnection a : live) {
        for (Map.Entry<String, Kind> e : REFERENCES.entrySet()) {
          if (e.getValue() == r.kind()
              && r.id().equalsIgnoreCase(String.valueOf(a.values().get(e.getKey())))
              && keeps(byId.get(lower(a.id())), e.getKey())
              && !users.contains(a)) {
            users.add(a);
            field = field == null ? e.getKey() : field;
          }
        }
      }
      if (users.isEmpty()) {
        continue;
      }
      out.add(
          Diagnostic.error(
              "in-use",
              d.label(),
              r.action() == Action.REPLACE ? r.replacedBy().get(0) : null,
              inUse(r, users, field),
              r.action() == Action.REPLACE ? d.locationOf(r.replacedBy().get(0)) : d.source()));
    }
    return out;
  }

  /**
   * The resource changes with what each disruptive one does to its connections, in words a reviewer
   * needs before approving: the connections a replaced service takes with it, the ones a replaced
   * endpoint group repoints, the ones a changed policy waits for.
   */
  public static List<ResourceChange> explain(
      List<ResourceChange> resources, List<ConnectionChange> connections) {
    List<ResourceChange> out = new ArrayList<>();
    for (ResourceChange r : resources) {
      boolean policy = r.kind() == Kind.IKE_POLICY || r.kind() == Kind.IPSEC_POLICY;
      if (r.id() == null
          || !(r.action() == Action.REPLACE || (policy && r.action() == Action.UPDATE))) {
        out.add(r);
        continue;
      }
      List<String> labels = new ArrayList<>();
      for (ConnectionChange c : connections) {
        if (c.actual() == null || c.action() == Action.NO_OP) {
          continue;
        }
        for (Map.Entry<String, Kind> e : REFERENCES.entrySet()) {
          if (e.getValue() == r.kind()
              && r.id().equalsIgnoreCase(String.valueOf(c.actual().values().get(e.getKey())))
              && !labels.contains("'" + c.label() + "'")) {
            labels.add("'" + c.label() + "'");
          }
        }
      }
      if (labels.isEmpty()) {
        out.add(r);
        continue;
      }
      String which = String.join(", ", labels);
      String detail =
          switch (r.kind()) {
            case VPN_SERVICE ->
                "replacing the VPN service replaces its connections "
                    + which
                    + ": their tunnels are down from their delete until the new connections are"
                    + " up, with new ids";
            case ENDPOINT_GROUP ->
                "the new group is made first, the connections "
                    + which
                    + " are repointed to it in place (a PUT: they keep their ids), then this group"
                    + " is deleted";
            default ->
                r.action() == Action.UPDATE
                    ? "the server refuses changes to a policy in use: the change is made after the"
                        + " connections "
                        + which
                        + " are deleted, and before they are created again"
                    : "the connections " + which + " are replaced with it";
          };
      List<Note> notes = new ArrayList<>(r.notes());
      notes.add(new Note(Note.Kind.GRAPH, "connections", detail));
      out.add(
          new ResourceChange(
              r.kind(),
              r.id(),
              r.name(),
              r.source(),
              r.action(),
              r.fields(),
              r.request(),
              notes,
              r.desired(),
              r.actual()));
    }
    return out;
  }

  /**
   * Whether the connection keeps its value of {@code field} after {@code change} (null: it is in no
   * change of this plan).
   */
  private static boolean keeps(ConnectionChange change, String field) {
    if (change == null) {
      return true;
    }
    return switch (change.action()) {
      case DELETE, REPLACE -> false;
      case UPDATE -> !change.request().orElseThrow().fields().containsKey(field);
      default -> true;
    };
  }

  /**
   * @param field the connection attribute by which (the first of) the users refer to it
   */
  private static String inUse(ResourceChange r, List<ActualConnection> users, String field) {
    List<String> named = new ArrayList<>();
    for (ActualConnection a : users) {
      named.add(a.name().isEmpty() ? a.id() : "'" + a.name() + "' (" + a.id() + ")");
    }
    String which =
        users.size() == 1
            ? "the connection " + named.get(0)
            : users.size() + " connections: " + String.join(", ", named);
    String what = "the " + r.kind().label() + " '" + r.label() + "'";
    return switch (r.action()) {
      case UPDATE ->
          what
              + " is in use by "
              + which
              + ", and the server refuses any change to a policy in use, even a rename (409 "
              + (r.kind() == Kind.IKE_POLICY ? "IKEPolicyInUse" : "IPsecPolicyInUse")
              + "). Declare a new "
              + r.kind().label()
              + " with these settings and point the connections at it (that replaces them), or"
              + " replace every connection that uses it in this plan";
      case DELETE ->
          what
              + " cannot be deleted while "
              + which
              + (users.size() == 1 ? " uses" : " use")
              + " it: delete them in this plan ('state: absent'), or point them at another "
              + r.kind().label()
              + (r.kind() == Kind.VPN_SERVICE
                  ? ", or set 'exclusive: true' on the service to delete the undeclared ones"
                  : "");
      default ->
          what
              + " must be replaced ("
              + String.join(", ", r.replacedBy())
              + " cannot change in place), and "
              + which
              + " would keep the old one, which blocks its delete: declare "
              + (users.size() == 1 ? "it" : "them")
              + " with a reference by name ('"
              + field.substring(0, field.length() - "_id".length())
              + ": "
              + r.label()
              + "')"
              + (r.kind() == Kind.VPN_SERVICE
                  ? ", or set 'exclusive: true' on the service to delete the undeclared ones"
                  : "");
    };
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
