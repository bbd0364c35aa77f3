package dev.vpnform.cli.it;

import java.util.Map;

/**
 * {@link CliFlows} through a REAL Keystone: vpnform and the openstack CLI both use the {@code
 * ks-admin} cloud of {@code $VPNFORM_CLOUDS_YAML} (password auth) and reach the keystone-auth
 * neutron-server through the catalog. The connections belong to keystone's admin project.
 */
class KeystoneCliIT extends CliFlows {
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

  @Override
  String endpoint() {
    return neutron.ksUrl().toString();
  }
}
