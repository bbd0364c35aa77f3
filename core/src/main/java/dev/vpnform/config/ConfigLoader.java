package dev.vpnform.config;

import dev.vpnform.model.DesiredState;
import dev.vpnform.model.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads the desired state from YAML files. It checks structure and types only (value domains are
 * the validator's job) and reports every problem in every file, each located {@code file:line:col},
 * before giving up.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class ConfigLoader {
  private static final long DEFAULT_MAX_FILE_BYTES = 8L * 1024 * 1024;
  private static final int DEFAULT_MAX_ALIASES = 50;
  private static final int DEFAULT_MAX_DEPTH = 50;

  /** SnakeYAML's composer recurses once per level; this keeps it far from a StackOverflowError. */
  private static final int MAX_DEPTH_LIMIT = 1000;

  private final Function<String, String> environment;
  private final long maxFileBytes;
  private final YamlReader yaml;

  private ConfigLoader(Builder b) {
    this.environment = b.environment;
    this.maxFileBytes = b.maxFileBytes;
    this.yaml = new YamlReader(b.maxFileBytes, b.maxAliases, b.maxDepth);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link ConfigLoader}; every one has a safe default. */
  public static final class Builder {
    private Function<String, String> environment = System::getenv;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private int maxAliases = DEFAULT_MAX_ALIASES;
    private int maxDepth = DEFAULT_MAX_DEPTH;

    private Builder() {}

    /** Where {@code psk: {env: NAME}} looks NAME up; returns null for an unset variable. */
    public Builder environment(Function<String, String> env) {
      this.environment = Objects.requireNonNull(env, "env");
      return this;
    }

    /** The largest file read, in bytes (default 8 MiB). A larger one is an error, unread. */
    public Builder maxFileBytes(long n) {
      if (n < 1 || n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxFileBytes must be between 1 and 2^31-9: " + n);
      }
      this.maxFileBytes = n;
      return this;
    }

    /** How many aliases to lists or mappings one document may use (default 50). */
    public Builder maxAliases(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxAliases must be >= 0: " + n);
      }
      this.maxAliases = n;
      return this;
    }

    /** How deeply lists and mappings may nest (default 50). */
    public Builder maxDepth(int n) {
      if (n < 1 || n > MAX_DEPTH_LIMIT) {
        throw new IllegalArgumentException(
            "maxDepth must be between 1 and " + MAX_DEPTH_LIMIT + ": " + n);
      }
      this.maxDepth = n;
      return this;
    }

    public ConfigLoader build() {
      return new ConfigLoader(this);
    }
  }

  /**
   * Loads {@code paths}: files, or directories searched recursively for {@code *.yaml} and {@code
   * *.yml} (sorted, for a stable order; hidden entries are skipped). A file named twice is read
   * once.
   *
   * @throws ConfigException with every problem found, when any is an error
   */
  public DesiredState load(List<Path> paths) throws ConfigException {
    Objects.requireNonNull(paths, "paths");
    Problems problems = new Problems();
    StateBuilder state = new StateBuilder(problems);
    if (paths.isEmpty()) {
      problems.error("path", null, null, "no configuration file or directory given", null);
    }
    Set<Path> read = new HashSet<>();
    for (Path p : paths) {
      for (Path file : expand(p, problems)) {
        if (read.add(identity(file))) {
          readFile(file, problems, state);
        }
      }
    }
    return state.build();
  }

  /**
   * For tests and fuzzing: loads one document's text as if read from file {@code fileName}; psk
   * file references resolve against {@code baseDir}.
   *
   * @throws ConfigException with every problem found, when any is an error
   */
  public DesiredState loadString(String yaml, String fileName, Path baseDir)
      throws ConfigException {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(baseDir, "baseDir");
    Problems problems = new Problems();
    StateBuilder state = new StateBuilder(problems);
    long size = Utf8.encodedLength(yaml);
    if (size > maxFileBytes) {
      tooLarge(fileName, size, problems);
    } else {
      state.addFile(fileName);
      parse(
          new SourceText(fileName, Utf8.stripBom(yaml), baseDir.toAbsolutePath()), problems, state);
    }
    return state.build();
  }

  // ---- finding files --------------------------------------------------------------------------

  /** The files {@code p} stands for, reporting a path that does not exist or holds no YAML. */
  private static List<Path> expand(Path p, Problems problems) {
    String shown = p.toString();
    if (!Files.exists(p)) {
      problems.error("path", null, null, shown + " does not exist", SourceLocation.ofFile(shown));
      return List.of();
    }
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          p,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              // Hidden directories hold tool state (.git) or, in a Kubernetes ConfigMap volume,
              // a second copy of every file (..2024_01_01...).
              return !dir.equals(p) && hidden(dir)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String name = file.getFileName().toString();
              // Files.isRegularFile follows a symbolic link to a file; attrs would not.
              if (!hidden(file)
                  && (name.endsWith(".yaml") || name.endsWith(".yml"))
                  && Files.isRegularFile(file)) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              problems.error(
                  "path",
                  null,
                  null,
                  "cannot read " + file + " (" + e.getClass().getSimpleName() + ")",
                  SourceLocation.ofFile(file.toString()));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.error(
          "path",
          null,
          null,
          "cannot read directory " + shown + " (" + e.getClass().getSimpleName() + ")",
          SourceLocation.ofFile(shown));
      return List.of();
    }
    if (found.isEmpty()) {
      problems.error(
          "path",
          null,
          null,
          "directory " + shown + " contains no *.yaml or *.yml files",
          SourceLocation.ofFile(shown));
    }
    // By the path below p with '/' separators: the same order on every platform.
    found.sort(Comparator.comparing(f -> p.relativize(f).toString().replace('\\', '/')));
    return found;
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /** The same file reached twice (named, and under a named directory) is read once. */
  private static Path identity(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  // ---- reading one file -----------------------------------------------------------------------

  private void readFile(Path file, Problems problems, StateBuilder state) {
    String shown = file.toString();
    SourceLocation whole = SourceLocation.ofFile(shown);
    if (!Files.isRegularFile(file)) {
      problems.error("path", null, null, shown + " is not a regular file", whole);
      return;
    }
    byte[] bytes;
    try {
      // Checked before reading anything, so an oversized file costs nothing.
      long size = Files.size(file);
      if (size > maxFileBytes) {
        tooLarge(shown, size, problems);
        return;
      }
      try (InputStream in = Files.newInputStream(file)) {
        // Bounded, in case the file grew since its size was taken.
        bytes = in.readNBytes((int) maxFileBytes + 1);
      }
    } catch (IOException | SecurityException e) {
      problems.error(
          "path",
          null,
          null,
          "cannot read " + shown + " (" + e.getClass().getSimpleName() + ")",
          whole);
      return;
    }
    if (bytes.length > maxFileBytes) {
      tooLarge(shown, bytes.length, problems);
      return;
    }
    state.addFile(shown);
    Utf8.Decoded decoded = Utf8.decode(bytes);
    if (decoded.text() == null) {
      String prefix = Utf8.stripBom(decoded.prefix());
      SourceText partial = new SourceText(shown, prefix, null);
      problems.error(
          "yaml",
          null,
          null,
          "the file is not valid UTF-8 (malformed byte sequence at byte offset "
              + decoded.badOffset()
              + ")",
          partial.locationOfCodePoint(prefix.codePointCount(0, prefix.length())));
      return;
    }
    Path dir = file.toAbsolutePath().getParent();
    parse(new SourceText(shown, Utf8.stripBom(decoded.text()), dir), problems, state);
  }

  private void tooLarge(String file, long size, Problems problems) {
    problems.error(
        "limits",
        null,
        null,
        "the file is "
            + size
            + " bytes, more than the limit of "
            + maxFileBytes
            + " bytes (maxFileBytes)",
        SourceLocation.ofFile(file));
  }

  private void parse(SourceText src, Problems problems, StateBuilder state) {
    List<Node> documents = yaml.compose(src, problems);
    if (documents == null) {
      return;
    }
    // An empty document between or after `---` separators is harmless; a file of nothing but
    // comments is almost certainly a mistake.
    List<Node> nonEmpty = documents.stream().filter(d -> !emptyDocument(d)).toList();
    if (nonEmpty.isEmpty()) {
      problems.error(
          "yaml",
          null,
          null,
          "the file is empty: expected a mapping with 'connections:'",
          SourceLocation.ofFile(src.file()));
      return;
    }
    PskResolver psk = new PskResolver(environment);
    for (Node document : nonEmpty) {
      new DocumentReader(src, problems, state, psk).read(document);
    }
  }

  private static boolean emptyDocument(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && s.getValue().isEmpty();
  }
}
