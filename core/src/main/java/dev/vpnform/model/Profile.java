package dev.vpnform.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A cloud's dialect of the Networking API: which rules an update must follow. */
public enum Profile {
  /** Upstream Neutron VPNaaS, as measured against a real server. */
  OPENSTACK("openstack"),
  /** Upstream plus rules H1-H12. */
  HUAWEICLOUD("huaweicloud"),
  /** Upstream plus rules F1-F10. */
  FUJITSU_K5("fujitsu-k5");

  private final String id;

  Profile(String id) {
    this.id = id;
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
