package dev.vpnform.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One in-process run of the CLI with captured streams. */
record CliRun(int exit, String out, String err) {
  static CliRun of(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, out, err, env);
    return new CliRun(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static CliRun of(String... args) {
    return of(Map.of(), args);
  }

  /** Everything the user saw. */
  String all() {
    return out + err;
  }
}
