package dev.vpnform.openstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Finds and reads {@code clouds.yaml} and the {@code secure.yaml} beside it, as openstacksdk does.
 * Errors name the file and the key path, never a value.
 */
final class CloudsYaml {
  private static final List<String> CLOUDS_FILES = List.of("clouds.yaml", "clouds.yml");
  private static final List<String> SECURE_FILES = List.of("secure.yaml", "secure.yml");
  private static final int MAX_FILE_SIZE = 1 << 20;

  private CloudsYaml() {}

  /** The directories searched, in order: {@code ./}, {@code ~/.config/openstack/}, then these. */
  static List<Path> searchDirs(Path cwd, Path home, List<Path> systemDirs) {
    List<Path> dirs = new ArrayList<>();
    dirs.add(cwd);
    dirs.add(home.resolve(".config").resolve("openstack"));
    dirs.addAll(systemDirs);
    return dirs;
  }

  /** {@code OS_CLIENT_CONFIG_FILE} if set, else the first {@code clouds.yaml} in {@code dirs}. */
  static Optional<Path> locate(Map<String, String> env, Path cwd, List<Path> dirs)
      throws CloudConfigException {
    String explicit = env.get("OS_CLIENT_CONFIG_FILE");
    if (explicit != null && !explicit.isEmpty()) {
      Path p = cwd.resolve(explicit);
      if (!Files.isRegularFile(p)) {
        throw new CloudConfigException(
            "OS_CLIENT_CONFIG_FILE names " + p + ", which is not a readable file");
      }
      return Optional.of(p);
    }
    return first(dirs, CLOUDS_FILES);
  }

