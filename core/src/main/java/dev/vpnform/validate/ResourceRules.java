package dev.vpnform.validate;

import dev.vpnform.model.Addresses;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.Attribute.Constraint;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Pending;
import dev.vpnform.model.Schemas;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks the server makes on an IKE policy, IPsec policy, endpoint group or VPN service
 * (neutron-lib's attribute maps and neutron-vpnaas's validators, measured by the contract suite),
 * made before any request: each value's domain from the configuration alone, and what a create
 * requires.
 */
public final class ResourceRules {
  private ResourceRules() {}

  /** The lifetime's smallest value the server takes. */
  static final int MIN_LIFETIME = 60;

  /** A VPN service's ids that the API validates as UUIDs ({@code type:uuid}, 400 otherwise). */
  static final List<String> SERVICE_IDS = List.of("router_id", "subnet_id", "flavor_id");

  /** The rules that need only the configuration. */
  public static List<Diagnostic> validate(DesiredResource r) {
    List<Diagnostic> out = new ArrayList<>();
    for (Attribute attr : r.kind().writable()) {
      Object v = attr.name().equals("name") ? r.name() : r.value(attr).orElse(null);
      if (v != null) {
        check(r, attr, attr.name(), v, out);
      }
    }
    for (Attribute ref : r.kind().attributes()) {
      if (ref.reference()
          && r.values().get(ref.name()) != null
          && r.values().get(ref.refersTo()) != null
          && r.locations().containsKey(ref.refersTo())
          && !r.locationOf(ref.refersTo()).equals(r.locationOf(ref.name()))) {
        out.add(
            error(
                r,
                "reference",
                ref.name(),
                "give '"
                    + ref.name()
                    + "' (by name) or '"
                    + ref.refersTo()
                    + "' (by id), not both"));
      }
    }
    if (r.values().get("lifetime") instanceof Map<?, ?> life
        && life.get("value") instanceof Integer value
        && value < MIN_LIFETIME) {
      out.add(
          error(
              r,
              "value",
              "lifetime.value",
              "the lifetime value " + value + " is below the minimum of " + MIN_LIFETIME));
    }
    if (r.kind() == Kind.ENDPOINT_GROUP && r.endpoints() != null) {
      endpoints(r, out);
    }
    for (Map.Entry<String, Set<String>> e : Schemas.EVERY_RELEASE.entrySet()) {
      if ((r.kind() == Kind.IKE_POLICY || r.kind() == Kind.IPSEC_POLICY)
          && r.values().get(e.getKey()) instanceof String v
          && r.kind().attribute(e.getKey()).orElseThrow().allowedValues().contains(v)
          && !e.getValue().contains(v)) {
        out.add(
            Diagnostic.warning(
                "release",
                r.label(),
                e.getKey(),
                "'"
                    + v
                    + "' is taken by newer Neutron releases only (neutron-lib 3.1, e.g."
                    + " neutron-vpnaas 21 on Debian 12, takes "
                    + String.join(", ", new java.util.TreeSet<>(e.getValue()))
                    + "): a cloud that runs an older release refuses it, and the server does not"
                    + " say which it runs",
                r.locationOf(e.getKey())));
      }
    }
    if (r.kind() == Kind.VPN_SERVICE) {
      for (String field : SERVICE_IDS) {
        if (r.values().get(field) instanceof String id
            && !Addresses.isUuid(id)
            && !Pending.is(id)) {
          out.add(
              error(
                  r,
                  "value",
                  field,
                  "'"
                      + UpstreamRules.abbreviate(id)
                      + "' is not a valid UUID"
                      + (field.equals("flavor_id")
                          ? ""
                          : " (give the "
                              + field.replace("_id", "")
                              + " by name with '"
                              + field.replace("_id", "")
                              + "', or its id)")));
        }
      }
    }
    if (r.kind() == Kind.IPSEC_POLICY && "ah-esp".equals(r.values().get("transform_protocol"))) {
      out.add(
          Diagnostic.warning(
              "O17",
              r.label(),
              "transform_protocol",
              "the server accepts an ah-esp IPsec policy but refuses any connection that uses it"
                  + " (its IPsec driver supports esp and ah only)",
              r.locationOf("transform_protocol")));
    }
    return out;
  }

  /**
   * What a POST needs: a VPN service's router, an endpoint group's type and endpoints.
   *
   * @param body the POST's fields
   */
  public static List<Diagnostic> validateCreate(DesiredResource r, Map<String, Object> body) {
    List<Diagnostic> out = new ArrayList<>();
    List<String> required =
        switch (r.kind()) {
          case VPN_SERVICE -> List.of("router_id");
          case ENDPOINT_GROUP -> List.of("type", "endpoints");
          default -> List.of();
        };
    for (String field : required) {
      Object v = body.get(field);
      if (v == null || v instanceof List<?> l && l.isEmpty()) {
        String hint = field.equals("router_id") ? " (give 'router' by name, or 'router_id')" : "";
        out.add(
            error(
                r,
                "required",
                field.equals("router_id") ? "router" : field,
                "a new " + r.kind().label() + " needs '" + field + "'" + hint));
      }
    }
    return out;
  }

