package dev.vpnform.config;

import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.model.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code vpnform.projects.yaml}: several clouds and regions in one repository. Each project names a
 * cloud of {@code clouds.yaml}, optionally a region and a profile, and the configuration paths
 * (relative to this file) that it plans. Read as strictly as the desired state: unknown keys,
 * duplicate names and overlapping paths are located errors.
 *
 * <pre>{@code
 * format: 1
 * projects:
 *   - name: prod-fra1
 *     cloud: prod
 *     region: fra1
 *     profile: huaweicloud
 *     paths: [vpn/prod/fra1]
 * }</pre>
 *
 * @param file the file that was read
 * @param projects in file order
 */
public record ProjectsFile(Path file, List<Project> projects) {
  /** Its name at the root of a repository. */
  public static final String NAME = "vpnform.projects.yaml";

  private static final Pattern PROJECT_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
  private static final Set<String> TOP_KEYS = Set.of("format", "projects");
  private static final List<String> PROJECT_KEYS =
      List.of("name", "cloud", "region", "profile", "paths");
  private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);
  private static final long MAX_BYTES = 1 << 20;

  public ProjectsFile {
    Objects.requireNonNull(file, "file");
    projects = List.copyOf(projects);
  }

  /**
   * One project.
   *
   * @param cloud the entry of {@code clouds.yaml}; empty when the {@code OS_*} variables say where
   * @param region selects the cloud's region ({@code regions:} entry), if given
   * @param profile overrides {@code profile:} in the files, if given
   * @param paths the configuration files and directories, resolved against the projects file
   * @param source where the project's entry starts
   */
  public record Project(
      String name,
      Optional<String> cloud,
      Optional<String> region,
      Optional<Profile> profile,
      List<Path> paths,
      SourceLocation source) {
    public Project {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(cloud, "cloud");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(profile, "profile");
      paths = List.copyOf(paths);
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws ConfigException with every problem, located {@code file:line:col}
   */
  public static ProjectsFile read(Path file) throws ConfigException {
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException(
            error("larger than " + MAX_BYTES + " bytes", SourceLocation.ofFile(name)));
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(
          error("cannot read it: " + describe(e), SourceLocation.ofFile(name)));
    }
    Utf8.Decoded decoded = Utf8.decode(bytes);
    if (decoded.text() == null) {
      throw new ConfigException(error("not valid UTF-8", SourceLocation.ofFile(name)));
    }
    Path base = file.toAbsolutePath().getParent();
    Path shown = file.getParent() == null ? Path.of("") : file.getParent();
    SourceText src = new SourceText(name, Utf8.stripBom(decoded.text()), base);
    Problems problems = new Problems();
    List<Node> docs = new YamlReader(MAX_BYTES, 20, 20).compose(src, problems);
    List<Project> projects = new ArrayList<>();
    if (docs != null) {
      if (docs.size() != 1) {
        problems.add(error("expected one YAML document", SourceLocation.ofFile(name)));
      } else {
        new Reader(src, problems, shown).read(docs.get(0), projects);
      }
    }
    if (problems.hasErrors()) {
      throw new ConfigException(problems.sorted(List.of(name)));
    }
    return new ProjectsFile(file, projects);
  }

  /** {@link #NAME} in {@code dir}, if there is one. */
  public static Optional<Path> find(Path dir) {
    Path p = dir.resolve(NAME);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * The projects named, in file order; every project when {@code names} is empty.
   *
   * @throws ConfigException for a name that is not in the file (with a "did you mean")
   */
  public List<Project> select(List<String> names) throws ConfigException {
    if (names.isEmpty()) {
      return projects;
    }
    List<Diagnostic> problems = new ArrayList<>();
    for (String n : names) {
      if (projects.stream().noneMatch(p -> p.name().equals(n))) {
        String message = "no project is named '" + n + "'";
        Optional<String> near =
            projects.stream()
                .map(Project::name)
                .filter(p -> DISTANCE.apply(n, p) >= 0)
                .min(Comparator.comparingInt(p -> DISTANCE.apply(n, p)));
        message += near.map(s -> "; did you mean '" + s + "'?").orElse("");
        problems.add(error(message, SourceLocation.ofFile(file.toString())));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return projects.stream().filter(p -> names.contains(p.name())).toList();
  }

  private static Diagnostic error(String message, SourceLocation at) {
    return Diagnostic.error("projects", null, null, message, at);
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName();
  }

  /** Walks the node tree; every problem is reported, none stops the walk. */
  private static final class Reader {
    private final SourceText src;
    private final Problems problems;
    private final Path shown;
    private int errors;

    Reader(SourceText src, Problems problems, Path shown) {
      this.src = src;
      this.problems = problems;
      this.shown = shown;
    }

    private void bad(String message, SourceLocation at) {
      errors++;
      problems.add(error(message, at));
    }

    void read(Node root, List<Project> out) {
      Map<String, NodeTuple> top = mapping(root, TOP_KEYS.stream().sorted().toList(), "the file");
      if (top == null) {
        return;
      }
      NodeTuple format = top.get("format");
      if (format == null) {
        bad("'format: 1' is required", at(root));
      } else if (!(format.getValueNode() instanceof ScalarNode s)
          || !s.getTag().equals(Tag.INT)
          || !s.getValue().equals("1")) {
        bad("format: expected 1", at(format.getValueNode()));
      }
      NodeTuple projects = top.get("projects");
      if (projects == null) {
        bad("'projects:' is required", at(root));
        return;
      }
      if (!(projects.getValueNode() instanceof SequenceNode list) || list.getValue().isEmpty()) {
        bad("projects: expected a list of projects", at(projects.getValueNode()));
        return;
      }
      Map<String, SourceLocation> names = new LinkedHashMap<>();
      Map<Path, String> owners = new LinkedHashMap<>();
      for (Node item : list.getValue()) {
        Project p = project(item);
        if (p == null) {
          continue;
        }
        SourceLocation first = names.putIfAbsent(p.name(), p.source());
        if (first != null) {
          bad("project '" + p.name() + "' is already defined at " + first, p.source());
          continue;
        }
        for (Path path : p.paths()) {
          Path abs = path.toAbsolutePath().normalize();
          for (Map.Entry<Path, String> o : owners.entrySet()) {
            if (!o.getValue().equals(p.name())
                && (abs.startsWith(o.getKey()) || o.getKey().startsWith(abs))) {
              bad(
                  "paths: "
                      + shown.relativize(path)
                      + " overlaps a path of project '"
                      + o.getValue()
                      + "'; a file belongs to one project only",
                  p.source());
            }
          }
          owners.put(abs, p.name());
        }
        out.add(p);
      }
    }

    private Project project(Node node) {
      Map<String, NodeTuple> m = mapping(node, PROJECT_KEYS, "a project");
      if (m == null) {
        return null;
      }
      int before = errors;
      String name = string(m, "name", true);
      if (name != null && !PROJECT_NAME.matcher(name).matches()) {
        bad(
            "name: '"
                + name
                + "' must be 1 to 63 lower-case letters, digits, '.', '_' or '-', starting"
                + " with a letter or digit",
            at(m.get("name").getValueNode()));
      }
      String cloud = string(m, "cloud", false);
      String region = string(m, "region", false);
      String profileId = string(m, "profile", false);
      Optional<Profile> profile = Optional.empty();
      if (profileId != null) {
        profile = Profile.byId(profileId);
        if (profile.isEmpty()) {
          bad(
              "profile: unknown profile '" + profileId + "'; expected one of " + Profile.ids(),
              at(m.get("profile").getValueNode()));
        }
      }
      List<Path> paths = paths(m, node);
      if (errors > before || name == null) {
        return null;
      }
      return new Project(
          name, Optional.ofNullable(cloud), Optional.ofNullable(region), profile, paths, at(node));
    }

    private List<Path> paths(Map<String, NodeTuple> m, Node project) {
      NodeTuple t = m.get("paths");
      if (t == null) {
        bad("paths: required: the configuration this project plans", at(project));
        return List.of();
      }
      if (!(t.getValueNode() instanceof SequenceNode list) || list.getValue().isEmpty()) {
        bad("paths: expected a list of files or directories", at(t.getValueNode()));
        return List.of();
      }
      List<Path> out = new ArrayList<>();
      for (Node item : list.getValue()) {
        if (!(item instanceof ScalarNode s) || s.getValue().isEmpty()) {
          bad("paths: expected a file or directory", at(item));
          continue;
        }
        Path p;
        try {
          p = Path.of(s.getValue());
        } catch (InvalidPathException e) {
          bad("paths: not a valid path", at(item));
          continue;
        }
        if (p.isAbsolute()) {
          bad("paths: " + p + " must be relative to the projects file", at(item));
          continue;
        }
        if (!Files.exists(src.baseDir().resolve(p))) {
          bad("paths: " + p + " does not exist", at(item));
          continue;
        }
        out.add(shown.resolve(p).normalize());
      }
      return out;
    }

    private String string(Map<String, NodeTuple> m, String key, boolean required) {
      NodeTuple t = m.get(key);
      if (t == null) {
        if (required) {
          bad(key + ": required", SourceLocation.ofFile(src.file()));
        }
        return null;
      }
      if (!(t.getValueNode() instanceof ScalarNode s)
          || !s.getTag().equals(Tag.STR)
          || s.getValue().isEmpty()) {
        bad(key + ": expected a non-empty string", at(t.getValueNode()));
        return null;
      }
      return s.getValue();
    }

    /** The mapping's entries by key; unknown and duplicate keys are reported. */
    private Map<String, NodeTuple> mapping(Node node, List<String> known, String what) {
      if (!(node instanceof MappingNode map)) {
        bad(what + ": expected a mapping", at(node));
        return null;
      }
      Map<String, NodeTuple> out = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          bad("a key must be a plain word", at(t.getKeyNode()));
          continue;
        }
        String key = k.getValue();
        if (!known.contains(key)) {
          String message = "unknown key '" + key + "'";
          Optional<String> near =
              known.stream()
                  .filter(c -> DISTANCE.apply(key, c) >= 0)
                  .min(Comparator.comparingInt(c -> DISTANCE.apply(key, c)));
          message += near.map(s -> "; did you mean '" + s + "'?").orElse("");
          bad(message + " (known: " + String.join(", ", known) + ")", at(k));
          continue;
        }
        if (out.putIfAbsent(key, t) != null) {
          bad("duplicate key '" + key + "'", at(k));
        }
      }
      return out;
    }

    private SourceLocation at(Node n) {
      return src.location(n.getStartMark());
    }
  }
}
