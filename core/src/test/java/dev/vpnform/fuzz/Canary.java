package dev.vpnform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The canary every fuzz target checks: when an input holds {@link #TOKEN}, no message may echo it.
 *
 * <p>For JSON inputs (Networking API bodies, saved plans) the rule is strict: the parsers never
 * quote the document. For YAML the loader may quote what the user wrote (an unknown key, a
 * duplicate name), so the rule is that it must never quote a value written <em>under a psk</em>:
 * the canary may show only if the document also holds it somewhere else.
 */
final class Canary {
  /** Short, so that the fuzzer can find it and splice it anywhere. */
  static final String TOKEN = "CANARY-psk";

  private Canary() {}

  /** No message may contain the canary. */
  static void assertNotEchoed(String input, Collection<String> messages) {
    if (!input.contains(TOKEN)) {
      return;
    }
    for (String m : messages) {
      assertThat(m).as("a message echoes the canary of input:%n%s", input).doesNotContain(TOKEN);
    }
  }

  static void assertNotEchoed(String input, String message) {
    assertNotEchoed(input, List.of(message == null ? "" : message));
  }

  /**
   * For saved plans: no message may contain the canary, unless the plan names it as a psk source
   * ({@code "psk": {"env": NAME}} or {@code {"file": PATH, "resolved_path": PATH}}): those are
   * references, not the key, and a message may say which variable is unset or which file is
   * unreadable.
   */
  static void assertNotEchoedByPlan(byte[] input, String message) {
    String text = new String(input, StandardCharsets.UTF_8);
    if (!text.contains(TOKEN) || inPskReference(input)) {
      return;
    }
    assertNotEchoed(text, message);
  }

  private static boolean inPskReference(byte[] input) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(input);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    if (root == null || !root.path("changes").isArray()) {
      return false;
    }
    for (JsonNode change : root.path("changes")) {
      JsonNode psk = change.path("desired").path("psk");
      for (String key : List.of("env", "file", "resolved_path")) {
        if (psk.path(key).asText("").contains(TOKEN)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * For YAML: no message may contain the canary unless the document (as SnakeYAML composes it, with
   * merge keys applied) holds it outside every psk.
   */
  static void assertNotEchoedFromPsk(String yaml, Collection<String> messages) {
    if (!yaml.contains(TOKEN) || appearsOutsidePsk(yaml)) {
      return;
    }
    assertNotEchoed(yaml, messages);
  }

  /**
   * Whether a scalar (key or value) holding the canary is reachable without passing through a key
   * that mentions psk. The names inside {@code psk: {env: NAME}} and {@code psk: {file: PATH}} are
   * references, not the key, and count as outside. A document that does not compose counts as
   * having every canary inside a psk, which makes the check strict.
   */
  static boolean appearsOutsidePsk(String yaml) {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(50);
    o.setNestingDepthLimit(50);
    // Not merged: SnakeYAML's merge loops forever on a mapping merged into itself, which the
    // loader refuses. Unmerged, `<<: *x` is walked like any key, reaching the same scalars.
    o.setMergeOnCompose(false);
    o.setAllowDuplicateKeys(true);
    o.setCodePointLimit(16 << 20);
    DumperOptions d = new DumperOptions();
    Yaml y = new Yaml(new SafeConstructor(o), new Representer(d), d, o);
    String text = !yaml.isEmpty() && yaml.charAt(0) == '\uFEFF' ? yaml.substring(1) : yaml;
    try {
      for (Node root : y.composeAll(new StringReader(text))) {
        if (root != null && publicCanary(root)) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  private record Item(Node node, boolean underPsk, boolean pskMapping) {}

  private static boolean publicCanary(Node root) {
    Set<Node> seenPublic = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Node> seenPsk = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Item> todo = new ArrayDeque<>();
    todo.push(new Item(root, false, false));
    while (!todo.isEmpty()) {
      Item it = todo.pop();
      if (!(it.underPsk ? seenPsk : seenPublic).add(it.node)) {
        continue;
      }
      if (it.node instanceof ScalarNode s) {
        if (!it.underPsk && s.getValue().contains(TOKEN)) {
          return true;
        }
      } else if (it.node instanceof SequenceNode s) {
        for (Node n : s.getValue()) {
          todo.push(new Item(n, it.underPsk, false));
        }
      } else if (it.node instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          Node k = t.getKeyNode();
          String key = k instanceof ScalarNode ks ? ks.getValue() : null;
          todo.push(new Item(k, it.underPsk, false));
          boolean mentionsPsk = key != null && key.toLowerCase(Locale.ROOT).contains("psk");
          boolean reference =
              it.pskMapping
                  && ("env".equals(key) || "file".equals(key))
                  && t.getValueNode() instanceof ScalarNode;
          boolean under = !reference && (it.underPsk || mentionsPsk);
          todo.push(new Item(t.getValueNode(), under, mentionsPsk));
        }
      }
    }
    return false;
  }
}
