package dev.vpnform.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IKE policy, IPsec policy, endpoint group or VPN service as the configuration wants it: a
 * value per attribute written ({@link Kind#attributes()}), keyed by the attribute's name. An
 * attribute without a value is not managed: never compared and never sent.
 *
 * <p>Identified by {@code id} when present (then {@code name} is a managed field), otherwise by
 * {@code name}, as connections are. References ({@code router}, {@code subnet}, and subnet names
 * among a subnet group's {@code endpoints}) are resolved at plan time.
 *
 * @param source where the entry starts
 * @param values attribute name to value, of the JDK type its {@link Attribute.Type} names
 * @param locations where each key path was written
 */
public record DesiredResource(
    Kind kind,
    SourceLocation source,
    String id,
    Map<String, Object> values,
    Map<String, SourceLocation> locations) {

  public DesiredResource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    if (kind == Kind.CONNECTION) {
      throw new IllegalArgumentException("connections are DesiredConnection (" + source + ")");
    }
    values = Values.copy(values);
    if (id == null && values.get("name") == null) {
      throw new IllegalArgumentException(
          "a " + kind.label() + " needs an id or a name (" + source + ")");
    }
    locations =
        locations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(locations));
  }

  public static Builder builder(Kind kind, SourceLocation source) {
    return new Builder(kind, source);
  }

  public Builder toBuilder() {
    Builder b = new Builder(kind, source).id(id);
    b.values.putAll(values);
    b.locations.putAll(locations);
    return b;
  }

  public String name() {
    return (String) values.get("name");
  }

  /** How messages name it: its name, else its id. */
  public String label() {
    String name = name();
    return name != null && !name.isEmpty() ? name : id != null ? id : "";
  }

  /** Whether the configuration says {@code state: absent}: it is to be deleted. */
  public boolean absent() {
    return "absent".equals(values.get(ConnectionSchema.STATE.name()));
  }

  /** Whether {@code protect: true}: no plan may delete or replace it. */
  public boolean protect() {
    return Boolean.TRUE.equals(values.get(ConnectionSchema.PROTECT.name()));
  }

  /** A VPN service's {@code exclusive: true}: its undeclared connections are deleted. */
  public boolean exclusive() {
    return Boolean.TRUE.equals(values.get(Schemas.EXCLUSIVE.name()));
  }

  /** Whether {@code name} is a managed field (it is when an id identifies the resource). */
  public boolean nameManaged() {
    return id != null && name() != null;
  }

  /** The managed value of {@code attribute}, or empty when it is not managed. */
  public Optional<Object> value(Attribute attribute) {
    if (attribute.name().equals("name") && !nameManaged()) {
      return Optional.empty();
    }
    return Optional.ofNullable(values.get(attribute.name()));
  }

  @SuppressWarnings("unchecked")
  public List<String> endpoints() {
    return (List<String>) values.get("endpoints");
  }

  /** Where key path {@code path} was written, else where the entry starts. */
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
    return "DesiredResource[" + kind.bodyKey() + " " + label() + " at " + source + "]";
  }

  /** Builds a {@link DesiredResource}. */
  public static final class Builder {
    private final Kind kind;
    private final SourceLocation source;
    private String id;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, SourceLocation> locations = new LinkedHashMap<>();

    private Builder(Kind kind, SourceLocation source) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.source = Objects.requireNonNull(source, "source");
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets {@code attribute}'s value; null leaves it unmanaged. */
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

    public DesiredResource build() {
      return new DesiredResource(kind, source, id, values, locations);
    }
  }
}
