package dev.vpnform.cli.faults;

import dev.vpnform.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the vpnform command line in-process, with captured streams, like the real launcher. */
final class Cli {
  private Cli() {}

  private static final Pattern OUTCOME =
      Pattern.compile(
          "^\\[\\d+/\\d+\\] (.+) \\(([0-9a-fA-F-]{36})\\):"
              + " (updated|failed|created|replaced|deleted)(.*)$");

  /** One run: exit code, stdout, stderr and the arguments (for messages). */
  record Run(int exit, String out, String err, List<String> args) {
    String all() {
      return out + err;
    }

    /**
     * The per-connection outcome lines of apply: {@code [i/n] name (id): updated ...} (or failed,
     * created, replaced, deleted).
     */
    List<String> outcomeLines() {
      List<String> lines = new ArrayList<>();
      for (String l : out.split("\n")) {
        if (OUTCOME.matcher(l).matches()) {
          lines.add(l);
        }
      }
      return lines;
    }

    /** Ids reported as failed / updated by apply. */
    List<String> ids(String outcome) {
      List<String> ids = new ArrayList<>();
      for (String l : out.split("\n")) {
        Matcher m = OUTCOME.matcher(l);
        if (m.matches() && m.group(3).equals(outcome)) {
          ids.add(m.group(2));
        }
      }
      return ids;
    }

    /** The apply summary line, or "" when there is none. */
    String summary() {
      for (String l : out.split("\n")) {
        if (l.startsWith("Apply complete") || l.startsWith("Apply finished")) {
          return l;
        }
      }
      return "";
    }

    @Override
    public String toString() {
      return "vpnform "
          + String.join(" ", args)
          + " -> exit "
          + exit
          + "\n--- stdout\n"
          + out
          + "--- stderr\n"
          + err;
    }
  }

  static Run run(Map<String, String> env, String... args) {
    return run(env, InputStream.nullInputStream(), args);
  }

  static Run withStdin(Map<String, String> env, String stdin, String... args) {
    return run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  static Run run(Map<String, String> env, InputStream in, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    int exit = Main.run(args, o, e, in, env);
    o.flush();
    e.flush();
    return new Run(
        exit,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        List.of(args));
  }
}
