package dev.vpnform.model;

/**
 * The root of every checked exception vpnform's library throws. Messages name the object and the
 * operation and never contain a secret.
 */
public class VpnformException extends Exception {
  public VpnformException(String message) {
    super(message);
  }

  public VpnformException(String message, Throwable cause) {
    super(message, cause);
  }
}
