package dev.vpnform.plan;

import dev.vpnform.model.Addresses;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Plans a subset of the connections: {@code name:GLOB}, {@code id:UUID} and {@code file:GLOB}
 * selectors, to include ({@code targets}) or leave out ({@code excludes}). Selected = (the targets'
 * matches, or every connection when there are none) minus the excludes' matches.
 *
 * <p>The whole desired state is still loaded and validated; only the selected connections are read
 * from the cloud and planned. A selector that matches nothing is an error, and so is a selection
 * that leaves nothing; a plan made with a selection says so in a warning, which every output and a
 * saved plan carry.
 *
 * <pre>{@code
 * Targeting t = Targeting.of(List.of("name:dc1-*"), List.of("file:old/**"));
 * Targeting.Selected s = t.select(desired);
 * Plan plan = s.complete(reconciler.plan(s.desired(), cloud), reconciler.validate(desired));
 * }</pre>
 */
public final class Targeting {
  /** The rule id of the warning that a plan covers a selection only. */
  public static final String RULE = "targeting";

  private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(8);
  private static final Pattern KIND = Pattern.compile("^([a-z]+):(.*)$", Pattern.DOTALL);

  private final List<Selector> targets;
  private final List<Selector> excludes;

  private Targeting(List<Selector> targets, List<Selector> excludes) {
    this.targets = List.copyOf(targets);
    this.excludes = List.copyOf(excludes);
  }

  /** Selects every connection. */
  public static Targeting all() {
    return new Targeting(List.of(), List.of());
  }

  /**
   * Parses selectors as written on a command line.
   *
   * @throws TargetingException naming each selector that cannot be parsed
   */
  public static Targeting of(List<String> targets, List<String> excludes)
      throws TargetingException {
    List<Diagnostic> problems = new ArrayList<>();
    List<Selector> t = new ArrayList<>();
    List<Selector> e = new ArrayList<>();
    for (String s : targets) {
      parse(s, null, problems).ifPresent(t::add);
    }
    for (String s : excludes) {
      parse(s, null, problems).ifPresent(e::add);
    }
    if (!problems.isEmpty()) {
      throw new TargetingException(problems);
    }
    return new Targeting(t, e);
  }

  /**
   * This selection plus the selectors in files: one per line, blank lines and {@code #} comments
   * ignored. A problem in a file is located {@code file:line:col}.
   */
  public Targeting withFiles(List<Path> targetFiles, List<Path> excludeFiles)
      throws TargetingException {
    List<Diagnostic> problems = new ArrayList<>();
    List<Selector> t = new ArrayList<>(targets);
    List<Selector> e = new ArrayList<>(excludes);
    for (Path f : targetFiles) {
      t.addAll(read(f, problems));
    }
    for (Path f : excludeFiles) {
      e.addAll(read(f, problems));
    }
    if (!problems.isEmpty()) {
      throw new TargetingException(problems);
    }
    return new Targeting(t, e);
  }

  /** Whether anything is selected or left out: without selectors every connection is planned. */
  public boolean inEffect() {
    return !targets.isEmpty() || !excludes.isEmpty();
  }

  /** The target selectors, normalised ({@code kind:value}). */
  public List<String> targets() {
    return targets.stream().map(Selector::toString).toList();
  }

  /** The exclude selectors, normalised ({@code kind:value}). */
  public List<String> excludes() {
    return excludes.stream().map(Selector::toString).toList();
  }

