package dev.vpnform.config;

import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads a psk from where the configuration points: an environment variable or a file. Problems are
 * described without the value, which never appears in a message. The loader and the saved-plan
 * reader both read psks through it, with the same guards (regular file, 64 KiB, UTF-8).
 */
public final class PskResolver {
  /** A pre-shared key is at most a few hundred bytes; anything this big is the wrong file. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  /** Either a reference with its value, or a problem to report. */
  public record Outcome(SecretRef ref, Secret secret, String problem) {
    static Outcome of(SecretRef ref, Secret secret) {
      return new Outcome(ref, secret, null);
    }

    static Outcome failed(String problem) {
      return new Outcome(null, null, problem);
    }
  }

  private final Function<String, String> environment;

  public PskResolver(Function<String, String> environment) {
    this.environment = environment;
  }

  public Outcome fromEnv(String name) {
    String value = environment.apply(name);
    if (value == null) {
      return Outcome.failed("environment variable " + Texts.abbreviate(name, 100) + " is not set");
    }
    return Outcome.of(new SecretRef.Env(name), Secret.of(value));
  }

  /** {@code written} is resolved against {@code baseDir}, the YAML file's directory. */
  public Outcome fromFile(String written, Path baseDir) {
    String shown = Texts.quote(written);
    Path resolved;
    try {
      resolved = baseDir.resolve(written).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return Outcome.failed("psk file " + shown + " is not a valid path");
    }
    if (!Files.exists(resolved)) {
      return Outcome.failed("psk file " + shown + " does not exist (looked for " + resolved + ")");
    }
    if (Files.isDirectory(resolved)) {
      return Outcome.failed("psk file " + shown + " is a directory");
    }
    if (!Files.isRegularFile(resolved)) {
      return Outcome.failed("psk file " + shown + " is not a regular file");
    }
    byte[] bytes;
    try {
      if (Files.size(resolved) > MAX_FILE_BYTES) {
        return Outcome.failed("psk file " + shown + " is larger than 64 KiB");
      }
      try (InputStream in = Files.newInputStream(resolved)) {
        // Bounded: the file may have grown since we looked at its size.
        bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      }
    } catch (IOException | SecurityException e) {
      return Outcome.failed(
          "psk file " + shown + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > MAX_FILE_BYTES) {
      return Outcome.failed("psk file " + shown + " is larger than 64 KiB");
    }
    String text = Utf8.decode(bytes).text();
    if (text == null) {
      return Outcome.failed("psk file " + shown + " is not valid UTF-8");
    }
    // Editors end files with a newline that is not part of the key; strip exactly one.
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    return Outcome.of(new SecretRef.File(written, resolved.toString()), Secret.of(text));
  }
}
