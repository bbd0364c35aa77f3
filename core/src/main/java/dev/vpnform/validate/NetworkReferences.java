package dev.vpnform.validate;

import dev.vpnform.model.Addresses;
import dev.vpnform.model.DesiredResource;
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

/**
 * Resolves the routers and subnets that VPN services and endpoint groups name ({@code router:
 * vpn-router}, {@code subnet: private-subnet}, subnet names among a {@code type: subnet} group's
 * endpoints) to their ids, with one list request per collection. vpnform references routers and
 * subnets, never manages them. No match, or several, is an error listing the candidates.
 */
public final class NetworkReferences {
  private NetworkReferences() {}

  /** Finds resources of a collection of the Networking API by name. */
  @FunctionalInterface
  public interface Finder {
    /**
     * Every resource of {@code collection} ({@code /routers}) whose name is one of {@code names}.
     */
    List<Map<String, Object>> named(String collection, String listKey, Collection<String> names)
        throws VpnformException;
  }

  /**
   * The declared resources with their routers and subnets by id.
   *
   * @param where names the cloud in messages (its endpoint)
   * @param diagnostics gets an error per name that matches no resource, or several
   */
  public static List<DesiredResource> resolve(
      List<DesiredResource> declared, Finder finder, String where, List<Diagnostic> diagnostics)
      throws VpnformException {
    Set<String> routers = new LinkedHashSet<>();
    Set<String> subnets = new LinkedHashSet<>();
    for (DesiredResource r : declared) {
      if (r.absent()) {
        continue;
      }
      if (r.values().get("router") instanceof String n) {
        routers.add(n);
      }
      if (r.values().get("subnet") instanceof String n) {
        subnets.add(n);
      }
      for (String e : subnetNames(r)) {
        subnets.add(e);
      }
    }
    Map<String, List<String>> routerIds = ids(finder, "/routers", "routers", routers);
    Map<String, List<String>> subnetIds = ids(finder, "/subnets", "subnets", subnets);
    List<DesiredResource> out = new ArrayList<>();
    for (DesiredResource r : declared) {
      if (r.absent()) {
        out.add(r);
        continue;
      }
      DesiredResource.Builder b = r.toBuilder();
      if (r.values().get("router") instanceof String n) {
        one(r, "router", "router_id", "router", n, routerIds, where, b, diagnostics);
      }
      if (r.values().get("subnet") instanceof String n) {
        one(r, "subnet", "subnet_id", "subnet", n, subnetIds, where, b, diagnostics);
      }
      List<String> names = subnetNames(r);
      if (!names.isEmpty()) {
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < r.endpoints().size(); i++) {
          String e = r.endpoints().get(i);
          if (!names.contains(e)) {
            endpoints.add(e);
            continue;
          }
          List<String> found = subnetIds.getOrDefault(e, List.of());
          if (found.size() == 1) {
            endpoints.add(found.get(0));
          } else {
            endpoints.add(e);
            diagnostics.add(
                Diagnostic.error(
                    "reference",
                    r.label(),
                    "endpoints[" + i + "]",
                    problem("subnet", e, found, where, "its id"),
                    r.locationOf("endpoints[" + i + "]")));
          }
        }
        b.set("endpoints", endpoints);
      }
      out.add(b.build());
    }
    return out;
  }

  /** The endpoints of a {@code type: subnet} group that are names rather than ids. */
  private static List<String> subnetNames(DesiredResource r) {
    if (r.kind() != Kind.ENDPOINT_GROUP
        || !"subnet".equals(r.values().get("type"))
        || r.endpoints() == null) {
      return List.of();
    }
    return r.endpoints().stream().filter(e -> !Addresses.isUuid(e)).toList();
  }

  private static Map<String, List<String>> ids(
      Finder finder, String collection, String key, Set<String> names) throws VpnformException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    for (Map<String, Object> m : finder.named(collection, key, names)) {
      if (m.get("name") instanceof String name && m.get("id") instanceof String id) {
        out.computeIfAbsent(name, k -> new ArrayList<>()).add(id);
      }
    }
    return out;
  }

  private static void one(
      DesiredResource r,
      String field,
      String idField,
      String what,
      String name,
      Map<String, List<String>> ids,
      String where,
      DesiredResource.Builder b,
      List<Diagnostic> diagnostics) {
    List<String> found = ids.getOrDefault(name, List.of());
    if (found.size() == 1) {
      b.set(idField, found.get(0)).location(idField, r.locationOf(field));
      return;
    }
    diagnostics.add(
        Diagnostic.error(
            "reference",
            r.label(),
            field,
            problem(what, name, found, where, "'" + idField + "'"),
            r.locationOf(field)));
  }

  private static String problem(
      String what, String name, List<String> found, String where, String instead) {
    return found.isEmpty()
        ? "no " + what + " is named '" + name + "' at " + where
        : found.size()
            + " "
            + what
            + "s are named '"
            + name
            + "' at "
            + where
            + " (ids "
            + String.join(", ", found)
            + "); use "
            + instead
            + " to choose one";
  }
}
