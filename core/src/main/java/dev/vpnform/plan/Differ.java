package dev.vpnform.plan;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.Addresses;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Note;
import dev.vpnform.model.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one owner of "does the actual connection hold what is desired": each attribute is compared
 * the way its {@link Attribute.Comparison} says. The planner, apply's checks and the plan-file
 * verifier all ask this class. No I/O: hostnames come resolved in an {@link AddressBook}.
 */
public final class Differ {
  private final Profile profile;
  private final boolean rotatePsk;

  /**
   * @param rotatePsk send every managed psk even when it cannot be compared (a profile whose server
   *     does not return the stored psk, or a server that returns none)
   */
  public Differ(Profile profile, boolean rotatePsk) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.rotatePsk = rotatePsk;
  }

  /**
   * What differs.
   *
   * @param fields one change per key path, in plan order
   * @param body the minimal PUT body: only what differs and can change in place
   */
  public record Diff(List<FieldChange> fields, Map<String, Object> body, List<Note> notes) {
    public Diff {
      fields = List.copyOf(fields);
      body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
      notes = List.copyOf(notes);
    }

    /** Whether a field differs that the API cannot change in place. */
    public boolean forcesReplacement() {
      return fields.stream().anyMatch(FieldChange::forcesReplacement);
    }

    /** The key paths that differ. */
    public List<String> paths() {
      return fields.stream().map(FieldChange::path).toList();
    }
  }

  public Diff diff(DesiredConnection d, ActualConnection a, AddressBook addresses) {
    List<FieldChange> fields = new ArrayList<>();
    Map<String, Object> body = new LinkedHashMap<>();
    List<Note> notes = new ArrayList<>();
    for (Attribute attr : Kind.CONNECTION.sent()) {
      Optional<Object> want = d.value(attr);
      if (want.isEmpty()) {
        continue;
      }
      Object have = a.value(attr).orElse(null);
      switch (attr.comparison()) {
        case SECRET -> secret(attr, want.get(), have, fields, body, notes);
        case PER_KEY -> perKey(attr, asMap(want.get()), asMap(have), fields, body);
        case RESOLVED_ADDRESS -> {
          if (!sameAddress((String) want.get(), (String) have, addresses, notes)) {
            change(attr, have, want.get(), fields, body);
          }
        }
        default -> {
          if (!Canonical.same(attr, want.get(), have)) {
            change(attr, have, want.get(), fields, body);
          }
        }
      }
    }
    return new Diff(fields, body, notes);
  }

  /**
   * What differs between a declared IKE policy, IPsec policy, endpoint group or VPN service and the
   * live one: each managed attribute that requests carry, compared by its {@link
   * Attribute.Comparison}.
   */
  public static Diff diff(DesiredResource d, ActualResource a) {
    List<FieldChange> fields = new ArrayList<>();
    Map<String, Object> body = new LinkedHashMap<>();
    for (Attribute attr : d.kind().sent()) {
      Optional<Object> want = d.value(attr);
      if (want.isEmpty()) {
        continue;
      }
      Object have = a.values().get(attr.name());
      if (attr.comparison() == Attribute.Comparison.PER_KEY) {
        perKey(attr, asMap(want.get()), asMap(have), fields, body);
      } else if (!Canonical.same(attr, want.get(), have)) {
        change(attr, have, want.get(), fields, body);
      }
    }
    return new Diff(fields, body, List.of());
  }

  private static void change(
      Attribute attr,
      Object have,
      Object want,
      List<FieldChange> fields,
      Map<String, Object> body) {
    fields.add(new FieldChange(attr.name(), have, want, false, attr.forcesReplacement()));
    if (!attr.forcesReplacement()) {
      body.put(attr.name(), want); // the PUT body; a replacement is the planner's to build
    }
  }

  /**
   * A secret is compared when the server returns one that can be trusted. Otherwise it is
   * write-only: sent only when rotation is requested, so that a value that cannot be read back
   * never becomes a perpetual diff.
   */
  private void secret(
      Attribute attr,
      Object want,
      Object have,
      List<FieldChange> fields,
      Map<String, Object> body,
      List<Note> notes) {
    boolean comparable = profile.returnsStoredPsk() && have != null;
    if (comparable) {
      if (!want.equals(have)) {
        fields.add(FieldChange.sensitive(attr.name()));
        body.put(attr.name(), want);
      }
    } else if (rotatePsk) {
      fields.add(FieldChange.sensitive(attr.name()));
      body.put(attr.name(), want);
      notes.add(
          new Note(
              Note.Kind.PSK_ROTATED,
              attr.name(),
              "the stored " + attr.name() + " cannot be compared"));
    } else {
      notes.add(
          new Note(
              Note.Kind.PSK_NOT_COMPARED,
              attr.name(),
              profile.returnsStoredPsk()
                  ? "the server did not return it"
                  : profile.id() + " does not return the stored psk (H12)"));
    }
  }

  /**
   * Only the members written are compared. The server merges per key; sending the whole merged
   * object makes the request say exactly what the resource will hold.
   */
  private static void perKey(
      Attribute attr,
      Map<String, Object> want,
      Map<String, Object> have,
      List<FieldChange> fields,
      Map<String, Object> body) {
    boolean changed = false;
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Attribute m : attr.members()) {
      Object w = want.get(m.name());
      Object h = have.get(m.name());
      if (w != null && !w.equals(h)) {
        fields.add(new FieldChange(attr.name() + "." + m.name(), h, w, false));
        changed = true;
      }
      Object v = w != null ? w : h;
      if (v != null) {
        merged.put(m.name(), v);
      }
    }
    if (changed) {
      body.put(attr.name(), merged);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object v) {
    return v == null ? Map.of() : (Map<String, Object>) v;
  }

  /**
   * An IP is compared canonically. A hostname is compared by what it resolves to when the server
   * stores an IP (the server stores the address it resolves, not the name).
   */
  private static boolean sameAddress(
      String want, String have, AddressBook addresses, List<Note> notes) {
    if (!Addresses.isIp(want) && !Addresses.isHostname(want)) {
      return true; // O16: reported by validation, never looked up
    }
    if (Addresses.isIp(want) || have == null || !Addresses.isIp(have)) {
      return have != null && Addresses.canonicalIp(want).equals(Addresses.canonicalIp(have));
    }
    Optional<List<String>> resolved = addresses.lookup(want);
    if (resolved.isEmpty()) {
      return true; // O16: it does not resolve; validation says so
    }
    Set<String> canonical = new TreeSet<>();
    resolved.get().forEach(r -> canonical.add(Addresses.canonicalIp(r)));
    boolean same = canonical.contains(Addresses.canonicalIp(have));
    notes.add(
        new Note(
            Note.Kind.ADDRESS_RESOLVED,
            "peer_address",
            "'"
                + want
                + "' resolves to "
                + String.join(", ", canonical)
                + (same
                    ? "; the stored value " + have + " is one of them, so no change"
                    : "; the server stores the address it resolves, not the name")));
    return same;
  }
}
