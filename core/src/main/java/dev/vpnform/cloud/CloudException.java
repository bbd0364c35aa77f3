package dev.vpnform.cloud;

import dev.vpnform.model.VpnformException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request to the cloud failed: the server answered with an error, or no usable answer came. The
 * message names the operation and the resource, and never holds a secret.
 */
public abstract class CloudException extends VpnformException {
  protected CloudException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status of the answer; empty when none was received. */
  public abstract OptionalInt httpStatus();

  /** The server's error type (Neutron's {@code NeutronError.type}), if it gave one. */
  public abstract Optional<String> errorType();

  public boolean isType(String type) {
    return errorType().filter(type::equals).isPresent();
  }
}
