package dev.vpnform.sandbox;

/**
 * An error the API answers with: HTTP status plus neutron's {@code NeutronError} type and message.
 * The message is what the real server would put in the response body; like the real server it may
 * quote request values, so it is only ever sent to the client, never logged.
 */
final class NeutronError extends RuntimeException {
  static final String INTERNAL_MESSAGE =
      "Request Failed: internal server error while processing your request.";

  final int status;
  final String type;

  NeutronError(int status, String type, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
  }

  /** webob.exc.HTTPBadRequest raised with a message, as the API layer does. */
  static NeutronError httpBadRequest(String message) {
    return new NeutronError(400, "HTTPBadRequest", message);
  }

  /** neutron_lib InvalidInput, as converters raise it. */
  static NeutronError invalidInput(String errorMessage) {
    return new NeutronError(
        400, "InvalidInput", "Invalid input for operation: " + errorMessage + ".");
  }

  /** neutron_lib BadRequest(resource=..., msg=...). */
  static NeutronError badRequest(String resource, String msg) {
    return new NeutronError(400, "BadRequest", "Bad " + resource + " request: " + msg + ".");
  }

  static NeutronError bad(String type, String message) {
    return new NeutronError(400, type, message);
  }

  static NeutronError notFound(String type, String message) {
    return new NeutronError(404, type, message);
  }

  static NeutronError conflict(String type, String message) {
    return new NeutronError(409, type, message);
  }

  static NeutronError internal() {
    return new NeutronError(500, "HTTPInternalServerError", INTERNAL_MESSAGE);
  }

  static NeutronError resourceNotFound() {
    return new NeutronError(404, "HTTPNotFound", "The resource could not be found.");
  }

  static NeutronError methodNotAllowed() {
    return new NeutronError(
        405,
        "HTTPMethodNotAllowed",
        "The server could not comply with the request since it is either malformed or otherwise"
            + " incorrect.");
  }
}
