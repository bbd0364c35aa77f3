package dev.vpnform.config;

import dev.vpnform.model.Attribute;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Profile;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.SourceLocation;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks one YAML document against the configuration schema, structure and types only (value
 * domains are the validator's job), and hands the connections it finds to a {@link StateBuilder}.
 *
 * <p>It walks only the schema's paths, never the whole graph: aliases make the node graph a DAG (or
 * even cyclic), and a schema-bounded walk stays linear in the text whatever the aliases do.
 */
final class DocumentReader {
  static final List<String> TOP_KEYS =
      List.of(
          "profile",
          "connections",
          "ikepolicies",
          "ipsecpolicies",
          "endpoint_groups",
          "vpnservices");

  /** The keys a connection entry may have: its identity, then the writable attributes. */
  static final List<String> CONNECTION_KEYS = keys(Kind.CONNECTION);

  /** The keys an entry of {@code kind} may have: its identity, then the writable attributes. */
  static List<String> keys(Kind kind) {
    return Stream.concat(Stream.of("id"), kind.writable().stream().map(Attribute::name)).toList();
  }

  static final List<String> PSK_KEYS = List.of("env", "file");

  /** The YAML 1.1 types (implicit or written as !!x); any other tag is refused. */
  private static final Set<Tag> ALLOWED_TAGS =
      Set.of(
          Tag.STR,
          Tag.INT,
          Tag.BOOL,
          Tag.NULL,
          Tag.FLOAT,
          Tag.TIMESTAMP,
          Tag.BINARY,
          Tag.SEQ,
          Tag.MAP,
          Tag.SET,
          Tag.OMAP,
          Tag.PAIRS,
          Tag.MERGE);

