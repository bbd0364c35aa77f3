package dev.vpnform.model;

import java.util.Objects;

/**
 * Where a secret comes from: an environment variable, a file, or (discouraged) a literal in the
 * configuration. A saved plan stores the reference, never the value.
 */
public sealed interface SecretRef {
  /** A short description that never contains the value, e.g. {@code env DC1_PSK}. */
  String describe();

  /** The value of environment variable {@code name}. */
  record Env(String name) implements SecretRef {
    public Env {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String describe() {
      return "env " + name;
    }
  }

  /**
   * The contents of a file, one trailing newline stripped. {@code path} is as written; {@code
   * resolvedPath} is absolute.
   */
  record File(String path, String resolvedPath) implements SecretRef {
    public File {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(resolvedPath, "resolvedPath");
    }

    @Override
    public String describe() {
      return "file " + path;
    }
  }

  /** A literal value written in the configuration. */
  record Literal(Secret value) implements SecretRef {
    public Literal {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String describe() {
      return "literal";
    }
  }
}
