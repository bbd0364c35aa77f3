package dev.vpnform.plan;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Addresses;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Field;
import dev.vpnform.model.Profile;
import dev.vpnform.validate.Validator;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares desired with actual and makes a {@link Plan}: one change per desired connection, the
 * exact minimal request for each update, and every diagnostic.
 */
public final class Planner {
  /** The collection path of IPsec site connections in the Networking API. */
  public static final String COLLECTION_PATH = "/v2.0/vpn/ipsec-site-connections";

  private final Profile profile;
  private final AddressResolver resolver;
  private final boolean rotatePsk;

  /**
   * @param rotatePsk send every managed psk even when it cannot be compared (huaweicloud, or a
   *     server that does not return the psk)
   */
  public Planner(Profile profile, AddressResolver resolver, boolean rotatePsk) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.rotatePsk = rotatePsk;
  }

  /** The profile whose rules this planner applies. */
  public Profile profile() {
    return profile;
  }

  /**
   * Plans {@code desired} against {@code actual}.
   *
   * @param actualSource names where the actual state came from, for messages (a file, a URL)
   */
  public Plan plan(DesiredState desired, List<ActualConnection> actual, String actualSource) {
    List<Diagnostic> diagnostics = new ArrayList<>(desired.warnings());
    diagnostics.addAll(Validator.validate(desired, profile));
    Map<String, ActualConnection> byId = new HashMap<>();
    Map<String, List<ActualConnection>> byName = new HashMap<>();
    for (ActualConnection a : actual) {
      byId.put(a.id().toLowerCase(java.util.Locale.ROOT), a);
      if (a.name() != null) {
        byName.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a);
      }
    }
    Map<String, DesiredConnection> claimed = new HashMap<>();
    List<ConnectionChange> changes = new ArrayList<>();
    for (DesiredConnection d : desired.connections()) {
      Optional<ActualConnection> target = match(d, byId, byName, actualSource, diagnostics);
      if (target.isEmpty()) {
        continue;
      }
      ActualConnection a = target.get();
      DesiredConnection first = claimed.putIfAbsent(a.id(), d);
      if (first != null) {
        diagnostics.add(
            Diagnostic.error(
                "duplicate-target",
                d.label(),
                null,
                "this entry and the one at " + first.source() + " both target connection " + a.id(),
                d.source()));
        continue;
      }
      changes.add(diff(d, a, diagnostics));
    }
    return new Plan(profile, changes, Diagnostic.ordered(diagnostics));
  }

  private Optional<ActualConnection> match(
      DesiredConnection d,
      Map<String, ActualConnection> byId,
      Map<String, List<ActualConnection>> byName,
      String actualSource,
      List<Diagnostic> diagnostics) {
    if (d.id() != null) {
      ActualConnection a = byId.get(d.id().toLowerCase(java.util.Locale.ROOT));
      if (a == null) {
        diagnostics.add(
            Diagnostic.error(
                "target",
                d.label(),
                "id",
                "no IPsec site connection has id " + d.id() + " in " + actualSource,
                d.locationOf("id")));
      }
      return Optional.ofNullable(a);
    }
    List<ActualConnection> found = byName.getOrDefault(d.name(), List.of());
    if (found.size() == 1) {
      return Optional.of(found.get(0));
    }
    String message =
        found.isEmpty()
            ? "no IPsec site connection is named '" + d.name() + "' in " + actualSource
            : found.size()
                + " IPsec site connections are named '"
                + d.name()
                + "' in "
                + actualSource
                + " (ids "
                + found.stream().map(ActualConnection::id).collect(Collectors.joining(", "))
                + "); add 'id:' to choose one";
    diagnostics.add(Diagnostic.error("target", d.label(), "name", message, d.locationOf("name")));
    return Optional.empty();
  }

  /**
   * Compares one desired connection with one actual connection, without validating: what apply uses
   * to check that the server took an update.
   */
  public ConnectionChange compare(DesiredConnection d, ActualConnection a) {
    return compare(d, a, new ArrayList<>());
  }

  private ConnectionChange diff(
      DesiredConnection d, ActualConnection a, List<Diagnostic> diagnostics) {
    ConnectionChange change = compare(d, a, diagnostics);
    Set<String> changed = new LinkedHashSet<>();
    change.fields().forEach(fc -> changed.add(fc.path()));
    diagnostics.addAll(Validator.validateChange(d, a, changed, profile));
    return change;
  }

  private ConnectionChange compare(
      DesiredConnection d, ActualConnection a, List<Diagnostic> diagnostics) {
    List<FieldChange> fields = new ArrayList<>();
    Map<String, Object> body = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (Field f : Field.values()) {
      Optional<Object> want = d.value(f);
      if (want.isEmpty()) {
        continue;
      }
      Object have = a.value(f).orElse(null);
      switch (f) {
        case PSK -> psk(d, a, fields, body, notes);
        case PEER_CIDRS -> {
          @SuppressWarnings("unchecked")
          List<String> cidrs = (List<String>) want.get();
          if (!canonicalSet(cidrs).equals(canonicalSet(a.peerCidrs()))) {
            fields.add(new FieldChange("peer_cidrs", a.peerCidrs(), cidrs, false));
            body.put("peer_cidrs", cidrs);
          }
        }
        case DPD -> dpd((Dpd) want.get(), a, fields, body);
        case PEER_ADDRESS -> peerAddress(d, a, fields, body, notes, diagnostics);
        case LOCAL_EP_GROUP_ID, PEER_EP_GROUP_ID -> {
          String w = (String) want.get();
          if (have == null || !w.equalsIgnoreCase((String) have)) {
            fields.add(new FieldChange(f.apiName(), have, w, false));
            body.put(f.apiName(), w);
          }
        }
        default -> {
          if (!want.get().equals(have)) {
            fields.add(new FieldChange(f.apiName(), have, want.get(), false));
            body.put(f.apiName(), want.get());
          }
        }
      }
    }
    Optional<ApiRequest> request =
        body.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new ApiRequest(
                    "PUT", COLLECTION_PATH + "/" + a.id(), Map.of("ipsec_site_connection", body)));
    return new ConnectionChange(
        a.id(),
        a.name(),
        d.source(),
        request.isPresent() ? Action.UPDATE : Action.NO_OP,
        fields,
        request,
        notes,
        d,
        a);
  }

  /**
   * The psk is compared when the server returns one that can be trusted. Under huaweicloud (H12) or
   * when the server returns none, it is write-only: sent only on request, so that a value that
   * cannot be read back never becomes a perpetual diff.
   */
  private void psk(
      DesiredConnection d,
      ActualConnection a,
      List<FieldChange> fields,
      Map<String, Object> body,
      List<String> notes) {
    boolean comparable = profile != Profile.HUAWEICLOUD && a.psk() != null;
    if (comparable) {
      if (!d.psk().sameValueAs(a.psk())) {
        fields.add(FieldChange.sensitive("psk"));
        body.put("psk", d.psk());
      }
    } else if (rotatePsk) {
      fields.add(FieldChange.sensitive("psk"));
      body.put("psk", d.psk());
      notes.add("psk: sent because of --rotate-psk; the stored psk cannot be compared");
    } else {
      notes.add(
          "psk: not compared, because "
              + (profile == Profile.HUAWEICLOUD
                  ? "huaweicloud does not return the stored psk (H12)"
                  : "the server did not return it")
              + "; use --rotate-psk to send it");
    }
  }

  private static void dpd(
      Dpd want, ActualConnection a, List<FieldChange> fields, Map<String, Object> body) {
    Dpd have = a.dpd() != null ? a.dpd() : new Dpd(null, null, null);
    boolean changed = false;
    if (want.action() != null && !want.action().equals(have.action())) {
      fields.add(new FieldChange("dpd.action", have.action(), want.action(), false));
      changed = true;
    }
    if (want.interval() != null && !want.interval().equals(have.interval())) {
      fields.add(new FieldChange("dpd.interval", have.interval(), want.interval(), false));
      changed = true;
    }
    if (want.timeout() != null && !want.timeout().equals(have.timeout())) {
      fields.add(new FieldChange("dpd.timeout", have.timeout(), want.timeout(), false));
      changed = true;
    }
    if (changed) {
      // The server merges dpd per key; sending the whole merged object makes the request say
      // exactly what the connection will hold.
      body.put("dpd", want.mergedOver(a.dpd()).toMap());
    }
  }

  private void peerAddress(
      DesiredConnection d,
      ActualConnection a,
      List<FieldChange> fields,
      Map<String, Object> body,
      List<String> notes,
      List<Diagnostic> diagnostics) {
    String want = d.peerAddress();
    String have = a.peerAddress();
    if (!Addresses.isIp(want) && !Addresses.isHostname(want)) {
      return; // O16 already reported, without a DNS query
    }
    boolean same;
    if (Addresses.isIp(want) || have == null || !Addresses.isIp(have)) {
      same = have != null && Addresses.canonicalIp(want).equals(Addresses.canonicalIp(have));
    } else {
      List<String> resolved;
      try {
        resolved = resolver.resolve(want);
      } catch (UnknownHostException e) {
        diagnostics.add(
            Diagnostic.error(
                "O16",
                d.label(),
                "peer_address",
                "Peer address " + want + " cannot be resolved",
                d.locationOf("peer_address")));
        return;
      }
      Set<String> canonical = new TreeSet<>();
      resolved.forEach(r -> canonical.add(Addresses.canonicalIp(r)));
      same = canonical.contains(Addresses.canonicalIp(have));
      notes.add(
          "peer_address: '"
              + want
              + "' resolves to "
              + String.join(", ", canonical)
              + (same
                  ? "; the stored value " + have + " is one of them, so no change"
                  : "; the server stores the address it resolves, not the name"));
    }
    if (!same) {
      fields.add(new FieldChange("peer_address", have, want, false));
      body.put("peer_address", want);
    }
  }

  private static Set<String> canonicalSet(List<String> cidrs) {
    Set<String> out = new TreeSet<>();
    for (String s : cidrs) {
      out.add(Addresses.cidr(s).map(Addresses.Cidr::canonical).orElse(s));
    }
    return out;
  }
}
