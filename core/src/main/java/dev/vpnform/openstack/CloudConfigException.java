package dev.vpnform.openstack;

import dev.vpnform.model.VpnformException;

/**
 * The cloud connection settings are incomplete or unreadable: no {@code clouds.yaml} with the named
 * cloud, a malformed file, a missing auth URL or credential. The message names the setting and
 * where it can be given, never a value of a secret.
 */
public class CloudConfigException extends VpnformException {
  CloudConfigException(String message) {
    super(message);
  }
}
