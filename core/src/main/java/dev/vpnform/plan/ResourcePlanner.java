package dev.vpnform.plan;

import dev.vpnform.model.ActualResource;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plans the IKE policies, IPsec policies, endpoint groups and VPN services the files declare: finds
 * each one's live resource (by id, else by name), and computes a create, an update (the minimal
 * PUT), a replace (a field the API cannot change in place), a delete ({@code state: absent}) or
 * nothing. What the changes mean for the connections that stand on them (in-use policies, repoints,
 * cascaded replacements, dependents) is the graph's to say ({@link GraphPlan}). No I/O.
 */
public final class ResourcePlanner {
  private ResourcePlanner() {}

  /**
   * A declared resource and its live one.
   *
   * @param actual the live resource it targets, or null when there is none
   * @param superseded live resources of the same name that an interrupted endpoint-group replace
   *     left behind: the replace continues by deleting them
   */
  public record Match(
      DesiredResource desired, ActualResource actual, List<ActualResource> superseded) {
    public Match {
      superseded = List.copyOf(superseded);
    }
  }

  /** The matches, in the files' order, and the entries that match ambiguously or not at all. */
  public record Matching(List<Match> matches, List<Diagnostic> diagnostics) {}

  /**
   * Finds the live resource of each declared one: by id (an id that matches nothing is an error,
   * unless the entry is absent), else by name (none: a create; several: an error listing their ids,
   * except the endpoint groups an interrupted replace left, see {@link Match}).
   */
  public static Matching match(
      List<DesiredResource> desired, Map<Kind, List<ActualResource>> live, String source) {
    List<Match> out = new ArrayList<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (DesiredResource d : desired) {
      List<ActualResource> all = live.getOrDefault(d.kind(), List.of());
      if (d.id() != null) {
        String id = d.id().toLowerCase(Locale.ROOT);
        Optional<ActualResource> a =
            all.stream().filter(r -> r.id().toLowerCase(Locale.ROOT).equals(id)).findFirst();
        if (a.isEmpty() && !d.absent()) {
          diagnostics.add(
              Diagnostic.error(
                  "target",
                  d.label(),
                  "id",
                  "no " + d.kind().label() + " with id " + d.id() + " at " + source,
                  d.locationOf("id")));
          continue;
        }
        out.add(new Match(d, a.orElse(null), List.of()));
        continue;
      }
      // An admin sees every project: a declared project narrows the candidates to it.
      Object project = d.values().get("tenant_id");
      List<ActualResource> named =
          all.stream()
              .filter(r -> r.name().equals(d.name()))
              .filter(r -> project == null || project.equals(r.projectId()))
              .toList();
      if (named.size() <= 1) {
        out.add(new Match(d, named.isEmpty() ? null : named.get(0), List.of()));
        continue;
      }
      if (d.kind() == Kind.ENDPOINT_GROUP && !d.absent()) {
        List<ActualResource> same =
            named.stream().filter(r -> Differ.diff(d, r).fields().isEmpty()).toList();
        if (same.size() == 1) {
          List<ActualResource> rest = new ArrayList<>(named);
          rest.remove(same.get(0));
          out.add(new Match(d, same.get(0), rest));
          continue;
        }
      }
      diagnostics.add(
          Diagnostic.error(
              "target",
              d.label(),
              "name",
              named.size()
                  + " "
                  + d.kind().plural()
                  + " are named "
                  + quote(d.name())
                  + " ("
                  + String.join(", ", named.stream().map(ActualResource::id).toList())
                  + "): identify this one by 'id'",
              d.locationOf("name")));
    }
    return new Matching(out, diagnostics);
  }

  /** The change one match needs. */
  public static ResourceChange change(Match m) {
    DesiredResource d = m.desired();
    ActualResource a = m.actual();
    Kind kind = d.kind();
    if (d.absent()) {
      if (a == null) {
        return new ResourceChange(
            kind,
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
      return new ResourceChange(
          kind,
          a.id(),
          a.name(),
          d.source(),
          Action.DELETE,
          List.of(),
          Optional.of(ApiRequest.delete(kind.path() + "/" + a.id())),
          List.of(),
          d,
          a);
    }
    if (a == null) {
      Map<String, Object> body = createBody(d);
      List<FieldChange> fields = new ArrayList<>();
      body.forEach((k, v) -> fields.add(new FieldChange(k, null, v, false)));
      return new ResourceChange(
          kind,
          null,
          d.name(),
          d.source(),
          Action.CREATE,
          fields,
          Optional.of(post(kind, body)),
          List.of(),
          d,
          null);
    }
    Differ.Diff diff = Differ.diff(d, a);
    if (diff.forcesReplacement()) {
      return new ResourceChange(
          kind,
          a.id(),
          a.name(),
          d.source(),
          Action.REPLACE,
          diff.fields(),
          Optional.of(post(kind, replacementBody(d, a))),
          diff.notes(),
          d,
          a);
    }
    if (diff.body().isEmpty()) {
      return new ResourceChange(
          kind,
          a.id(),
          a.name(),
          d.source(),
          Action.NO_OP,
          List.of(),
          Optional.empty(),
          List.of(),
          d,
          a);
    }
    return new ResourceChange(
        kind,
        a.id(),
        a.name(),
        d.source(),
        Action.UPDATE,
        diff.fields(),
        Optional.of(
            new ApiRequest("PUT", kind.path() + "/" + a.id(), Map.of(kind.bodyKey(), diff.body()))),
        diff.notes(),
        d,
        a);
  }

  /** What a create sends: every declared attribute that requests carry, the name included. */
  public static Map<String, Object> createBody(DesiredResource d) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (Attribute attr : d.kind().sent()) {
      Object v = d.values().get(attr.name());
      if (v != null) {
        body.put(attr.name(), v);
      }
    }
    return body;
  }

  /**
   * What a replacement sends: the declared fields over the live resource's own (an undeclared field
   * is not managed, so the new resource keeps what the old one held).
   */
  static Map<String, Object> replacementBody(DesiredResource d, ActualResource a) {
    Map<String, Object> declared = createBody(d);
    Map<String, Object> body = new LinkedHashMap<>();
    for (Attribute attr : d.kind().sent()) {
      Object v =
          declared.containsKey(attr.name())
              ? declared.get(attr.name())
              : a.values().get(attr.name());
      if (v != null) {
        body.put(attr.name(), v);
      }
    }
    return body;
  }

  private static ApiRequest post(Kind kind, Map<String, Object> fields) {
    return new ApiRequest("POST", kind.path(), Map.of(kind.bodyKey(), fields));
  }

  private static String quote(String s) {
    return "'" + s + "'";
  }
}
