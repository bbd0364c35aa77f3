package dev.vpnform.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One IPsec site connection as the Networking API returned it, with values normalised (an mtu sent
 * back as {@code "1300"} is 1300). {@code psk} is null when the server did not return it.
 */
public record ActualConnection(
    String id,
    String name,
    String description,
    Secret psk,
    String initiator,
    Boolean adminStateUp,
    String peerAddress,
    String peerId,
    String localId,
    List<String> peerCidrs,
    String localEpGroupId,
    String peerEpGroupId,
    Integer mtu,
    Dpd dpd,
    String status,
    String vpnserviceId,
    String ikepolicyId,
    String ipsecpolicyId,
    String projectId,
    String routeMode,
    String authMode,
    String availabilityZone) {

  public ActualConnection {
    Objects.requireNonNull(id, "id");
    peerCidrs =
        peerCidrs == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(peerCidrs));
  }

  /** Whether the connection uses endpoint groups rather than peer_cidrs. */
  public boolean endpointGroupMode() {
    return localEpGroupId != null || peerEpGroupId != null;
  }

  /** Whether the status is one of the PENDING_* states in which updates are refused. */
  public boolean pending() {
    return status != null && status.startsWith("PENDING_");
  }

  /** How this connection is named in messages. */
  public String label() {
    return name != null && !name.isEmpty() ? name : id;
  }

  /** The value of {@code field}, or empty when the server did not return it. */
  public Optional<Object> value(Field field) {
    Object v =
        switch (field) {
          case NAME -> name;
          case DESCRIPTION -> description;
          case PSK -> psk;
          case INITIATOR -> initiator;
          case ADMIN_STATE_UP -> adminStateUp;
          case PEER_ADDRESS -> peerAddress;
          case PEER_ID -> peerId;
          case LOCAL_ID -> localId;
          case PEER_CIDRS -> peerCidrs;
          case LOCAL_EP_GROUP_ID -> localEpGroupId;
          case PEER_EP_GROUP_ID -> peerEpGroupId;
          case MTU -> mtu;
          case DPD -> dpd;
        };
    return Optional.ofNullable(v);
  }

  @Override
  public String toString() {
    return "ActualConnection[" + label() + " (" + id + "), status " + status + "]";
  }
}
