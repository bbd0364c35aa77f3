package dev.vpnform.plan;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Addresses;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes changes, and nothing else: one {@link ConnectionChange} per desired connection, with the
 * exact request of each. Matching and every rule live in {@code validate/}; the {@code Reconciler}
 * puts them together.
 *
 * <ul>
 *   <li>no live connection: a create (POST of the declared fields only), or nothing for {@code
 *       state: absent};
 *   <li>{@code state: absent}: a delete;
 *   <li>a field that cannot change in place differs ({@code vpnservice_id}, {@code ikepolicy_id},
 *       {@code ipsecpolicy_id}): a replace, DELETE then POST;
 *   <li>otherwise an update with the minimal PUT, or a no-op.
 * </ul>
 */
public final class Planner {
  private final Differ differ;

  /**
   * @param rotatePsk send every managed psk even when it cannot be compared
   */
  public Planner(Profile profile, boolean rotatePsk) {
    this.differ = new Differ(profile, rotatePsk);
  }

  /**
   * One change per entry, in the map's order.
   *
   * @param targets each desired connection with its live connection, or null when it has none
   */
  public List<ConnectionChange> changes(
      Map<DesiredConnection, ActualConnection> targets, AddressBook addresses) {
    List<ConnectionChange> out = new ArrayList<>();
    targets.forEach((d, a) -> out.add(change(d, a, addresses)));
    return out;
  }

  /** The change that makes {@code a} (null: none exists) hold what {@code d} wants. */
  public ConnectionChange change(DesiredConnection d, ActualConnection a, AddressBook addresses) {
    if (a == null) {
      if (d.absent()) {
        return new ConnectionChange(
            null,
            d.name(),
            d.source(),
            Action.NO_OP,
            List.of(),
            Optional.empty(),
            List.of(),
            d,
            null);
      }
      return create(d);
    }
    if (d.absent()) {
      return new ConnectionChange(
          a.id(),
          a.name(),
          d.source(),
          Action.DELETE,
          List.of(),
          Optional.of(ApiRequest.delete(Kind.CONNECTION.path() + "/" + a.id())),
          List.of(),
          d,
          a);
    }
    Differ.Diff diff = differ.diff(d, a, addresses);
    if (diff.forcesReplacement()) {
      return new ConnectionChange(
          a.id(),
          a.name(),
          d.source(),
          Action.REPLACE,
          diff.fields(),
          Optional.of(post(replacementBody(d, a))),
          diff.notes(),
          d,
          a);
    }
    Optional<ApiRequest> request =
        diff.body().isEmpty()
            ? Optional.empty()
            : Optional.of(
                new ApiRequest(
                    "PUT",
                    Kind.CONNECTION.path() + "/" + a.id(),
                    Map.of(Kind.CONNECTION.bodyKey(), diff.body())));
    return new ConnectionChange(
        a.id(),
        a.name(),
        d.source(),
        request.isPresent() ? Action.UPDATE : Action.NO_OP,
        diff.fields(),
        request,
        diff.notes(),
        d,
        a);
  }

  /** A POST of the declared fields only: the server's defaults hold for the rest. */
  private static ConnectionChange create(DesiredConnection d) {
    Map<String, Object> body = createBody(d);
    List<FieldChange> fields = new ArrayList<>();
    body.forEach(
        (k, v) ->
            fields.add(
                Kind.CONNECTION.attribute(k).map(Attribute::sensitive).orElse(false)
                    ? FieldChange.sensitive(k)
                    : new FieldChange(k, null, v, false)));
    return new ConnectionChange(
        null,
        d.name(),
        d.source(),
        Action.CREATE,
        fields,
        Optional.of(post(body)),
        List.of(),
        d,
        null);
  }

  /** What a create sends: every declared attribute, the name included. */
  public static Map<String, Object> createBody(DesiredConnection d) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (Attribute attr : Kind.CONNECTION.sent()) {
      Object v =
          attr == ConnectionSchema.NAME ? d.values().get(attr.name()) : d.value(attr).orElse(null);
      if (v != null) {
        body.put(attr.name(), v);
      }
    }
    return body;
  }

  /**
   * What the replacement's POST sends: the declared fields over the live connection's own values
   * (an undeclared field is not managed, so the new connection keeps what the old one held). The
   * psk comes from the configuration only: a saved plan never holds a psk read from the server.
   */
  static Map<String, Object> replacementBody(DesiredConnection d, ActualConnection a) {
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> declared = createBody(d);
    for (Attribute attr : Kind.CONNECTION.sent()) {
      Object v = declared.get(attr.name());
      if (v == null && !attr.sensitive()) {
        v = a.values().get(attr.name());
        if (v instanceof List<?> l && l.isEmpty()) {
          v = null; // peer_cidrs [] in endpoint-group mode: not a value to send
        }
      }
      if (v != null) {
        body.put(attr.name(), v);
      }
    }
    return body;
  }

  private static ApiRequest post(Map<String, Object> body) {
    return new ApiRequest("POST", Kind.CONNECTION.path(), Map.of(Kind.CONNECTION.bodyKey(), body));
  }

  /** The hostnames (peer_address) that must be resolved before planning the targets. */
  public static List<String> hostsToResolve(Map<DesiredConnection, ActualConnection> targets) {
    List<String> hosts = new ArrayList<>();
    targets.forEach(
        (d, a) -> {
          String want = d.peerAddress();
          boolean create = a == null && !d.absent();
          if (create
              ? want != null && !Addresses.isIp(want) && Addresses.isHostname(want)
              : a != null && AddressBook.needs(d, a)) {
            hosts.add(want); // a create's hostname is resolved by the server: check it does
          }
        });
    return hosts;
  }
}
