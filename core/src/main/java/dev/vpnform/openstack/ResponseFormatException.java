package dev.vpnform.openstack;

/**
 * A Networking API body could not be read: malformed JSON, a wrong type, a missing {@code id}, or a
 * document over the size limits. The message is located, {@code source:line:col: problem}
 * (1-based), and never quotes the document's text.
 */
public class ResponseFormatException extends ApiException {
  private final String sourceName;
  private final int line;
  private final int column;
  private final String problem;

  /** A problem in a body read on its own (e.g. a saved list response); the message is located. */
  ResponseFormatException(String sourceName, int line, int column, String problem) {
    super(
        located(sourceName, line, column, problem),
        "read IPsec site connections",
        null,
        null,
        0,
        null,
        null);
    this.sourceName = sourceName;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  private ResponseFormatException(
      ResponseFormatException e,
      String operation,
      String connectionLabel,
      String connectionId,
      int httpStatus,
      String requestId) {
    super(
        ApiException.format(
            operation,
            connectionLabel,
            connectionId,
            0,
            null,
            null,
            requestId,
            "unreadable response (HTTP "
                + httpStatus
                + "): "
                + located(e.sourceName, e.line, e.column, e.problem)),
        operation,
        connectionLabel,
        connectionId,
        httpStatus,
        requestId,
        null);
    this.sourceName = e.sourceName;
    this.line = e.line;
    this.column = e.column;
    this.problem = e.problem;
  }

  /** This problem as the outcome of the call {@code op}, which got the response {@code r}. */
  ResponseFormatException during(Transport.Op op, Transport.Response r) {
    return new ResponseFormatException(
        this, op.operation(), op.label(), op.id(), r.status(), r.requestId().orElse(null));
  }

  /** The name of the document, as given to the parser. */
  public String sourceName() {
    return sourceName;
  }

  /** 1-based; 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based; 0 when unknown. */
  public int column() {
    return column;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }

  private static String located(String sourceName, int line, int column, String problem) {
    return line > 0
        ? sourceName + ":" + line + ":" + Math.max(column, 1) + ": " + problem
        : sourceName + ": " + problem;
  }
}