  /** The types YAML 1.1 reads from plain text, which quotes would turn into strings. */
  private static final Set<Tag> IMPLICIT_TYPES =
      Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.TIMESTAMP);

  private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:0|[1-9][0-9_]*)");
  private static final Pattern OCTAL = Pattern.compile("[-+]?0[0-7_]+");
  private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on");
  private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off");
  private static final LevenshteinDistance SUGGEST_DISTANCE = new LevenshteinDistance(3);

  private final SourceText src;
  private final Problems problems;
  private final StateBuilder state;
  private final PskResolver psk;

  /** Nodes already reported for their tag: checking their type too would only repeat it. */
  private final Set<Node> badTags = Collections.newSetFromMap(new IdentityHashMap<>());

  DocumentReader(SourceText src, Problems problems, StateBuilder state, PskResolver psk) {
    this.src = src;
    this.problems = problems;
    this.state = state;
    this.psk = psk;
  }

  void read(Node root) {
    reportTags(root);
    if (badTags.contains(root)) {
      return;
    }
    if (!isMapping(root)) {
      error(
          "O3",
          null,
          null,
          "the top level must be a mapping with 'connections:', got " + describe(root),
          root);
      return;
    }
    for (Entry e : entries((MappingNode) root, null, "", false)) {
      switch (e.key) {
        case "profile" -> readProfile(e.value);
        case "connections" -> readList(Kind.CONNECTION, e.value);
        case "ikepolicies" -> readList(Kind.IKE_POLICY, e.value);
        case "ipsecpolicies" -> readList(Kind.IPSEC_POLICY, e.value);
        case "endpoint_groups" -> readList(Kind.ENDPOINT_GROUP, e.value);
        case "vpnservices" -> readList(Kind.VPN_SERVICE, e.value);
        default -> unknownKey(e, TOP_KEYS, null, "", false);
      }
    }
  }

  // ---- the whole tree: tags -------------------------------------------------------------------

  /**
   * Reports every node with a non-standard tag (such as {@code !foo}). Global tags such as {@code
   * !!java.net.URL} never get here: the composer refuses them. Iterative, and each node once, so
   * that aliases and cycles cost nothing.
   */
  private void reportTags(Node root) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!seen.add(n)) {
        continue;
      }
      if (!ALLOWED_TAGS.contains(n.getTag())) {
        badTags.add(n);
        problems.error("yaml", null, null, "tags are not allowed", src.location(n.getStartMark()));
      }
      if (n instanceof SequenceNode s) {
        s.getValue().forEach(todo::push);
      } else if (n instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          todo.push(t.getKeyNode());
          todo.push(t.getValueNode());
        }
      }
    }
  }

  // ---- top level ------------------------------------------------------------------------------

  private void readProfile(Node v) {
    String id = string(v, null, "profile", false);
    if (id == null) {
      return;
    }
    if (Profile.byId(id).isEmpty()) {
      error(
          "profile",
          null,
          "profile",
          "unknown profile " + Texts.quote(id) + "; expected one of " + Profile.ids(),
          v);
      return;
    }
    state.offerProfile(id, at(v));
  }

  private void readList(Kind kind, Node v) {
    if (badTags.contains(v)) {
      return;
    }
    String key = kind.configKey();
    String plural = kind == Kind.CONNECTION ? "connections" : kind.plural();
    if (isNull(v)) {
      error("O3", null, key, "null is not allowed; write '" + key + ": []' for no " + plural, v);
      return;
    }
    if (!isSequence(v)) {
      error("O3", null, key, "expected a list of " + plural + ", got " + describe(v), v);
      return;
    }
    List<Node> items = ((SequenceNode) v).getValue();
    for (int i = 0; i < items.size(); i++) {
      readEntry(kind, items.get(i), i);
    }
  }

  // ---- one connection -------------------------------------------------------------------------

  /** What one connection entry said, filled in as its keys are read. */
  private static final class Draft {
    final String label;
    final Map<String, SourceLocation> locations = new LinkedHashMap<>();
    final Map<String, Object> values = new LinkedHashMap<>();
    boolean failed;
    String id;
    SecretRef pskRef;

    Draft(String label) {
      this.label = label;
    }

    String name() {
      return (String) values.get("name");
    }
  }

  private void readEntry(Kind kind, Node item, int index) {
    if (badTags.contains(item)) {
      return;
    }
    String position = kind.configKey() + "[" + index + "]";
    if (!isMapping(item)) {
      error(
          "O3",
          position,
          null,
          "expected a mapping (one "
              + (kind == Kind.CONNECTION ? "connection" : kind.label())
              + "), got "
              + describe(item),
          item);
      return;
    }
    MappingNode m = (MappingNode) item;
    List<String> known = kind == Kind.CONNECTION ? CONNECTION_KEYS : keys(kind);
    Draft d = new Draft(labelOf(m, position));
    for (Entry e : entries(m, d.label, "", false)) {
      if (known.contains(e.key)) {
        d.locations.put(e.key, at(e.value));
        readField(kind, d, e);
      } else if (kind.attribute(e.key).filter(a -> !a.writable()).isPresent()) {
        error(
            e.key.equals("availability_zone") ? "F9" : "O2",
            d.label,
            e.key,
            Texts.quote(e.key)
                + " is read-only: it cannot be changed in place (the API refuses the whole"
                + " update)",
            e.keyNode);
        d.failed = true;
      } else {
        unknownKey(e, known, d.label, "", false);
        d.failed = true;
      }
    }
    SourceLocation source = at(m);
    boolean identified = identify(kind, d, source);
    if (identified && !d.failed) {
      if (kind == Kind.CONNECTION) {
        DesiredConnection.Builder b =
            DesiredConnection.builder(source).id(d.id).locations(d.locations);
        d.values.forEach(b::set);
        state.addConnection(b.psk(d.pskRef, (Secret) d.values.get("psk")).build());
      } else {
        DesiredResource.Builder b = DesiredResource.builder(kind, source).id(d.id);
        d.values.forEach(b::set);
        d.locations.forEach(b::location);
        state.addResource(b.build());
      }
    }
  }

  /**
   * How diagnostics name the connection before its keys are checked: its name, else its id, else
   * its position. Only a non-empty string counts, since anything else is itself an error.
   */
  private String labelOf(MappingNode m, String position) {
    String id = null;
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k
          && t.getValueNode() instanceof ScalarNode v
          && v.getTag().equals(Tag.STR)
          && !v.getValue().isEmpty()) {
        if (k.getValue().equals("name")) {
          return v.getValue();
        }
        if (k.getValue().equals("id") && id == null) {
          id = v.getValue();
        }
      }
    }
    return id != null ? id : position;
  }

  private void readField(Kind kind, Draft d, Entry e) {
    if (e.key.equals("id")) {
      d.id = string(e.value, d.label, "id", false);
      d.failed |= d.id == null;
      return;
    }
    Attribute attr = kind.attribute(e.key).orElseThrow();
    Object value =
        attr.sensitive() ? (readPsk(e.value, d) ? d.values.get(e.key) : null) : value(attr, e, d);
    if (value == null) {
      d.failed = true;
    } else {
      d.values.put(e.key, value);
    }
  }

  /** The value of a non-secret attribute, of its schema type; null after reporting why not. */
  private Object value(Attribute attr, Entry e, Draft d) {
    return switch (attr.type()) {
      case STRING -> string(e.value, d.label, e.key, false);
      case BOOLEAN -> bool(e.value, d.label, e.key);
      case INTEGER -> integer(e.value, d.label, e.key);
      case STRING_LIST -> stringList(e.value, d, e.key);
      case OBJECT -> object(e.value, d, attr);
      case SECRET -> throw new AssertionError(attr.name());
    };
  }

  /**
   * Reports a connection that cannot be identified; otherwise declares its identity so that one
   * declared twice is caught across all files.
   */
  private boolean identify(Kind kind, Draft d, SourceLocation source) {
    String what = kind == Kind.CONNECTION ? "connection" : kind.label();
    if (d.locations.containsKey("id")) {
      if (d.id == null) {
        return false; // a type error was reported
      }
      if (d.id.isEmpty()) {
        problems.error(
            "identity",
            d.label,
            "id",
            "'id' is empty; remove it to identify the " + what + " by its name",
            d.locations.get("id"));
        return false;
      }
      state.declare(kind, "id", d.id, d.label, source);
      return true;
    }
    if (d.locations.containsKey("name")) {
      if (d.name() == null) {
        return false;
      }
      if (d.name().isEmpty()) {
        problems.error(
            "identity",
            d.label,
            "name",
            "'name' is empty: a " + what + " without an 'id' is identified by its name",
            d.locations.get("name"));
        return false;
      }
      state.declare(kind, "name", d.name(), d.label, source);
      return true;
    }
    problems.error(
        "identity",
        d.label,
        null,
        "a " + what + " needs an 'id' or a 'name' to identify it",
        source);
    return false;
  }

  // ---- psk ------------------------------------------------------------------------------------

  /**
   * The psk: a literal string (with a warning), {@code {env: NAME}} or {@code {file: PATH}}. No
   * message about it quotes what was written, since that may be the key itself.
   */
  private boolean readPsk(Node v, Draft d) {
    if (badTags.contains(v)) {
      return false;
    }
    if (isNull(v)) {
      nullError(v, d.label, "psk");
      return false;
    }
    if (v instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
      Secret secret = Secret.of(s.getValue());
      d.pskRef = new SecretRef.Literal(secret);
      d.values.put("psk", secret);
      problems.add(
          Diagnostic.warning(
              "psk-literal",
              d.label,
              "psk",
              "the psk is written in the configuration, where anyone who can read the file can"
                  + " read it; prefer {env: NAME} or {file: PATH}",
              at(v)));
      return true;
    }
    if (!isMapping(v)) {
      String hint =
          v instanceof ScalarNode s && s.isPlain() && IMPLICIT_TYPES.contains(s.getTag())
              ? " (quote it)"
              : "";
      error(
          "O3",
          d.label,
          "psk",
          "expected a string, {env: NAME} or {file: PATH}, got " + describe(v) + hint,
          v);
      return false;
    }
    Map<String, Entry> sources = new LinkedHashMap<>();
    boolean otherKeys = false;
    for (Entry e : entries((MappingNode) v, d.label, "psk.", true)) {
      if (PSK_KEYS.contains(e.key)) {
        sources.put(e.key, e);
      } else {
        unknownKey(e, PSK_KEYS, d.label, "psk.", true);
        otherKeys = true;
      }
    }
    if (sources.size() != 1) {
      if (!otherKeys || sources.size() > 1) {
        error(
            "psk-source",
            d.label,
            "psk",
            sources.isEmpty()
                ? "psk needs 'env: NAME' or 'file: PATH'"
                : "psk takes one of 'env' or 'file', not both",
            v);
      }
      return false;
    }
    Entry e = sources.values().iterator().next();
    String path = "psk." + e.key;
    d.locations.put(path, at(e.value));
    String where = string(e.value, d.label, path, false);
    if (where == null) {
      return false;
    }
    PskResolver.Outcome o =
        e.key.equals("env") ? psk.fromEnv(where) : psk.fromFile(where, src.baseDir());
    if (o.problem() != null) {
      error("psk-source", d.label, path, o.problem(), e.value);
      return false;
    }
    d.pskRef = o.ref();
    d.values.put("psk", o.secret());
    return true;
  }

  // ---- dpd and peer_cidrs ---------------------------------------------------------------------

  /** A mapping of the attribute's members; each member is read by its own type. */
  private Map<String, Object> object(Node v, Draft d, Attribute attr) {
    String key = attr.name();
    if (badTags.contains(v)) {
      return null;
    }
    if (isNull(v)) {
      nullError(v, d.label, key);
      return null;
    }
    if (!isMapping(v)) {
      error(
          "O3",
          d.label,
          key,
          "expected a mapping such as " + attr.example() + ", got " + describe(v),
          v);
      return null;
    }
    List<String> keys = attr.members().stream().map(Attribute::name).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    boolean ok = true;
    for (Entry e : entries((MappingNode) v, d.label, key + ".", false)) {
      String path = key + "." + e.key;
      Attribute member = attr.member(e.key).orElse(null);
      if (member == null) {
        unknownKey(e, keys, d.label, key + ".", false);
        ok = false;
        continue;
      }
      Object mv =
          switch (member.type()) {
            case STRING -> string(e.value, d.label, path, false);
            case INTEGER -> integer(e.value, d.label, path);
            case BOOLEAN -> bool(e.value, d.label, path);
            default -> throw new AssertionError(path); // the schema nests scalars only
          };
      ok &= mv != null;
      if (mv != null) {
        out.put(e.key, mv);
      }
      d.locations.put(path, at(e.value));
    }
    return ok ? out : null;
  }

  private List<String> stringList(Node v, Draft d, String key) {
    if (badTags.contains(v)) {
      return null;
    }
    if (isNull(v)) {
      nullError(v, d.label, key);
      return null;
    }
    if (!isSequence(v)) {
      String hint =
          v instanceof ScalarNode s && s.getTag().equals(Tag.STR)
              ? " (write a list: [" + Texts.abbreviate(s.getValue(), 60) + "])"
              : "";
      error("O3", d.label, key, "expected a list of strings, got " + describe(v) + hint, v);
      return null;
    }
    List<Node> items = ((SequenceNode) v).getValue();
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String path = key + "[" + i + "]";
      d.locations.put(path, at(item));
      String s;
      if (isNull(item) && !badTags.contains(item)) {
        error("O3", d.label, path, "expected a string, got null", item);
        s = null;
      } else {
        s = string(item, d.label, path, false);
      }
      ok &= s != null;
      out.add(s);
    }
    return ok ? out : null;
  }

  // ---- scalars --------------------------------------------------------------------------------

  /**
   * The string {@code v} holds, or null after reporting why it is not one. {@code secret} leaves
   * the value out of the hint.
   */
  private String string(Node v, String connection, String path, boolean secret) {
    if (badTags.contains(v)) {
      return null;
    }
    if (isNull(v)) {
      nullError(v, connection, path);
      return null;
    }
    if (v instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
      return s.getValue();
    }
    String message = "expected a string, got " + describe(v);
    // Quoting helps only where the resolver guessed a type from plain text.
    if (v instanceof ScalarNode s && s.isPlain() && IMPLICIT_TYPES.contains(s.getTag())) {
      String text = s.getValue();
      if (s.getTag().equals(Tag.BOOL) && !Set.of("true", "false").contains(lower(text))) {
        message += ": YAML reads " + (secret ? "it" : text) + " as a boolean";
      }
      message += secret ? " (quote it)" : " (quote it: \"" + Texts.abbreviate(text, 60) + "\")";
    }
    error("O3", connection, path, message, v);
    return null;
  }

  private Boolean bool(Node v, String connection, String path) {
    if (badTags.contains(v)) {
      return null;
    }
    if (isNull(v)) {
      nullError(v, connection, path);
      return null;
    }
    if (v instanceof ScalarNode s) {
      String word = lower(s.getValue());
      boolean isWord = TRUE_WORDS.contains(word) || FALSE_WORDS.contains(word);
      if (s.getTag().equals(Tag.BOOL) && isWord) {
        return TRUE_WORDS.contains(word);
      }
      // The server converts "true", "false", "1", "0" (any case) and the integers 0 and 1; so
      // does vpnform, with a warning, so that nothing the server accepts is refused.
      if (s.getTag().equals(Tag.STR) && SERVER_BOOLEANS.contains(word)) {
        boolean b = word.equals("true") || word.equals("1");
        lenient(connection, path, "a boolean written as a string", String.valueOf(b), v);
        return b;
      }
      if (s.getTag().equals(Tag.INT) && (word.equals("0") || word.equals("1"))) {
        boolean b = word.equals("1");
        lenient(connection, path, "a boolean written as " + word, String.valueOf(b), v);
        return b;
      }
      if (s.getTag().equals(Tag.STR) && isWord) {
        error(
            "O3",
            connection,
            path,
            "expected a boolean, got a string (remove the quotes: " + word + ")",
            v);
        return null;
      }
    }
    error("O3", connection, path, "expected a boolean (true or false), got " + describe(v), v);
    return null;
  }

  private Integer integer(Node v, String connection, String path) {
    if (badTags.contains(v)) {
      return null;
    }
    if (isNull(v)) {
      nullError(v, connection, path);
      return null;
    }
    if (!(v instanceof ScalarNode s)) {
      error("O3", connection, path, "expected an integer, got " + describe(v), v);
      return null;
    }
    String text = s.getValue();
    if (s.getTag().equals(Tag.INT)) {
      if (!DECIMAL.matcher(text).matches()) {
        // YAML 1.1 also reads 0x.., 0b.., 1:30 and (surprisingly) a leading 0 as octal: an mtu of
        // 01500 would be 832. Refuse them rather than guess what was meant.
        String why = OCTAL.matcher(text).matches() ? " (a leading 0 makes it octal in YAML)" : "";
        error(
            "O3",
            connection,
            path,
            "expected a decimal integer, got " + Texts.abbreviate(text, 40) + why,
            v);
        return null;
      }
      String digits = text.replace("_", "");
      // Digit count first: BigInteger on a huge literal would be slow for nothing.
      if (digits.length() > 12 || new BigInteger(digits).bitLength() > 31) {
        error(
            "O3",
            connection,
            path,
            Texts.abbreviate(text, 40)
                + " is out of range (an integer must be between "
                + Integer.MIN_VALUE
                + " and "
                + Integer.MAX_VALUE
                + ")",
            v);
        return null;
      }
      return Integer.valueOf(digits);
    }
    if (s.getTag().equals(Tag.FLOAT) && INTEGRAL_FLOAT.matcher(text).matches()) {
      // The server's int() takes 1400.0; a fraction would be cut off, so it stays an error.
      String digits = text.substring(0, text.indexOf('.'));
      if (digits.length() <= 11 && new BigInteger(digits).bitLength() <= 31) {
        lenient(connection, path, "an integer written as " + text, digits, v);
        return Integer.valueOf(digits);
      }
    }
    if (s.getTag().equals(Tag.STR) && SERVER_INTEGER.matcher(text).matches()) {
      // The server converts a decimal string ("1500"); so does vpnform, with a warning.
      String digits = text.strip();
      if (digits.length() <= 11 && new BigInteger(digits).bitLength() <= 31) {
        lenient(connection, path, "an integer written as a string", digits, v);
        return Integer.valueOf(digits);
      }
    }
    String message = "expected an integer, got " + describe(v);
    if (s.getTag().equals(Tag.STR) && DECIMAL.matcher(text.strip()).matches()) {
      message += " (remove the quotes: " + Texts.abbreviate(text.strip(), 40) + ")";
    }
    error("O3", connection, path, message, v);
    return null;
  }

  private void nullError(Node v, String connection, String path) {
    error(
        "O3",
        connection,
        path,
        "null is not allowed; remove the key to leave the field unmanaged",
        v);
  }

  // ---- mappings and keys ----------------------------------------------------------------------

  /** One key of a mapping, with its value. */
  private record Entry(String key, Node keyNode, Node value) {}

  /**
   * The entries of {@code m} with string keys, each key once. Other keys and repeated keys are
   * reported. {@code hideKeys} (inside psk) names only known keys: someone may have written the key
   * itself where a key name goes.
   */
  private List<Entry> entries(MappingNode m, String connection, String prefix, boolean hideKeys) {
    Map<String, Node> seen = new HashMap<>();
    List<Entry> out = new ArrayList<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (badTags.contains(k)) {
        continue;
      }
      if (!(k instanceof ScalarNode ks)) {
        error(
            "O3",
            connection,
            prefix.isEmpty() ? null : strip(prefix),
            "a key must be a string, got " + describe(k),
            k);
        continue;
      }
      String key = ks.getValue();
      if (seen.putIfAbsent(key, k) != null) {
        boolean show = !hideKeys || PSK_KEYS.contains(key);
        problems.error(
            "duplicate-key",
            connection,
            show ? prefix + key : strip(prefix),
            show ? "duplicate key " + Texts.quote(key) : "duplicate key in psk",
            src.location(k.getStartMark()));
        continue;
      }
      out.add(new Entry(key, k, t.getValueNode()));
    }
    return out;
  }

  private void unknownKey(
      Entry e, List<String> known, String connection, String prefix, boolean hideKey) {
    String suggestion = closest(e.key, known);
    String message = hideKey ? "unknown key in psk" : "unknown key " + Texts.quote(e.key);
    if (suggestion != null) {
      message += "; did you mean '" + suggestion + "'?";
    } else if (known.size() <= TOP_KEYS.size()) {
      List<String> quoted = known.stream().map(k -> "'" + k + "'").toList();
      message +=
          "; expected "
              + String.join(", ", quoted.subList(0, quoted.size() - 1))
              + " or "
              + quoted.get(quoted.size() - 1);
    }
    String field = hideKey ? strip(prefix) : prefix + e.key;
    problems.error("O1", connection, field, message, src.location(e.keyNode.getStartMark()));
  }

  /** The known key nearest to {@code key}, if within 3 edits: a likely typo. */
  static String closest(String key, List<String> known) {
    if (key.length() > 40) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int distance = SUGGEST_DISTANCE.apply(key, k);
      if (distance >= 0 && distance < bestDistance) {
        best = k;
        bestDistance = distance;
      }
    }
    return best;
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Strings the server's boolean converter accepts. */
  private static final Set<String> SERVER_BOOLEANS = Set.of("true", "false", "1", "0");

  /** A float with nothing after the point but zeros: 1400.0. */
  private static final Pattern INTEGRAL_FLOAT = Pattern.compile("-?[0-9]{1,11}\\.0*");

  /** A decimal string the server's integer converter accepts. */
  private static final Pattern SERVER_INTEGER = Pattern.compile("\\s*-?[0-9]{1,11}\\s*");

  /** A value of another type that the server converts: taken, with a warning. */
  private void lenient(String connection, String path, String what, String shown, Node at) {
    problems.add(
        Diagnostic.warning(
            "O3",
            connection,
            path,
            what + "; the server converts it, and so does vpnform: write " + shown,
            at(at)));
  }

  private void error(String rule, String connection, String field, String message, Node at) {
    problems.error(rule, connection, field, message, at(at));
  }

  private SourceLocation at(Node n) {
    return src.location(n.getStartMark());
  }

  private static String strip(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode && n.getTag().equals(Tag.NULL);
  }

  private static boolean isMapping(Node n) {
    return n instanceof MappingNode && n.getTag().equals(Tag.MAP);
  }

  private static boolean isSequence(Node n) {
    return n instanceof SequenceNode && n.getTag().equals(Tag.SEQ);
  }

  /** What {@code n} is, for "expected X, got Y" messages. */
  static String describe(Node n) {
    Tag t = n.getTag();
    if (t.equals(Tag.STR)) {
      return "a string";
    } else if (t.equals(Tag.INT)) {
      return "an integer";
    } else if (t.equals(Tag.FLOAT)) {
      return "a float";
    } else if (t.equals(Tag.BOOL)) {
      return "a boolean";
    } else if (t.equals(Tag.NULL)) {
      return "null";
    } else if (t.equals(Tag.TIMESTAMP)) {
      return "a timestamp";
    } else if (t.equals(Tag.SEQ)) {
      return "a list";
    } else if (t.equals(Tag.MAP)) {
      return "a mapping";
    } else if (t.equals(Tag.BINARY)) {
      return "binary data (!!binary)";
    } else if (t.equals(Tag.SET)) {
      return "a set (!!set)";
    } else if (t.equals(Tag.OMAP)) {
      return "an ordered map (!!omap)";
    } else if (t.equals(Tag.PAIRS)) {
      return "a list of pairs (!!pairs)";
    }
    return n instanceof ScalarNode ? "a tagged value" : "a tagged collection";
  }
}
