package dev.vpnform.cli.it;

import java.util.Map;

/** {@link LifecycleFlows} against the noauth neutron-server, openstack with auth type none. */
class NoauthLifecycleIT extends LifecycleFlows {
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
}
