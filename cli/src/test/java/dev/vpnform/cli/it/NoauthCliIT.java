package dev.vpnform.cli.it;

import java.util.Map;

/**
 * {@link CliFlows} with vpnform on {@code OS_AUTH_TYPE=none, OS_ENDPOINT=$VPNFORM_NEUTRON_URL} and
 * the openstack CLI on the {@code vpnform-noauth} cloud: the noauth neutron-server.
 */
class NoauthCliIT extends CliFlows {
  @Override
  boolean admin() {
    return false;
  }

  @Override
  String oscCloud() {
    return "vpnform-noauth";
  }

  @Override
  Map<String, String> cloudEnv() {
    return Map.of("OS_AUTH_TYPE", "none", "OS_ENDPOINT", neutron.url().toString());
  }

  @Override
  String endpoint() {
    return neutron.url().toString();
  }
}
