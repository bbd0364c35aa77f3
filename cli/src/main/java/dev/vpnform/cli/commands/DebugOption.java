package dev.vpnform.cli.commands;

import picocli.CommandLine.Option;

/** {@code --debug}, declared once for every command that has it. */
public final class DebugOption {
  @Option(
      names = "--debug",
      description =
          "Show stack traces of errors; commands that talk to a cloud also log its HTTP requests"
              + " (secrets redacted).")
  boolean debug;

  public boolean on() {
    return debug;
  }
}
