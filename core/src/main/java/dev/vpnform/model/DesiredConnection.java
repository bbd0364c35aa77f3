package dev.vpnform.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IPsec site connection as the configuration wants it: a value per attribute written, keyed by
 * the attribute's name ({@link ConnectionSchema}). An attribute without a value is not managed: it
 * is never compared and never sent.
 *
 * <p>The connection is identified by {@code id} when present (then {@code name} is a managed
 * field), otherwise by {@code name}.
 *
 * @param source where the connection's entry starts
 * @param pskRef where the psk comes from; the {@code psk} value holds its resolved value
 * @param values attribute name to value, of the JDK type its {@link Attribute.Type} names
 * @param locations where each key path ({@code mtu}, {@code dpd.interval}, ...) was written
 */
public record DesiredConnection(
    SourceLocation source,
    String id,
    SecretRef pskRef,
    Map<String, Object> values,
    Map<String, SourceLocation> locations)
    implements ConnectionValues {

  public DesiredConnection {
    Objects.requireNonNull(source, "source");
    values = Values.copy(values);
    if (id == null && values.get("name") == null) {
      throw new IllegalArgumentException("a connection needs an id or a name (" + source + ")");
    }
    if ((pskRef == null) != (values.get("psk") == null)) {
      throw new IllegalArgumentException("pskRef and psk go together (" + source + ")");
    }
    locations =
        locations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(locations));
  }

  public static Builder builder(SourceLocation source) {
    return new Builder(source);
  }

  public Builder toBuilder() {
    Builder b = new Builder(source).id(id).pskRef(pskRef).locations(locations);
    b.values.putAll(values);
    return b;
  }

  /** How this connection is named in messages: its name, else its id. */
  public String label() {
    String name = name();
    return name != null && !name.isEmpty() ? name : id != null ? id : "";
  }

  /** Whether the configuration says {@code state: absent}: the connection is to be deleted. */
  public boolean absent() {
    return "absent".equals(values.get(ConnectionSchema.STATE.name()));
  }

  /** Whether {@code protect: true}: no plan may delete or replace it. */
  public boolean protect() {
    return Boolean.TRUE.equals(values.get(ConnectionSchema.PROTECT.name()));
  }

  /** Whether {@code name} is a managed field (it is when an id identifies the connection). */
  public boolean nameManaged() {
    return id != null && name() != null;
  }

  /** The managed value of {@code attribute}, or empty when it is not managed. */
  public Optional<Object> value(Attribute attribute) {
    if (attribute == ConnectionSchema.NAME && !nameManaged()) {
      return Optional.empty();
    }
    return Optional.ofNullable(values.get(attribute.name()));
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

  @SuppressWarnings("unchecked")
  public List<String> peerCidrs() {
    return (List<String>) values.get("peer_cidrs");
  }

  @Override
  public String toString() {
    return "DesiredConnection[" + label() + " at " + source + "]";
  }

  /** Builds a {@link DesiredConnection}. */
  public static final class Builder {
    private final SourceLocation source;
    private String id;
    private SecretRef pskRef;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, SourceLocation> locations = new LinkedHashMap<>();

    private Builder(SourceLocation source) {
      this.source = Objects.requireNonNull(source, "source");
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the psk and where it comes from. */
    public Builder psk(SecretRef ref, Secret value) {
      this.pskRef = ref;
      return set(ConnectionSchema.PSK, value);
    }

    private Builder pskRef(SecretRef ref) {
      this.pskRef = ref;
      return this;
    }

    /** Sets {@code attribute}'s value; null leaves it unmanaged. */
    public Builder set(Attribute attribute, Object value) {
      return set(attribute.name(), value);
    }

    public Builder set(String attribute, Object value) {
      if (value == null) {
        values.remove(attribute);
      } else {
        values.put(attribute, value);
      }
      return this;
    }

    public Builder location(String path, SourceLocation at) {
      locations.put(path, at);
      return this;
    }

    public Builder locations(Map<String, SourceLocation> all) {
      locations.putAll(all);
      return this;
    }

    public DesiredConnection build() {
      return new DesiredConnection(source, id, pskRef, values, locations);
    }
  }
}
