package dev.vpnform.cli.commands;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Parses 90s, 5m, 1h, 250ms or an ISO-8601 duration such as PT5M. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String v) {
    try {
      if (v.matches("\\d+(ms|s|m|h)")) {
        long n = Long.parseLong(v.replaceAll("\\D", ""));
        return switch (v.replaceAll("\\d", "")) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(v);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + v + "' is not a duration such as 90s, 5m or PT5M");
    }
  }
}
