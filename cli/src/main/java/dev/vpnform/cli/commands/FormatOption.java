package dev.vpnform.cli.commands;

import dev.vpnform.cli.render.Format;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --format}, declared once. Each command says which formats it can produce; another one is a
 * usage error worded like picocli's own.
 */
final class FormatOption {
  private final Set<Format> accepted;
  private Format format = Format.text;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  FormatOption(Format first, Format... rest) {
    this.accepted = EnumSet.of(first, rest);
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Output format (default: text). plan, show: text, json, diff or markdown; apply: text"
              + " or markdown; validate, projects: text or json; demo: text, json or diff.")
  void set(Format value) {
    if (!accepted.contains(value)) {
      throw new ParameterException(
          mixee.commandLine(),
          "Invalid value for option '--format': expected one of "
              + accepted
              + " (case-insensitive) but was '"
              + value
              + "'");
    }
    this.format = value;
  }

  Format get() {
    return format;
  }
}