  /**
   * The selected part of {@code desired}.
   *
   * @throws TargetingException when a selector matches no connection (with a "did you mean" for
   *     names), or when nothing is left selected
   */
  public Selected select(DesiredState desired) throws TargetingException {
    List<DesiredConnection> all = desired.connections();
    if (!inEffect()) {
      return new Selected(desired, all.size(), this);
    }
    List<Diagnostic> problems = new ArrayList<>();
    for (Selector s : targets) {
      unmatched(s, "target", all, problems);
    }
    for (Selector s : excludes) {
      unmatched(s, "exclude", all, problems);
    }
    List<DesiredConnection> kept = new ArrayList<>();
    for (DesiredConnection c : all) {
      boolean in = targets.isEmpty() || targets.stream().anyMatch(s -> s.matches(c));
      if (in && excludes.stream().noneMatch(s -> s.matches(c))) {
        kept.add(c);
      }
    }
    if (problems.isEmpty() && kept.isEmpty()) {
      problems.add(
          Diagnostic.error(
              RULE,
              null,
              null,
              "the selection leaves no connection to plan (" + describe() + ")",
              null));
    }
    if (!problems.isEmpty()) {
      throw new TargetingException(problems);
    }
    // As Terraform's -target, a selection takes along what it stands on: the declared resources
    // its connections refer to by name.
    java.util.Set<String> referenced = new java.util.HashSet<>();
    for (DesiredConnection c : kept) {
      for (dev.vpnform.model.Attribute ref : dev.vpnform.model.Kind.CONNECTION.attributes()) {
        if (ref.reference() && c.value(ref).isPresent()) {
          dev.vpnform.model.Kind.ofIdAttribute(ref.refersTo())
              .ifPresent(k -> referenced.add(k + "\0" + c.value(ref).get()));
        }
      }
    }
    List<dev.vpnform.model.DesiredResource> resources =
        desired.resources().stream()
            .filter(r -> r.name() != null && referenced.contains(r.kind() + "\0" + r.name()))
            .toList();
    DesiredState subset =
        new DesiredState(
            desired.profile(),
            desired.profileSource(),
            kept,
            resources,
            desired.files(),
            desired.warnings());
    return new Selected(subset, all.size(), this);
  }

  /** e.g. {@code target name:dc1-*; exclude file:old/**}. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (!targets.isEmpty()) {
      parts.add("target " + String.join(", ", targets()));
    }
    if (!excludes.isEmpty()) {
      parts.add("exclude " + String.join(", ", excludes()));
    }
    return String.join("; ", parts);
  }

  /**
   * A selection's connections and how many there were in all.
   *
   * @param desired the desired state with the selected connections only
   * @param total how many connections the whole desired state has
   */
  public record Selected(DesiredState desired, int total, Targeting targeting) {
    public int selected() {
      return desired.connections().size();
    }

    /**
     * The plan of the selection made whole again: the diagnostics that validating the whole desired
     * state found about connections outside the selection (they still count: a broken file is
     * broken whatever is planned), and, when a selection is in effect, the warning that says so.
     */
    public Plan complete(Plan plan, List<Diagnostic> wholeValidation) {
      if (!targeting.inEffect()) {
        return plan; // the plan validated the whole desired state itself
      }
      List<Diagnostic> more = new ArrayList<>();
      Set<Diagnostic> have = new LinkedHashSet<>(plan.diagnostics());
      for (Diagnostic d : wholeValidation) {
        if (!have.contains(d)) {
          more.add(d);
        }
      }
      more.add(
          Diagnostic.warning(
              RULE,
              null,
              null,
              "targeting is in effect: "
                  + selected()
                  + " of "
                  + total
                  + " connections are planned ("
                  + targeting.describe()
                  + "); the others are neither read nor changed",
              null));
      return plan.withDiagnostics(more);
    }
  }

  private static void unmatched(
      Selector s, String role, List<DesiredConnection> all, List<Diagnostic> problems) {
    if (all.stream().anyMatch(s::matches)) {
      return;
    }
    String message = role + " " + s + " matches no connection";
    if (s.kind == Kind.NAME) {
      Optional<String> near = nearest(s.value, all);
      if (near.isPresent()) {
        message += "; did you mean '" + near.get() + "'?";
      }
    }
    problems.add(Diagnostic.error(RULE, null, null, message, s.location));
  }

  private static Optional<String> nearest(String glob, List<DesiredConnection> all) {
    String literal = glob.replace("*", "").replace("?", "");
    return all.stream()
        .map(DesiredConnection::name)
        .filter(n -> n != null && !n.isEmpty())
        .filter(n -> DISTANCE.apply(literal, n) >= 0)
        .min(Comparator.comparingInt((String n) -> DISTANCE.apply(literal, n)));
  }

