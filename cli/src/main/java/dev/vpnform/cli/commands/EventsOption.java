package dev.vpnform.cli.commands;

import dev.vpnform.cli.render.Events;
import dev.vpnform.model.VpnformException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --events-out FILE}: machine-readable events, one JSON object per line, flushed each. */
final class EventsOption {
  @Option(
      names = "--events-out",
      paramLabel = "FILE",
      description = "Also write events as they happen, one JSON object per line (NDJSON).")
  Path file;

  private BufferedWriter out;

  /** Opens the file and writes the version event; nothing without --events-out. */
  void open() throws VpnformException {
    if (file == null) {
      return;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VpnformException(
          "Cannot write the events to " + file + ": " + e.getClass().getSimpleName(), e);
    }
    emit(Events.version());
  }

  synchronized void emit(String line) {
    if (out == null) {
      return;
    }
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      // A full disk must not stop an apply half-way: stop writing events and carry on.
      close();
    }
  }

  void emit(List<String> lines) {
    lines.forEach(this::emit);
  }

  synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // nothing more to write
      }
      out = null;
    }
  }
}
