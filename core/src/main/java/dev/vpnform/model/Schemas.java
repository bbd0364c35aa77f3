package dev.vpnform.model;

import static dev.vpnform.model.Attribute.Type.BOOLEAN;
import static dev.vpnform.model.Attribute.Type.INTEGER;
import static dev.vpnform.model.Attribute.Type.OBJECT;
import static dev.vpnform.model.Attribute.Type.STRING;
import static dev.vpnform.model.Attribute.Type.STRING_LIST;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attributes of the four kinds a connection stands on, from the upstream API definitions
 * (neutron-lib {@code api/definitions/vpn.py}, {@code vpn_endpoint_groups.py}). A policy that a
 * connection uses refuses every update (409), which the planner, not this table, knows.
 */
public final class Schemas {
  private Schemas() {}

  private static Attribute name() {
    return Attribute.builder("name", STRING).maxLength(ConnectionSchema.MAX_LENGTH).doc("").build();
  }

  private static Attribute description() {
    return Attribute.builder("description", STRING)
        .maxLength(ConnectionSchema.MAX_LENGTH)
        .doc("free text")
        .build();
  }

  private static Attribute lifetime() {
    return Attribute.builder("lifetime", OBJECT)
        .member(
            Attribute.builder("units", STRING)
                .oneOf("value", "seconds")
                .doc("seconds (the API refuses kilobytes)")
                .build())
        .member(Attribute.builder("value", INTEGER).doc("at least 60").build())
        .comparison(Attribute.Comparison.PER_KEY)
        .doc("the SA lifetime; merged per key by the server")
        .build();
  }

  private static Attribute string(String name, String doc, String... values) {
    Attribute.Builder b = Attribute.builder(name, STRING).doc(doc);
    return values.length == 0 ? b.build() : b.oneOf("value", values).build();
  }

  /** The owning project, set on create only (another project: admin only). */
  private static Attribute tenant() {
    return Attribute.builder("tenant_id", STRING)
        .replace()
        .doc("the owning project, on create only (another project: admin only)")
        .build();
  }

  private static Attribute readOnly(String name) {
    return Attribute.builder(name, STRING).readOnly().doc("set by the server").build();
  }

  private static final String[] AUTH = {
    "sha1", "sha256", "sha384", "sha512", "aes-xcbc", "aes-cmac"
  };

  /**
   * Every value some release takes (neutron-lib's {@code api/definitions/vpn.py}): 3des and
   * aes-128/192/256 everywhere; the CCM and GCM modes since neutron-lib 3.9; CTR where the {@code
   * vpn-aes-ctr} extension is loaded. Which of them a cloud takes is its release's: see {@link
   * #EVERY_RELEASE}.
   */
  private static final String[] ENCRYPTION = encryption();

  private static String[] encryption() {
    List<String> out = new java.util.ArrayList<>(List.of("3des", "aes-128", "aes-192", "aes-256"));
    for (String bits : List.of("128", "192", "256")) {
      for (String mode : List.of("ccm", "gcm")) {
        for (String icv : List.of("8", "12", "16")) {
          out.add("aes-" + bits + "-" + mode + "-" + icv);
        }
      }
    }
    for (String bits : List.of("128", "192", "256")) {
      out.add("aes-" + bits + "-ctr");
    }
    return out.toArray(String[]::new);
  }

  /**
   * Per attribute, the values every release takes: those of neutron-lib 3.1 (neutron-vpnaas 21 on
   * Debian 12, measured by the differential suite). A newer release takes more; the server does not
   * say which list it has.
   */
  public static final Map<String, Set<String>> EVERY_RELEASE =
      Map.of(
          "auth_algorithm", Set.of("sha1", "sha256", "sha384", "sha512"),
          "encryption_algorithm", Set.of("3des", "aes-128", "aes-192", "aes-256"),
          "pfs", Set.of("group2", "group5", "group14"));

  private static final String[] PFS = {
    "group2", "group5", "group14", "group15", "group16", "group17", "group18", "group19",
    "group20", "group21", "group22", "group23", "group24", "group25", "group26", "group27",
    "group28", "group29", "group30", "group31"
  };

  /**
   * {@code exclusive: true} on a VPN service: its live connections that no file declares are
   * deleted. Without it, undeclared connections are never touched.
   */
  public static final Attribute EXCLUSIVE =
      Attribute.builder("exclusive", BOOLEAN)
          .config()
          .doc("true: live connections on this service that no file declares are deleted")
          .build();

  static final List<Attribute> IKE_POLICY =
      List.of(
          name(),
          description(),
          string("auth_algorithm", "sha1 by default; send it explicitly", AUTH),
          string("encryption_algorithm", "aes-128 by default", ENCRYPTION),
          string("phase1_negotiation_mode", "main or aggressive", "main", "aggressive"),
          lifetime(),
          string("ike_version", "v1 or v2", "v1", "v2"),
          string("pfs", "group5 by default", PFS),
          tenant(),
          ConnectionSchema.STATE,
          ConnectionSchema.PROTECT,
          readOnly("project_id"));

  static final List<Attribute> IPSEC_POLICY =
      List.of(
          name(),
          description(),
          string("transform_protocol", "esp, ah or ah-esp", "esp", "ah", "ah-esp"),
          string("auth_algorithm", "sha1 by default; send it explicitly", AUTH),
          string("encryption_algorithm", "aes-128 by default", ENCRYPTION),
          string("encapsulation_mode", "tunnel or transport", "tunnel", "transport"),
          lifetime(),
          string("pfs", "group5 by default", PFS),
          tenant(),
          ConnectionSchema.STATE,
          ConnectionSchema.PROTECT,
          readOnly("project_id"));

  static final List<Attribute> ENDPOINT_GROUP =
      List.of(
          name(),
          description(),
          Attribute.builder("type", STRING)
              .replace()
              .oneOf("value", "subnet", "cidr", "network", "router", "vlan")
              .doc("subnet (local) or cidr (peer) for connections")
              .build(),
          Attribute.builder("endpoints", STRING_LIST)
              .replace()
              .comparison(Attribute.Comparison.CIDR_SET)
              .doc(
                  "type subnet: subnet names or ids; type cidr: CIDRs. Cannot be changed in place:"
                      + " a change creates a new group and repoints the connections")
              .build(),
          tenant(),
          ConnectionSchema.STATE,
          ConnectionSchema.PROTECT,
          readOnly("project_id"));

  static final List<Attribute> VPN_SERVICE =
      List.of(
          name(),
          description(),
          Attribute.builder("router_id", STRING)
              .replace()
              .comparison(Attribute.Comparison.IGNORE_CASE)
              .doc("a router with an external gateway")
              .build(),
          Attribute.builder("subnet_id", STRING)
              .replace()
              .comparison(Attribute.Comparison.IGNORE_CASE)
              .doc("legacy mode only: a subnet on the router")
              .build(),
          Attribute.builder("flavor_id", STRING).replace().doc("a VPN flavor").build(),
          Attribute.builder("admin_state_up", BOOLEAN).doc("whether the service is up").build(),
          tenant(),
          Attribute.builder("router", STRING)
              .refersTo("router_id")
              .doc("the router by name (or router_id)")
              .build(),
          Attribute.builder("subnet", STRING)
              .refersTo("subnet_id")
              .doc("legacy mode only: the subnet by name (or subnet_id)")
              .build(),
          EXCLUSIVE,
          ConnectionSchema.STATE,
          ConnectionSchema.PROTECT,
          readOnly("status"),
          readOnly("external_v4_ip"),
          readOnly("external_v6_ip"),
          readOnly("project_id"));
}