  /**
   * What the server checks against other resources when it creates one, in its order: a VPN
   * service's router exists (404 RouterNotFound) and has an external gateway (400
   * RouterIsNotExternal), its subnet is on that router (400 SubnetIsNotConnectedToRouter), its
   * flavor exists; a subnet endpoint group's subnets exist (400 NonExistingSubnetInEndpointGroup).
   *
   * @param body the POST's fields
   */
  public static List<Diagnostic> checkLive(
      DesiredResource r, Map<String, Object> body, GraphRules.Lookup lookup)
      throws dev.vpnform.model.VpnformException {
    List<Diagnostic> out = new ArrayList<>();
    if (r.kind() == Kind.VPN_SERVICE
        && body.get("router_id") instanceof String router
        && Addresses.isUuid(router)) {
      String field = r.values().containsKey("router") ? "router" : "router_id";
      java.util.Optional<Map<String, Object>> found = lookup.router(router);
      if (found.isEmpty()) {
        out.add(
            error(
                r,
                "reference",
                field,
                "router "
                    + router
                    + " could not be found (it does not exist, or the credentials cannot see it)"));
        return out;
      }
      if (!(found.get().get("external_gateway_info") instanceof Map<?, ?>)) {
        out.add(
            error(
                r,
                "reference",
                field,
                "router "
                    + router
                    + " has no external gateway: a VPN service needs one (the server answers"
                    + " RouterIsNotExternal)"));
        return out;
      }
      if (body.get("subnet_id") instanceof String subnet
          && Addresses.isUuid(subnet)
          && !lookup.onRouter(subnet, router)) {
        out.add(
            error(
                r,
                "reference",
                r.values().containsKey("subnet") ? "subnet" : "subnet_id",
                "subnet "
                    + subnet
                    + " is not on router "
                    + router
                    + " (the server answers SubnetIsNotConnectedToRouter)"));
      }
      if (body.get("flavor_id") instanceof String flavor
          && Addresses.isUuid(flavor)
          && lookup.flavor(flavor).isEmpty()) {
        out.add(
            error(
                r,
                "reference",
                "flavor_id",
                "VPN flavor " + flavor + " could not be found (or the cloud has no VPN flavors)"));
      }
    }
    if (r.kind() == Kind.ENDPOINT_GROUP
        && "subnet".equals(body.get("type"))
        && body.get("endpoints") instanceof List<?> endpoints) {
      for (int i = 0; i < endpoints.size(); i++) {
        if (endpoints.get(i) instanceof String subnet
            && Addresses.isUuid(subnet)
            && lookup.subnet(subnet).isEmpty()) {
          out.add(
              error(
                  r,
                  "reference",
                  "endpoints[" + i + "]",
                  "subnet "
                      + subnet
                      + " could not be found (the server answers"
                      + " NonExistingSubnetInEndpointGroup)"));
        }
      }
    }
    return out;
  }

  private static void endpoints(DesiredResource r, List<Diagnostic> out) {
    List<String> endpoints = r.endpoints();
    if (endpoints.isEmpty()) {
      out.add(
          error(
              r,
              "endpoints",
              "endpoints",
              "an endpoint group needs at least one endpoint (the server answers"
                  + " MissingEndpointForEndpointGroup)"));
      return;
    }
    Set<String> seen = new HashSet<>();
    String type = (String) r.values().get("type");
    for (int i = 0; i < endpoints.size(); i++) {
      String e = endpoints.get(i);
      String path = "endpoints[" + i + "]";
      if (!seen.add(e)) {
        out.add(error(r, "endpoints", path, "'" + e + "' is listed twice"));
      }
      if ("cidr".equals(type) && (Addresses.cidr(e).isEmpty() || e.matches(".*/0\\d+"))) {
        // the server's CIDR check also refuses a prefix written with a leading zero ("/024")
        out.add(
            error(
                r,
                "endpoints",
                path,
                "'" + UpstreamRules.abbreviate(e) + "' is not a CIDR (type cidr takes CIDRs)"));
      }
    }
  }

  private static void check(
      DesiredResource r, Attribute attr, String path, Object value, List<Diagnostic> out) {
    if (attr.type() == Attribute.Type.OBJECT) {
      Map<?, ?> m = (Map<?, ?>) value;
      for (Attribute member : attr.members()) {
        Object mv = m.get(member.name());
        if (mv != null) {
          check(r, member, path + "." + member.name(), mv, out);
        }
      }
      return;
    }
    if (attr.sent()) {
      List<String> texts =
          value instanceof String t
              ? List.of(t)
              : value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
      if (texts.stream()
          .anyMatch(
              t ->
                  !Pending.is(t) && t.codePoints().anyMatch(Character::isSupplementaryCodePoint))) {
        out.add(
            error(
                r,
                "O4",
                path,
                "the "
                    + path
                    + " holds a character outside the Basic Multilingual Plane (such as an emoji),"
                    + " which the server's database cannot store (it answers 500)"));
      }
    }
    for (Constraint k : attr.constraints()) {
      if (k instanceof Constraint.MaxLength max
          && value instanceof String text
          && text.length() > max.max()) {
        out.add(
            error(
                r,
                max.rule(),
                path,
                "'"
                    + UpstreamRules.abbreviate(text)
                    + "' ("
                    + text.length()
                    + " characters) exceeds maximum length of "
                    + max.max()));
      } else if (k instanceof Constraint.OneOf one && !one.values().contains(value)) {
        out.add(
            error(
                r,
                one.rule(),
                path,
                "'" + value + "' is not one of " + String.join(", ", one.values())));
      }
    }
  }

  private static Diagnostic error(DesiredResource r, String rule, String field, String message) {
    return Diagnostic.error(rule, r.label(), field, message, r.locationOf(field));
  }
}
