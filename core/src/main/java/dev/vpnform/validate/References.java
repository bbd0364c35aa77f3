package dev.vpnform.validate;

import dev.vpnform.model.Attribute;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.VpnformException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves references by name ({@code vpnservice: vpn-dc1}) to the ids the API takes ({@code
 * vpnservice_id}), among the live resources the credentials can see. No match, or more than one, is
 * an error that lists the candidates. A resolved id is recorded on the connection, so that a saved
 * plan pins it.
 */
public final class References {
  private References() {}

  /** Finds live resources of one kind by name. */
  @FunctionalInterface
  public interface Finder {
    /** Every resource of {@code kind} whose name is one of {@code names}, as the API returns it. */
    List<Map<String, Object>> named(Kind kind, Collection<String> names) throws VpnformException;
  }

  /**
   * The result: every connection, with the ids of its references set where they resolved.
   *
   * @param connections in the order given
   */
  public record Resolution(List<DesiredConnection> connections, List<Diagnostic> diagnostics) {
    public Resolution {
      connections = List.copyOf(connections);
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /** The reference attributes of a connection, in schema order. */
  private static List<Attribute> referenceAttributes() {
    return Kind.CONNECTION.attributes().stream().filter(Attribute::reference).toList();
  }

  /** Whether any connection refers to something by name (and so needs the cloud to plan). */
  public static boolean any(List<DesiredConnection> desired) {
    return desired.stream()
        .anyMatch(d -> referenceAttributes().stream().anyMatch(a -> d.value(a).isPresent()));
  }

  /**
   * Resolves every reference by name, with one list request per kind.
   *
   * @param where names the cloud in messages (its endpoint)
   */
  public static Resolution resolve(List<DesiredConnection> desired, Finder finder, String where)
      throws VpnformException {
    return resolve(desired, Map.of(), finder, where);
  }

  /**
   * Resolves every reference by name: to a resource the files declare first, then among the live
   * ones, with one list request per kind.
   *
   * @param declared per kind, the declared resources' names and their ids: the live id, or a {@link
   *     dev.vpnform.model.Pending} id for one the plan creates, or null for one the plan deletes (a
   *     reference to it is an error)
   * @param where names the cloud in messages (its endpoint)
   */
  public static Resolution resolve(
      List<DesiredConnection> desired,
      Map<Kind, Map<String, String>> declared,
      Finder finder,
      String where)
      throws VpnformException {
    Map<Kind, Set<String>> wanted = new LinkedHashMap<>();
    for (DesiredConnection d : desired) {
      if (d.absent()) {
        continue; // a delete needs no references
      }
      for (Attribute ref : referenceAttributes()) {
        d.value(ref)
            .filter(v -> !declared.getOrDefault(kindOf(ref), Map.of()).containsKey((String) v))
            .ifPresent(
                v ->
                    wanted
                        .computeIfAbsent(kindOf(ref), k -> new LinkedHashSet<>())
                        .add((String) v));
      }
    }
    Map<Kind, Map<String, List<String>>> idsByName = new LinkedHashMap<>();
    for (Map.Entry<Kind, Set<String>> e : wanted.entrySet()) {
      Map<String, List<String>> byName = new LinkedHashMap<>();
      for (Map<String, Object> r : finder.named(e.getKey(), e.getValue())) {
        if (r.get("name") instanceof String name && r.get("id") instanceof String id) {
          byName.computeIfAbsent(name, k -> new ArrayList<>()).add(id);
        }
      }
      idsByName.put(e.getKey(), byName);
    }
    List<DesiredConnection> out = new ArrayList<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (DesiredConnection d : desired) {
      if (d.absent()) {
        out.add(d);
        continue;
      }
      DesiredConnection.Builder b = d.toBuilder();
      for (Attribute ref : referenceAttributes()) {
        if (d.value(ref).isEmpty()) {
          continue;
        }
        String name = (String) d.value(ref).get();
        Kind kind = kindOf(ref);
        Map<String, String> inFiles = declared.getOrDefault(kind, Map.of());
        if (inFiles.containsKey(name)) {
          String id = inFiles.get(name);
          if (id != null) {
            b.set(ref.refersTo(), id).location(ref.refersTo(), d.locationOf(ref.name()));
          } else {
            diagnostics.add(
                Diagnostic.error(
                    "reference",
                    d.label(),
                    ref.name(),
                    "the "
                        + kind.label()
                        + " '"
                        + name
                        + "' is declared with 'state: absent': this plan deletes it",
                    d.locationOf(ref.name())));
          }
          continue;
        }
        List<String> ids = idsByName.getOrDefault(kind, Map.of()).getOrDefault(name, List.of());
        if (ids.size() == 1) {
          b.set(ref.refersTo(), ids.get(0)).location(ref.refersTo(), d.locationOf(ref.name()));
          continue;
        }
        String message =
            ids.isEmpty()
                ? "no " + kind.label() + " is named '" + name + "' at " + where
                : ids.size()
                    + " "
                    + kind.plural()
                    + " are named '"
                    + name
                    + "' at "
                    + where
                    + " (ids "
                    + ids.stream().collect(Collectors.joining(", "))
                    + "); use "
                    + ref.refersTo()
                    + " to choose one";
        diagnostics.add(
            Diagnostic.error(
                "reference", d.label(), ref.name(), message, d.locationOf(ref.name())));
      }
      out.add(b.build());
    }
    return new Resolution(out, diagnostics);
  }

  /** A reference and its id form together: one of them is redundant, or they disagree. */
  static void exclusive(DesiredConnection d, Sink sink) {
    for (Attribute ref : referenceAttributes()) {
      if (d.value(ref).isPresent()
          && d.values().get(ref.refersTo()) != null
          && d.locations().containsKey(ref.refersTo())
          && !d.locationOf(ref.refersTo()).equals(d.locationOf(ref.name()))) {
        sink.error(
            "reference",
            d,
            ref.name(),
            "give '" + ref.name() + "' (by name) or '" + ref.refersTo() + "' (by id), not both");
      }
    }
  }

  private static Kind kindOf(Attribute ref) {
    return Kind.ofIdAttribute(ref.refersTo()).orElseThrow();
  }
}
