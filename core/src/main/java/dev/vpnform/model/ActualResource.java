package dev.vpnform.model;

import java.util.Objects;

/**
 * One live IKE policy, IPsec policy, endpoint group or VPN service as the server returned it.
 *
 * @param values the resource's attributes as the API names them
 */
public record ActualResource(Kind kind, String id, java.util.Map<String, Object> values) {
  public ActualResource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    values = Values.copy(values);
  }

  public String name() {
    Object n = values.get("name");
    return n instanceof String s ? s : "";
  }

  /** How messages name it: its name, else its id. */
  public String label() {
    return name().isEmpty() ? id : name();
  }

  /** The owning project, as the server says it. */
  public String projectId() {
    Object p = values.get("project_id");
    if (p == null) {
      p = values.get("tenant_id");
    }
    return p instanceof String s ? s : null;
  }
}