  /** {@code OS_CLIENT_SECURE_FILE} if set, else {@code secure.yaml} beside {@code cloudsFile}. */
  static Optional<Path> locateSecure(Map<String, String> env, Path cwd, Path cloudsFile) {
    String explicit = env.get("OS_CLIENT_SECURE_FILE");
    if (explicit != null && !explicit.isEmpty()) {
      Path p = cwd.resolve(explicit);
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    Path dir = cloudsFile.toAbsolutePath().getParent();
    return dir == null ? Optional.empty() : first(List.of(dir), SECURE_FILES);
  }

  private static Optional<Path> first(List<Path> dirs, List<String> names) {
    for (Path d : dirs) {
      for (String n : names) {
        Path p = d.resolve(n);
        if (Files.isRegularFile(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The entry of cloud {@code name} in {@code cloudsFile}, with the same cloud's entry of {@code
   * secureFile} (if any) merged over it key by key.
   */
  static Map<String, Object> cloud(Path cloudsFile, Optional<Path> secureFile, String name)
      throws CloudConfigException {
    Map<String, Object> clouds = clouds(cloudsFile);
    Object entry = clouds.get(name);
    if (entry == null) {
      throw new CloudConfigException(
          "cloud '"
              + name
              + "' is not defined in "
              + cloudsFile
              + " (clouds there: "
              + String.join(", ", new TreeSet<>(clouds.keySet()))
              + ")");
    }
    Map<String, Object> merged = map(entry, cloudsFile, "clouds." + name);
    if (secureFile.isPresent()) {
      Object secure = clouds(secureFile.get()).get(name);
      if (secure != null) {
        merged = merge(merged, map(secure, secureFile.get(), "clouds." + name));
      }
    }
    return merged;
  }

  /**
   * The cloud's settings for one region, as openstacksdk selects it: {@code regions:} lists names
   * or {@code {name, values}} entries (a comma-separated {@code region_name} works as a list of
   * names); {@code requested} picks the entry by name (case-sensitive), else the first is used; the
   * entry's {@code values} are merged over the cloud's settings ({@code auth} key by key), and
   * {@code region_name} becomes the entry's name. A cloud that lists no regions takes any name.
   *
   * @param requested {@code --os-region-name} or {@code OS_REGION_NAME}, or null
   */
  static Map<String, Object> region(
      Map<String, Object> cloud, String requested, Path file, String name)
      throws CloudConfigException {
    String path = "clouds." + name;
    List<Map<String, Object>> regions = new ArrayList<>();
    Object list = cloud.get("regions");
    if (list != null) {
      if (!(list instanceof List<?> l)) {
        throw new CloudConfigException(
            file + ": " + path + ".regions: expected a list of region names");
      }
      for (Object r : l) {
        if (r instanceof String s) {
          regions.add(Map.of("name", s, "values", Map.of()));
        } else if (r instanceof Map<?, ?> m
            && m.get("name") instanceof String
            && m.keySet().stream().allMatch(k -> k.equals("name") || k.equals("values"))) {
          Object values = m.get("values") == null ? Map.of() : m.get("values");
          map(values, file, path + ".regions." + m.get("name") + ".values");
          regions.add(Map.of("name", m.get("name"), "values", values));
        } else {
          throw new CloudConfigException(
              file
                  + ": "
                  + path
                  + ".regions: each entry is a region name or {name: ..., values: {...}}");
        }
      }
    } else if (cloud.get("region_name") instanceof String s && s.contains(",")) {
      for (String r : s.split(",")) {
        regions.add(Map.of("name", r.strip(), "values", Map.of()));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>(cloud);
    out.remove("regions");
    if (regions.isEmpty()) {
      if (requested != null) {
        out.put("region_name", requested);
      }
      return out;
    }
    Map<String, Object> chosen = regions.get(0);
    if (requested != null) {
      chosen =
          regions.stream()
              .filter(r -> r.get("name").equals(requested))
              .findFirst()
              .orElseThrow(
                  () ->
                      new CloudConfigException(
                          "region '"
                              + requested
                              + "' is not a region of cloud '"
                              + name
                              + "' in "
                              + file
                              + " (its regions: "
                              + String.join(
                                  ", ", regions.stream().map(r -> (String) r.get("name")).toList())
                              + "; names are case-sensitive)"));
    }
    out = merge(out, map(chosen.get("values"), file, path + ".regions.values"));
    out.put("region_name", chosen.get("name"));
    return out;
  }

  private static Map<String, Object> clouds(Path file) throws CloudConfigException {
    Object root = load(file);
    if (root == null) {
      return Map.of();
    }
    Map<String, Object> top = map(root, file, "the document");
    Object clouds = top.get("clouds");
    return clouds == null ? Map.of() : map(clouds, file, "clouds");
  }

  private static Object load(Path file) throws CloudConfigException {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw new CloudConfigException(file + ": larger than " + MAX_FILE_SIZE + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CloudConfigException("cannot read " + file + ": " + e.getClass().getSimpleName());
    }
    LoaderOptions lo = new LoaderOptions();
    lo.setAllowDuplicateKeys(false);
    lo.setMaxAliasesForCollections(20);
    lo.setNestingDepthLimit(20);
    lo.setCodePointLimit(MAX_FILE_SIZE);
    try {
      return new Yaml(new SafeConstructor(lo)).load(text);
    } catch (MarkedYAMLException e) {
      // The problem text can quote the document (a password in secure.yaml), so keep only its
      // leading words; the context snippet is never used.
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where =
          m == null ? file.toString() : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
      throw new CloudConfigException(where + ": malformed YAML" + SafeText.summary(e.getProblem()));
    } catch (YAMLException e) {
      throw new CloudConfigException(file + ": malformed YAML");
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, Path file, String path) throws CloudConfigException {
    if (!(o instanceof Map)) {
      throw new CloudConfigException(file + ": " + path + ": expected a mapping");
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach(
        (k, v) -> {
          Object b = out.get(k);
          if (b instanceof Map && v instanceof Map) {
            out.put(k, merge((Map<String, Object>) b, (Map<String, Object>) v));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }
}
