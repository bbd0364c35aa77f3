package dev.vpnform.model;

import java.util.Objects;

/**
 * A place in a source file, 1-based, rendered {@code file:line:col}.
 *
 * <p>{@code line} and {@code column} are 0 when only the file is known (then it renders as just the
 * file name).
 */
public record SourceLocation(String file, int line, int column) {
  public SourceLocation {
    Objects.requireNonNull(file, "file");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must be >= 0: " + line + ":" + column);
    }
  }

  /** A location that names only a file. */
  public static SourceLocation ofFile(String file) {
    return new SourceLocation(file, 0, 0);
  }

  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line + ":" + column;
  }
}
