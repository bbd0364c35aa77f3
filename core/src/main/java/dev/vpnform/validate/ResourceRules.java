package dev.vpnform.validate;

import dev.vpnform.model.Addresses;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.Attribute.Constraint;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Pending;
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
      if ("cidr".equals(type) && Addresses.cidr(e).isEmpty()) {
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
