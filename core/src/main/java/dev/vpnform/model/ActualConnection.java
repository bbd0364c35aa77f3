package dev.vpnform.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IPsec site connection as the Networking API returned it, with values normalised (an mtu sent
 * back as {@code "1300"} is 1300). The {@code psk} value is absent when the server did not return
 * it.
 *
 * @param values attribute name to value ({@link ConnectionSchema}), read-only attributes included
 */
public record ActualConnection(String id, Map<String, Object> values) implements ConnectionValues {

  public ActualConnection {
    Objects.requireNonNull(id, "id");
    values = Values.copy(values);
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Whether the connection uses endpoint groups rather than peer_cidrs. */
  public boolean endpointGroupMode() {
    return localEpGroupId() != null || peerEpGroupId() != null;
  }

  /** Whether the status is one of the PENDING_* states in which updates are refused. */
  public boolean pending() {
    String status = status();
    return status != null && status.startsWith("PENDING_");
  }

  /** How this connection is named in messages. */
  public String label() {
    String name = name();
    return name != null && !name.isEmpty() ? name : id;
  }

  /** The value of {@code attribute}, or empty when the server did not return it. */
  public Optional<Object> value(Attribute attribute) {
    Object v = values.get(attribute.name());
    if (v == null && attribute == ConnectionSchema.PEER_CIDRS) {
      return Optional.of(List.of()); // the server returns [] in endpoint-group mode
    }
    return Optional.ofNullable(v);
  }

  @SuppressWarnings("unchecked")
  public List<String> peerCidrs() {
    return (List<String>) value(ConnectionSchema.PEER_CIDRS).orElseThrow();
  }

  public String status() {
    return (String) values.get("status");
  }

  /** The owning project: {@code project_id}, else the older {@code tenant_id}. */
  public String projectId() {
    Object p = values.get("project_id");
    return (String) (p != null ? p : values.get("tenant_id"));
  }

  @Override
  public String toString() {
    return "ActualConnection[" + label() + " (" + id + "), status " + status() + "]";
  }

  /** Builds an {@link ActualConnection}. */
  public static final class Builder {
    private final String id;
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public Builder set(Attribute attribute, Object value) {
      return set(attribute.name(), value);
    }

    /** Sets an attribute's value; null means the server did not return it. */
    public Builder set(String attribute, Object value) {
      if (value == null) {
        values.remove(attribute);
      } else {
        values.put(attribute, value);
      }
      return this;
    }

    public ActualConnection build() {
      return new ActualConnection(id, values);
    }
  }
}
