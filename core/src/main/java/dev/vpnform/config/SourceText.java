package dev.vpnform.config;

import dev.vpnform.model.SourceLocation;
import java.nio.file.Path;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;

/**
 * One YAML source after decoding: its name as the user knows it, its text (without a byte order
 * mark) and the directory that relative psk files resolve against.
 */
final class SourceText {
  private final String file;
  private final String text;
  private final Path baseDir;
  private boolean[] sensitiveLines;

  SourceText(String file, String text, Path baseDir) {
    this.file = file;
    this.text = text;
    this.baseDir = baseDir;
  }

  String file() {
    return file;
  }

  String text() {
    return text;
  }

  Path baseDir() {
    return baseDir;
  }

  /** SnakeYAML marks are 0-based; every location vpnform shows is 1-based. */
  SourceLocation location(Mark mark) {
    return mark == null
        ? SourceLocation.ofFile(file)
        : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /**
   * The location of the {@code index}-th code point, counting lines the way SnakeYAML's reader does
   * (so that it agrees with the marks of the same file).
   */
  SourceLocation locationOfCodePoint(int index) {
    int line = 0;
    int column = 0;
    int i = 0;
    for (int n = 0; n < index && i < text.length(); n++) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (isLineBreak(c) && !(c == '\r' && i < text.length() && text.charAt(i) == '\n')) {
        line++;
        column = 0;
      } else {
        column++;
      }
    }
    return new SourceLocation(file, line + 1, column + 1);
  }

  /**
   * Whether 0-based {@code line} may show part of a psk written as a literal: a line that mentions
   * psk, and the lines indented deeper below it (a block scalar or a wrapped flow value). Parser
   * messages about such lines are replaced by a generic one, because we cannot parse the line to
   * find out where the value is.
   */
  boolean sensitiveLine(int line) {
    if (sensitiveLines == null) {
      sensitiveLines = findSensitiveLines(text);
    }
    return line >= 0 && line < sensitiveLines.length && sensitiveLines[line];
  }

  private static boolean[] findSensitiveLines(String text) {
    String[] lines = text.split("\r\n|[\r\n\u0085\u2028\u2029]", -1);
    boolean[] out = new boolean[lines.length];
    int pskIndent = -1;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int indent = 0;
      while (indent < l.length() && l.charAt(indent) == ' ') {
        indent++;
      }
      if (l.toLowerCase(Locale.ROOT).contains("psk")) {
        out[i] = true;
        // A line inside a psk's value that happens to mention psk does not end the value.
        if (pskIndent < 0 || indent <= pskIndent) {
          pskIndent = indent;
        }
      } else if (pskIndent >= 0 && (l.isBlank() || indent > pskIndent)) {
        out[i] = true;
      } else {
        pskIndent = -1;
      }
    }
    return out;
  }

  static boolean isLineBreak(int c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }
}
