package dev.vpnform.openstack;

import dev.vpnform.cloud.CloudException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call to the cloud failed: the server refused it, could not be reached, or answered with
 * something unreadable.
 *
 * <p>The message reads like {@code Failed to update IPsec site connection 'dc1-to-dc2' (id 4f...):
 * 400 Bad Request: IPsecSiteConnectionMtuError: ipsec_site_connection MTU 67 is too small for ipv4
 * (request req-...)}. Server text is copied into it with every psk the request carried replaced by
 * {@code (sensitive value)}.
 */
public class ApiException extends CloudException {
  private final String operation;
  private final String connectionLabel;
  private final String connectionId;
  private final int httpStatus;
  private final String errorType;
  private final String errorMessage;
  private final String requestId;

  /**
   * An error response from the server, for callers (such as fakes in tests) that need to make one.
   *
   * @param operation what was attempted, e.g. {@code update IPsec site connection}
   * @param connectionLabel the connection's name (or id), or null
   * @param connectionId the connection's id, or null
   * @param httpStatus the HTTP status, or 0 when no response was received
   * @param errorType the NeutronError {@code type}, or null
   * @param errorMessage the server's error message, or null; it must not contain a secret
   * @param requestId the {@code X-Openstack-Request-Id} of the response, or null
   */
  public ApiException(
      String operation,
      String connectionLabel,
      String connectionId,
      int httpStatus,
      String errorType,
      String errorMessage,
      String requestId) {
    this(
        operation,
        connectionLabel,
        connectionId,
        httpStatus,
        errorType,
        errorMessage,
        requestId,
        null,
        null);
  }

  /**
   * @param problem what went wrong when there is no error body to report (a connection error, an
   *     unreadable response), or null
   */
  ApiException(
      String operation,
      String connectionLabel,
      String connectionId,
      int httpStatus,
      String errorType,
      String errorMessage,
      String requestId,
      String problem,
      Throwable cause) {
    super(
        format(
            operation,
            connectionLabel,
            connectionId,
            httpStatus,
            errorType,
            errorMessage,
            requestId,
            problem),
        cause);
    this.operation = operation;
    this.connectionLabel = connectionLabel;
    this.connectionId = connectionId;
    this.httpStatus = httpStatus;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.requestId = requestId;
  }

  /** For subclasses that render their own message. */
  ApiException(
      String message,
      String operation,
      String connectionLabel,
      String connectionId,
      int httpStatus,
      String requestId,
      Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.connectionLabel = connectionLabel;
    this.connectionId = connectionId;
    this.httpStatus = httpStatus;
    this.errorType = null;
    this.errorMessage = null;
    this.requestId = requestId;
  }

  /** What was attempted, e.g. {@code update IPsec site connection}. */
  public String operation() {
    return operation;
  }

  /** The connection's name (or id when it has none), when the call was about one connection. */
  public Optional<String> connectionLabel() {
    return Optional.ofNullable(connectionLabel);
  }

  public Optional<String> connectionId() {
    return Optional.ofNullable(connectionId);
  }

  /** The HTTP status of the response, empty when none was received. */
  public OptionalInt httpStatus() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /**
   * The NeutronError {@code type} ({@code VPNStateInvalidToUpdate}, {@code HTTPBadRequest}, ...),
   * or the {@code title} of a keystonemiddleware error.
   */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** The server's error message, with any psk of the request masked. */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(errorMessage);
  }

  /** The {@code X-Openstack-Request-Id} of the response, to quote to the cloud's operators. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** Whether the server answered with a NeutronError of type {@code neutronErrorType}. */
  public boolean isType(String neutronErrorType) {
    return errorType != null && errorType.equals(neutronErrorType);
  }

  static String format(
      String operation,
      String label,
      String id,
      int status,
      String type,
      String message,
      String requestId,
      String problem) {
    StringBuilder sb = new StringBuilder("Failed to ").append(operation).append(target(label, id));
    sb.append(": ");
    int mark = sb.length();
    if (status != 0) {
      String reason = HttpStatus.reason(status);
      sb.append(status).append(reason.isEmpty() ? "" : " " + reason);
    }
    if (type != null && !type.isEmpty()) {
      sb.append(sb.length() > mark ? ": " : "").append(type);
    }
    if (message != null && !message.isEmpty()) {
      sb.append(sb.length() > mark ? ": " : "").append(message);
    }
    if (problem != null && !problem.isBlank()) {
      String pr = problem.strip();
      // A bare "(after N attempts)" reads as a suffix.
      sb.append(sb.length() == mark ? "" : pr.startsWith("(") ? " " : ": ").append(pr);
    }
    if (requestId != null) {
      sb.append(" (request ").append(requestId).append(')');
    }
    return sb.toString();
  }

  /** {@code 'name' (id X)}, {@code X} or nothing. */
  static String target(String label, String id) {
    if (label != null && id != null && !label.equals(id)) {
      return " '" + label + "' (id " + id + ")";
    }
    if (id != null) {
      return " " + id;
    }
    if (label != null) {
      return " '" + label + "'";
    }
    return "";
  }
}
