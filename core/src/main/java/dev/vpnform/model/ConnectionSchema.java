package dev.vpnform.model;

import static dev.vpnform.model.Attribute.Type.BOOLEAN;
import static dev.vpnform.model.Attribute.Type.INTEGER;
import static dev.vpnform.model.Attribute.Type.OBJECT;
import static dev.vpnform.model.Attribute.Type.SECRET;
import static dev.vpnform.model.Attribute.Type.STRING;
import static dev.vpnform.model.Attribute.Type.STRING_LIST;

import dev.vpnform.model.Attribute.Comparison;
import java.util.List;

/**
 * The attributes of an IPsec site connection, in the order plans list them: the API's, and the
 * configuration's own (references by name, {@code state}, {@code protect}). Upstream value rules
 * (O4 lengths, O5 initiator, O6 dpd action, O7 non-negative dpd) are declared here; the rest are in
 * {@code validate/}.
 */
public final class ConnectionSchema {
  private ConnectionSchema() {}

  /** Database columns of 255 characters (O4). */
  public static final int MAX_LENGTH = 255;

  public static final Attribute NAME =
      Attribute.builder("name", STRING)
          .maxLength(MAX_LENGTH)
          .doc("identifies the connection when there is no id; a managed field when there is")
          .build();
  public static final Attribute DESCRIPTION =
      Attribute.builder("description", STRING).maxLength(MAX_LENGTH).doc("free text").build();
  public static final Attribute PSK =
      Attribute.builder("psk", SECRET)
          .maxLength(MAX_LENGTH)
          .doc("the pre-shared key: {env: NAME}, {file: PATH}, or a literal (with a warning)")
          .build();
  public static final Attribute INITIATOR =
      Attribute.builder("initiator", STRING)
          .oneOf("O5", "bi-directional", "response-only")
          .doc("bi-directional or response-only")
          .build();
  public static final Attribute ADMIN_STATE_UP =
      Attribute.builder("admin_state_up", BOOLEAN).doc("whether the connection is up").build();
  public static final Attribute PEER_ADDRESS =
      Attribute.builder("peer_address", STRING)
          .maxLength(MAX_LENGTH)
          .comparison(Comparison.RESOLVED_ADDRESS)
          .doc("the peer gateway: an IP, or a hostname compared after resolving it")
          .build();
  public static final Attribute PEER_ID =
      Attribute.builder("peer_id", STRING).maxLength(MAX_LENGTH).doc("the peer's IKE id").build();
  public static final Attribute LOCAL_ID =
      Attribute.builder("local_id", STRING).maxLength(MAX_LENGTH).doc("the local IKE id").build();
  public static final Attribute PEER_CIDRS =
      Attribute.builder("peer_cidrs", STRING_LIST)
          .comparison(Comparison.CIDR_SET)
          .doc("the peer's subnets (legacy mode); a set: order does not matter")
          .build();
  public static final Attribute LOCAL_EP_GROUP_ID =
      Attribute.builder("local_ep_group_id", STRING)
          .comparison(Comparison.IGNORE_CASE)
          .doc("the local endpoint group (type subnet), by id")
          .build();
  public static final Attribute PEER_EP_GROUP_ID =
      Attribute.builder("peer_ep_group_id", STRING)
          .comparison(Comparison.IGNORE_CASE)
          .doc("the peer endpoint group (type cidr), by id")
          .build();
  public static final Attribute MTU =
      Attribute.builder("mtu", INTEGER).doc("at least 68 (IPv4) or 1280 (IPv6)").build();
  public static final Attribute DPD =
      Attribute.builder("dpd", OBJECT)
          .member(
              Attribute.builder("action", STRING)
                  .oneOf("O6", "clear", "disabled", "hold", "restart", "restart-by-peer")
                  .doc("clear, disabled, hold, restart or restart-by-peer")
                  .build())
          .member(
              Attribute.builder("interval", INTEGER)
                  .nonNegative("O7")
                  .doc("seconds between probes")
                  .build())
          .member(
              Attribute.builder("timeout", INTEGER)
                  .nonNegative("O7")
                  .doc("seconds before the peer is declared dead; more than the interval")
                  .build())
          .doc("dead peer detection; any subset, compared and merged per key")
          .example("{action: hold, interval: 30, timeout: 120}")
          .build();

