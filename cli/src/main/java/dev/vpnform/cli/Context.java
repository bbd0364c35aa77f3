package dev.vpnform.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command may touch of the outside world, injected so that tests run the CLI in-process with
 * captured streams and a fake environment.
 */
public record Context(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env) {

  /** The environment variable, or null. */
  public String env(String name) {
    return env.get(name);
  }
}
