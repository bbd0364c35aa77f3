package dev.vpnform.cli.it;

import java.util.Map;

/**
 * {@link LifecycleFlows} through a REAL Keystone: vpnform and openstack use the {@code ks-admin}
 * cloud (password auth) and reach the keystone-auth neutron-server through the catalog.
 */
class KeystoneLifecycleIT extends LifecycleFlows {
  @Override
  boolean admin() {
    return true;
  }

  @Override
  String oscCloud() {
    return "ks-admin";
  }

  @Override
  Map<String, String> cloudEnv() {
    return Map.of("OS_CLIENT_CONFIG_FILE", neutron.cloudsYaml().toString(), "OS_CLOUD", "ks-admin");
  }
}
