package dev.vpnform.plan;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes changes, and nothing else: one {@link ConnectionChange} per matched pair of desired and
 * actual connections, with the exact minimal request of each update. Matching and every rule live
 * in {@code validate/}; the {@code Reconciler} puts them together.
 */
public final class Planner {
  private final Differ differ;

  /**
   * @param rotatePsk send every managed psk even when it cannot be compared
   */
  public Planner(Profile profile, boolean rotatePsk) {
    this.differ = new Differ(profile, rotatePsk);
  }

  /** One change per pair, in the map's order. */
  public List<ConnectionChange> changes(
      Map<DesiredConnection, ActualConnection> targets, AddressBook addresses) {
    List<ConnectionChange> out = new ArrayList<>();
    targets.forEach((d, a) -> out.add(change(d, a, addresses)));
    return out;
  }

  /** The change that makes {@code a} hold what {@code d} wants. */
  public ConnectionChange change(DesiredConnection d, ActualConnection a, AddressBook addresses) {
    Differ.Diff diff = differ.diff(d, a, addresses);
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

  /** The pairs whose peer_address must be resolved before planning them. */
  public static List<String> hostsToResolve(Map<DesiredConnection, ActualConnection> targets) {
    List<String> hosts = new ArrayList<>();
    targets.forEach(
        (d, a) -> {
          if (AddressBook.needs(d, a)) {
            hosts.add(d.peerAddress());
          }
        });
    return hosts;
  }
}
