package dev.vpnform.apply;

import dev.vpnform.cloud.CloudException;
import java.util.List;

/**
 * A POST that never makes two resources: after any failure whose outcome is unknown (no answer, or
 * a 5xx that may follow a commit) the name is looked up before anything else. A resource found by
 * that name is the one the POST made; only when there is none is the POST sent again, once. The one
 * place of this rule, for connections and the resources they stand on.
 */
final class CreateOnce {
  private CreateOnce() {}

  /** The POST. */
  interface Post<T> {
    T send() throws CloudException;
  }

  /** The live resources of the name the POST gives. */
  interface Named<T> {
    List<T> find() throws CloudException;
  }

  /**
   * What became of it.
   *
   * @param created what the server made, or null when it failed
   * @param lost a note when the answer was lost and the resource found by name, else null
   * @param failure why it failed, or null
   * @param ambiguous whether the failure left unknown what the server did
   */
  record Outcome<T>(T created, String lost, String failure, boolean ambiguous) {
    boolean failed() {
      return created == null;
    }
  }

  /**
   * @param byName whether the POST gives a name to look up (without one, an unclear failure is
   *     reported as it is, never repeated)
   * @param what how the message names it: "the connection"
   */
  static <T> Outcome<T> post(Post<T> post, Named<T> named, boolean byName, String what) {
    for (int attempt = 1; ; attempt++) {
      try {
        return new Outcome<>(post.send(), null, null, false);
      } catch (CloudException e) {
        if (!ambiguous(e) || !byName) {
          return new Outcome<>(null, null, e.getMessage(), false);
        }
        List<T> found;
        try {
          found = named.find();
        } catch (CloudException again) {
          return new Outcome<>(
              null,
              null,
              e.getMessage()
                  + "; whether "
                  + what
                  + " was created is unknown (looking it up failed: "
                  + again.getMessage()
                  + "): plan again, which finds it by name if it was",
              true);
        }
        if (found.size() == 1) {
          return new Outcome<>(
              found.get(0),
              "the answer to the POST was lost (" + e.getMessage() + "); found it by name",
              null,
              false);
        }
        if (!found.isEmpty() || attempt >= 2) {
          return new Outcome<>(null, null, e.getMessage(), true);
        }
        // None: the POST did not land. Sent again, once.
      }
    }
  }

  /** No answer, or a server error that may have come after the commit. */
  static boolean ambiguous(CloudException e) {
    int status = e.httpStatus().orElse(0);
    return status == 0 || status >= 500;
  }
}
