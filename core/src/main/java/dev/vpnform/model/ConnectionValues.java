package dev.vpnform.model;

import java.util.Map;

/**
 * Typed views of a connection's attribute values, for the rules and renderers that read one
 * attribute by name. Desired and actual connections share them; what is stored is the map.
 */
public interface ConnectionValues {
  /** Attribute name to value ({@link ConnectionSchema}). */
  Map<String, Object> values();

  default String name() {
    return (String) values().get("name");
  }

  default String description() {
    return (String) values().get("description");
  }

  default Secret psk() {
    return (Secret) values().get("psk");
  }

  default String initiator() {
    return (String) values().get("initiator");
  }

  default Boolean adminStateUp() {
    return (Boolean) values().get("admin_state_up");
  }

  default String peerAddress() {
    return (String) values().get("peer_address");
  }

  default String peerId() {
    return (String) values().get("peer_id");
  }

  default String localId() {
    return (String) values().get("local_id");
  }

  default String localEpGroupId() {
    return (String) values().get("local_ep_group_id");
  }

  default String peerEpGroupId() {
    return (String) values().get("peer_ep_group_id");
  }

  default String vpnserviceId() {
    return (String) values().get("vpnservice_id");
  }

  default String ikepolicyId() {
    return (String) values().get("ikepolicy_id");
  }

  default String ipsecpolicyId() {
    return (String) values().get("ipsecpolicy_id");
  }

  default Integer mtu() {
    return (Integer) values().get("mtu");
  }

  default Dpd dpd() {
    return Dpd.of(values().get("dpd"));
  }
}