  private static List<Selector> read(Path file, List<Diagnostic> problems) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(
          Diagnostic.error(
              RULE,
              null,
              null,
              "cannot read the selector file: " + describe(e),
              SourceLocation.ofFile(file.toString())));
      return List.of();
    }
    List<Selector> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      SourceLocation at =
          new SourceLocation(file.toString(), i + 1, line.indexOf(trimmed.charAt(0)) + 1);
      parse(trimmed, at, problems).ifPresent(out::add);
    }
    return out;
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "not valid UTF-8";
    }
    return e.getClass().getSimpleName();
  }

  private static Optional<Selector> parse(
      String text, SourceLocation at, List<Diagnostic> problems) {
    String s = text.strip();
    Kind kind;
    String value;
    java.util.regex.Matcher m = KIND.matcher(s);
    if (m.matches()) {
      kind =
          switch (m.group(1)) {
            case "name" -> Kind.NAME;
            case "id" -> Kind.ID;
            case "file" -> Kind.FILE;
            default -> null;
          };
      value = m.group(2);
      if (kind == null) {
        problems.add(
            Diagnostic.error(
                RULE,
                null,
                null,
                "selector '"
                    + s
                    + "' has an unknown kind '"
                    + m.group(1)
                    + "'; use name:GLOB, id:UUID or file:GLOB",
                at));
        return Optional.empty();
      }
    } else {
      kind = Addresses.isUuid(s) ? Kind.ID : Kind.NAME;
      value = s;
    }
    if (value.isEmpty()) {
      problems.add(Diagnostic.error(RULE, null, null, "selector '" + s + "' is empty", at));
      return Optional.empty();
    }
    if (kind == Kind.ID && !Addresses.isUuid(value)) {
      problems.add(Diagnostic.error(RULE, null, null, "selector '" + s + "': not a UUID", at));
      return Optional.empty();
    }
    try {
      return Optional.of(new Selector(kind, value, at));
    } catch (IllegalArgumentException e) {
      problems.add(
          Diagnostic.error(RULE, null, null, "selector '" + s + "': not a valid glob", at));
      return Optional.empty();
    }
  }

  private enum Kind {
    NAME("name"),
    ID("id"),
    FILE("file");

    final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  /** One selector; names match case-sensitively, ids case-insensitively. */
  private static final class Selector {
    final Kind kind;
    final String value;
    final SourceLocation location;
    private final Pattern name;
    private final PathMatcher file;

    Selector(Kind kind, String value, SourceLocation location) {
      this.kind = kind;
      this.value = value;
      this.location = location;
      try {
        this.name = kind == Kind.NAME ? glob(value) : null;
        this.file =
            kind == Kind.FILE ? FileSystems.getDefault().getPathMatcher("glob:" + value) : null;
      } catch (PatternSyntaxException | InvalidPathException e) {
        throw new IllegalArgumentException(e);
      }
    }

    boolean matches(DesiredConnection c) {
      return switch (kind) {
        case NAME -> c.name() != null && name.matcher(c.name()).matches();
        case ID ->
            c.id() != null
                && c.id().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
        case FILE -> matchesFile(c.source().file());
      };
    }

    private boolean matchesFile(String source) {
      try {
        Path p = Path.of(source).normalize();
        return file.matches(p)
            || (!p.isAbsolute() && file.matches(Path.of("").toAbsolutePath().resolve(p)));
      } catch (InvalidPathException e) {
        return false;
      }
    }

    /** {@code *} is any run of characters, {@code ?} one character; the rest is literal. */
    private static Pattern glob(String g) {
      StringBuilder re = new StringBuilder();
      StringBuilder literal = new StringBuilder();
      for (int i = 0; i < g.length(); i++) {
        char ch = g.charAt(i);
        if (ch == '*' || ch == '?') {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
          re.append(ch == '*' ? ".*" : ".");
        } else {
          literal.append(ch);
        }
      }
      re.append(Pattern.quote(literal.toString()));
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
      return kind.prefix + ":" + value;
    }
  }
}
