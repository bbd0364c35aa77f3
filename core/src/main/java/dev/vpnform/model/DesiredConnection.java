package dev.vpnform.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IPsec site connection as the configuration wants it. A null field is not managed: it is never
 * compared and never sent.
 *
 * <p>The connection is identified by {@code id} when present (then {@code name} is a managed
 * field), otherwise by {@code name}.
 *
 * @param source where the connection's entry starts
 * @param locations where each key path ({@code mtu}, {@code dpd.interval}, ...) was written
 * @param pskRef where the psk comes from; {@code psk} holds its resolved value
 */
public record DesiredConnection(
    SourceLocation source,
    String id,
    String name,
    String description,
    SecretRef pskRef,
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
    Map<String, SourceLocation> locations) {

  public DesiredConnection {
    Objects.requireNonNull(source, "source");
    if (id == null && name == null) {
      throw new IllegalArgumentException("a connection needs an id or a name (" + source + ")");
    }
    if ((pskRef == null) != (psk == null)) {
      throw new IllegalArgumentException("pskRef and psk go together (" + source + ")");
    }
    peerCidrs = peerCidrs == null ? null : Collections.unmodifiableList(new ArrayList<>(peerCidrs));
    locations =
        locations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(locations));
  }

  /** How this connection is named in messages: its name, else its id. */
  public String label() {
    return name != null && !name.isEmpty() ? name : id != null ? id : "";
  }

  /** Whether {@code name} is a managed field (it is when an id identifies the connection). */
  public boolean nameManaged() {
    return id != null && name != null;
  }

  /** The managed value of {@code field}, or empty when it is not managed. */
  public Optional<Object> value(Field field) {
    Object v =
        switch (field) {
          case NAME -> nameManaged() ? name : null;
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

  /** Where key path {@code path} was written, else where the connection starts. */
  public SourceLocation locationOf(String path) {
    if (path == null) {
      return source;
    }
    SourceLocation l = locations.get(path);
    if (l == null && path.contains(".")) {
      l = locations.get(path.substring(0, path.indexOf('.')));
    }
    return l != null ? l : source;
  }

  @Override
  public String toString() {
    return "DesiredConnection[" + label() + " at " + source + "]";
  }
}
