package dev.vpnform.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fields of an IPsec site connection that a PUT may change, by their Networking API names, in
 * the order plans list them.
 */
public enum Field {
  NAME("name"),
  DESCRIPTION("description"),
  PSK("psk"),
  INITIATOR("initiator"),
  ADMIN_STATE_UP("admin_state_up"),
  PEER_ADDRESS("peer_address"),
  PEER_ID("peer_id"),
  LOCAL_ID("local_id"),
  PEER_CIDRS("peer_cidrs"),
  LOCAL_EP_GROUP_ID("local_ep_group_id"),
  PEER_EP_GROUP_ID("peer_ep_group_id"),
  MTU("mtu"),
  DPD("dpd");

  /**
   * Attributes the API returns but refuses in a PUT ("Cannot update read-only attribute").
   * availability_zone is returned by fujitsu-k5 only (F9).
   */
  public static final List<String> READ_ONLY =
      List.of(
          "vpnservice_id",
          "ikepolicy_id",
          "ipsecpolicy_id",
          "status",
          "tenant_id",
          "project_id",
          "route_mode",
          "auth_mode",
          "availability_zone");

  private final String apiName;

  Field(String apiName) {
    this.apiName = apiName;
  }

  /** The attribute name in the Networking API and in the YAML configuration. */
  public String apiName() {
    return apiName;
  }

  public boolean sensitive() {
    return this == PSK;
  }

  public static Optional<Field> byApiName(String name) {
    return Arrays.stream(values()).filter(f -> f.apiName.equals(name)).findFirst();
  }
}
