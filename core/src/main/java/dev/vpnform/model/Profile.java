package dev.vpnform.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A cloud's dialect of the Networking API: which rules an update must follow. */
public enum Profile {
  /** Upstream Neutron VPNaaS, as measured against a real server. */
  OPENSTACK("openstack", true, Map.of()),
  /** Upstream plus rules H1-H12. The psk it returns is not the stored one (H12). */
  HUAWEICLOUD("huaweicloud", false, Map.of("O6", "H11")),
  /** Upstream plus rules F1-F10. */
  FUJITSU_K5(
      "fujitsu-k5",
      true,
      Map.of("O5", "F2", "O6", "F4", "O10", "F3", "O12", "F3", "O4:psk", "F7", "O15", "F1"));

  private final String id;
  private final boolean returnsStoredPsk;
  private final Map<String, String> aliases;

  Profile(String id, boolean returnsStoredPsk, Map<String, String> aliases) {
    this.id = id;
    this.returnsStoredPsk = returnsStoredPsk;
    this.aliases = aliases;
  }

  /**
   * Whether the psk the server returns is the one it stores, so that it can be compared. When it is
   * not, the psk is write-only: sent only when rotation is requested.
   */
  public boolean returnsStoredPsk() {
    return returnsStoredPsk;
  }

  /**
   * The id this dialect gives an upstream rule it restates (fujitsu-k5's F2 is upstream's O5), per
   * rule or per {@code rule:field}; the rule itself when it restates none.
   */
  public String ruleId(String rule, String field) {
    String byField = aliases.get(rule + ":" + field);
    return byField != null ? byField : aliases.getOrDefault(rule, rule);
  }

  /** The name used in configuration files and on the command line. */
  public String id() {
    return id;
  }

  public static Optional<Profile> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  /** The accepted names, for messages: {@code openstack, huaweicloud, fujitsu-k5}. */
  public static String ids() {
    return Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "));
  }
}
