package dev.vpnform.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resource kinds of Neutron VPNaaS v2.0, with where the API keeps them and their attributes.
 * Listed in creation order: a kind may reference only kinds above it.
 */
public enum Kind {
  IKE_POLICY("ikepolicies", "ikepolicy", "ikepolicies", "IKE policy", Schemas.IKE_POLICY),
  IPSEC_POLICY(
      "ipsecpolicies", "ipsecpolicy", "ipsecpolicies", "IPsec policy", Schemas.IPSEC_POLICY),
  ENDPOINT_GROUP(
      "endpoint_groups",
      "endpoint_group",
      "endpoint-groups",
      "endpoint group",
      Schemas.ENDPOINT_GROUP),
  VPN_SERVICE("vpnservices", "vpnservice", "vpnservices", "VPN service", Schemas.VPN_SERVICE),
  CONNECTION(
      "connections",
      "ipsec_site_connection",
      "ipsec-site-connections",
      "IPsec site connection",
      ConnectionSchema.ALL);

  private final String configKey;
  private final String bodyKey;
  private final String pathSegment;
  private final String label;
  private final List<Attribute> attributes;

  Kind(
      String configKey,
      String bodyKey,
      String pathSegment,
      String label,
      List<Attribute> attributes) {
    this.configKey = configKey;
    this.bodyKey = bodyKey;
    this.pathSegment = pathSegment;
    this.label = label;
    this.attributes = List.copyOf(attributes);
  }

  /** The top-level key of the configuration that lists resources of this kind. */
  public String configKey() {
    return configKey;
  }

  /** The key that wraps one resource in a request or response body. */
  public String bodyKey() {
    return bodyKey;
  }

  /** The key that wraps a list of resources in a response body: {@code ikepolicies}. */
  public String collectionKey() {
    return this == CONNECTION ? "ipsec_site_connections" : configKey;
  }

  /** The collection's path, e.g. {@code /v2.0/vpn/ipsec-site-connections}. */
  public String path() {
    return "/v2.0/vpn/" + pathSegment;
  }

  /** How messages name one resource: "IPsec site connection". */
  public String label() {
    return label;
  }

  /** How messages name several: "IKE policies". */
  public String plural() {
    return label.endsWith("y") ? label.substring(0, label.length() - 1) + "ies" : label + "s";
  }

  /** Every attribute, in the order plans list them. */
  public List<Attribute> attributes() {
    return attributes;
  }

  /** The attributes a configuration may set, in plan order. */
  public List<Attribute> writable() {
    return attributes.stream().filter(Attribute::writable).toList();
  }

  /** The attributes requests carry (set on create), in plan order. */
  public List<Attribute> sent() {
    return attributes.stream().filter(Attribute::sent).toList();
  }

  /** The kind whose id {@code idAttribute} holds ({@code vpnservice_id}), if any. */
  public static Optional<Kind> ofIdAttribute(String idAttribute) {
    for (Kind k : values()) {
      if ((k.bodyKey + "_id").equals(idAttribute)) {
        return Optional.of(k);
      }
    }
    return switch (idAttribute) {
      case "local_ep_group_id", "peer_ep_group_id" -> Optional.of(ENDPOINT_GROUP);
      default -> Optional.empty();
    };
  }

  public Optional<Attribute> attribute(String name) {
    Objects.requireNonNull(name, "name");
    return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
  }
}