  /** Set on create; a change replaces the connection (the API refuses it in a PUT). */
  private static Attribute replaceId(String name, String what) {
    return Attribute.builder(name, STRING)
        .replace()
        .comparison(Comparison.IGNORE_CASE)
        .doc(what + " by id; a change replaces the connection")
        .build();
  }

  /** A reference by name, resolved among the project's live resources before planning. */
  private static Attribute byName(String name, String what) {
    return Attribute.builder(name, STRING)
        .refersTo(name + "_id")
        .maxLength(MAX_LENGTH)
        .doc(what + " by name (unique in the project), instead of " + name + "_id")
        .build();
  }

  public static final Attribute VPNSERVICE_ID = replaceId("vpnservice_id", "the VPN service");
  public static final Attribute IKEPOLICY_ID = replaceId("ikepolicy_id", "the IKE policy");
  public static final Attribute IPSECPOLICY_ID = replaceId("ipsecpolicy_id", "the IPsec policy");
  public static final Attribute VPNSERVICE = byName("vpnservice", "the VPN service");
  public static final Attribute IKEPOLICY = byName("ikepolicy", "the IKE policy");
  public static final Attribute IPSECPOLICY = byName("ipsecpolicy", "the IPsec policy");
  public static final Attribute LOCAL_EP_GROUP =
      byName("local_ep_group", "the local endpoint group (type subnet)");
  public static final Attribute PEER_EP_GROUP =
      byName("peer_ep_group", "the peer endpoint group (type cidr)");

  /** {@code present} (the default) or {@code absent}: then the connection is deleted. */
  public static final Attribute STATE =
      Attribute.builder("state", STRING)
          .config()
          .oneOf("state", "present", "absent")
          .doc("present (the default), or absent: delete the connection if it exists")
          .build();

  /** Any plan that deletes or replaces a protected connection is an error. */
  public static final Attribute PROTECT =
      Attribute.builder("protect", BOOLEAN)
          .config()
          .doc("true: any plan that deletes or replaces this connection is an error")
          .build();

  /** Attributes the API returns but refuses in a PUT ("Cannot update read-only attribute"). */
  private static Attribute readOnly(String name, String doc) {
    return Attribute.builder(name, STRING).readOnly().doc(doc).build();
  }

  public static final Attribute STATUS = readOnly("status", "set by the server");

  /**
   * The owning project. Set on create only: vpnform sends the VPN service's project when the
   * configuration does not say, so that a connection lives in its service's project (an admin sees
   * every project, and a server without Keystone requires it).
   */
  public static final Attribute TENANT_ID =
      Attribute.builder("tenant_id", STRING)
          .replace()
          .doc("the owning project; by default the VPN service's (another project: admin only)")
          .build();

  public static final Attribute PROJECT_ID = readOnly("project_id", "the owning project");
  public static final Attribute ROUTE_MODE = readOnly("route_mode", "static");
  public static final Attribute AUTH_MODE = readOnly("auth_mode", "psk");
  public static final Attribute AVAILABILITY_ZONE =
      readOnly("availability_zone", "returned by fujitsu-k5 only (F9)");

  /** Every attribute: the writable ones in plan order, then the read-only ones. */
  public static final List<Attribute> ALL =
      List.of(
          NAME,
          DESCRIPTION,
          VPNSERVICE,
          VPNSERVICE_ID,
          IKEPOLICY,
          IKEPOLICY_ID,
          IPSECPOLICY,
          IPSECPOLICY_ID,
          TENANT_ID,
          PSK,
          INITIATOR,
          ADMIN_STATE_UP,
          PEER_ADDRESS,
          PEER_ID,
          LOCAL_ID,
          PEER_CIDRS,
          LOCAL_EP_GROUP,
          LOCAL_EP_GROUP_ID,
          PEER_EP_GROUP,
          PEER_EP_GROUP_ID,
          MTU,
          DPD,
          STATE,
          PROTECT,
          STATUS,
          PROJECT_ID,
          ROUTE_MODE,
          AUTH_MODE,
          AVAILABILITY_ZONE);
}
