package dev.vpnform.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Note;
import dev.vpnform.model.Profile;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.Severity;
import dev.vpnform.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A plan saved to a file ({@code plan -o}), to be applied later exactly as it was reviewed.
 *
 * <p>The file holds, per connection, the desired values and where its psk comes from (never the
 * psk: apply reads it again), the actual connection it was planned against (without its psk) and
 * that snapshot's fingerprint. It is written with mode 0600. Reading checks the format version,
 * every type, and that each change still follows from its desired and actual halves, so that a
 * truncated or hand-edited file is refused rather than half-applied.
 */
public final class PlanFile {
  private PlanFile() {}

  public static final String FORMAT_VERSION = "1";
  public static final String KIND = "vpnform-plan";
  static final long MAX_BYTES = 64L << 20;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(1 << 20)
                .maxDocumentLength(MAX_BYTES)
                .maxNumberLength(32)
                .build());
  }

  /** A saved plan as read back; the plan says what it was made with. */
  public record Saved(Plan plan, String createdAt) {
    /** Where the actual state came from (an endpoint URL or a file). */
    public String target() {
      return plan.source();
    }

    public boolean rotatePsk() {
      return plan.rotatePsk();
    }
  }

  /**
   * Writes {@code plan} to {@code file} with mode 0600, atomically.
   *
   * @throws PlanFileException when a psk to send is a literal (a plan file never holds a psk), the
   *     plan has errors, or the file cannot be written
   */
  public static void write(Plan plan, Path file) throws PlanFileException {
    if (!plan.applicable()) {
      throw new PlanFileException(
          "Not saving a plan with " + plan.errorCount() + " error(s): it cannot be applied");
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("kind", KIND);
    root.put("created_at", Instant.now().toString());
    root.put("profile", plan.profile().id());
    root.put("target", plan.source());
    root.put("rotate_psk", plan.rotatePsk());
    ArrayNode changes = root.putArray("changes");
    for (ConnectionChange c : plan.changes()) {
      ObjectNode n = changes.addObject();
      n.put("id", c.id());
      n.put("name", c.name());
      n.put("source", c.source().toString());
      n.put("action", c.action().label());
      ArrayNode fields = n.putArray("fields");
      for (FieldChange f : c.fields()) {
        ObjectNode fn = fields.addObject();
        fn.put("path", f.path());
        fn.set("before", JSON.valueToTree(f.before()));
        fn.set("after", JSON.valueToTree(f.after()));
        fn.put("sensitive", f.sensitive());
      }
      if (c.request().isPresent()) {
        n.set("request", requestTree(c.request().get()));
      }
      n.set("desired", desired(c.desired(), c.request().isPresent() && sendsPsk(c)));
      n.set("actual", JSON.valueToTree(actual(c.actual())));
      n.put("actual_fingerprint", Snapshot.fingerprint(c.actual()));
    }
    ArrayNode diagnostics = root.putArray("diagnostics");
    for (Diagnostic d : plan.diagnostics()) {
      ObjectNode dn = diagnostics.addObject();
      dn.put("severity", d.severity().label());
      dn.put("rule", d.rule());
      dn.put("connection", d.connection());
      dn.put("field", d.field());
      dn.put("message", d.message());
      dn.put("location", d.location() == null ? null : d.location().toString());
    }
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new PlanFileException("Cannot write the plan: " + e.getOriginalMessage(), e);
    }
    writePrivate(file, bytes);
  }

  /**
   * The request as a plan file shows it, every psk masked; parse compares it with the rebuilt one.
   */
  private static ObjectNode requestTree(ApiRequest r) {
    ObjectNode rn = JSON.createObjectNode();
    rn.put("method", r.method());
    rn.put("path", r.path());
    ObjectNode inner = rn.putObject("body").putObject("ipsec_site_connection");
    r.fields()
        .forEach((k, v) -> inner.set(k, JSON.valueToTree(v instanceof Secret ? Secret.MASK : v)));
    return rn;
  }

  private static boolean sendsPsk(ConnectionChange c) {
    return c.fields().stream().anyMatch(FieldChange::sensitive);
  }

  private static ObjectNode desired(DesiredConnection d, boolean pskSent) throws PlanFileException {
    ObjectNode n = JSON.createObjectNode();
    n.put("source", d.source().toString());
    if (d.id() != null) {
      n.put("id", d.id());
    }
    if (d.name() != null) {
      n.put("name", d.name());
    }
    for (Attribute f : Kind.CONNECTION.writable()) {
      if (f == ConnectionSchema.NAME) {
        continue;
      }
      Optional<Object> v = d.value(f);
      if (v.isEmpty()) {
        continue;
      }
      if (f.sensitive()) {
        SecretRef ref = d.pskRef();
        ObjectNode pn = n.putObject("psk");
        if (ref instanceof SecretRef.Env e) {
          pn.put("env", e.name());
        } else if (ref instanceof SecretRef.File file) {
          pn.put("file", file.path());
          pn.put("resolved_path", file.resolvedPath());
        } else if (pskSent) {
          throw new PlanFileException(
              "Cannot save the plan: the psk of '"
                  + d.label()
                  + "' ("
                  + d.source()
                  + ") is written in the configuration, and a plan file never holds a psk;"
                  + " use {env: NAME} or {file: PATH}");
        } else {
          n.remove("psk"); // unchanged: apply does not need it
        }
      } else {
        n.set(f.name(), JSON.valueToTree(v.get()));
      }
    }
    return n;
  }

  private static Map<String, Object> actual(ActualConnection a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.putAll(Snapshot.of(a));
    m.put("name", a.name()); // as stored, not canonicalised
    m.put("status", a.status());
    m.put("vpnservice_id", a.values().get("vpnservice_id"));
    m.put("project_id", a.projectId());
    return m;
  }

  private static void writePrivate(Path file, byte[] bytes) throws PlanFileException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      tmp =
          posix
              ? Files.createTempFile(
                  dir,
                  ".vpnform-plan",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(dir, ".vpnform-plan", ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (posix) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new PlanFileException(
          "Cannot write the plan to " + file + ": " + e.getClass().getSimpleName(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the move normally consumed it
        }
      }
    }
  }

  /**
   * Reads a saved plan.
   *
   * @param environment looks up {@code psk: {env: NAME}}; null to leave psks unresolved (for {@code
   *     show}, which sends nothing)
   */
  public static Saved read(Path file, Function<String, String> environment)
      throws PlanFileException {
    return read(file, environment, AddressResolver.system());
  }

  /** Reads a saved plan, resolving peer_address hostnames with {@code resolver}. */
  public static Saved read(
      Path file, Function<String, String> environment, AddressResolver resolver)
      throws PlanFileException {
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new PlanFileException(
            name + ": the file is larger than " + MAX_BYTES + " bytes; not a plan");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PlanFileException(name + ": no such file");
    } catch (IOException e) {
      throw new PlanFileException(
          name + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
    }
    return parse(bytes, name, environment, resolver);
  }

  /** Reads a saved plan's bytes; {@code name} is used in messages. */
  public static Saved parse(byte[] bytes, String name, Function<String, String> environment)
      throws PlanFileException {
    return parse(bytes, name, environment, AddressResolver.system());
  }

  /**
   * Reads a saved plan's bytes, resolving peer_address hostnames with {@code resolver} when the
   * changes are rebuilt (tests and fuzzing pass one that makes no DNS query).
   */
  public static Saved parse(
      byte[] bytes, String name, Function<String, String> environment, AddressResolver resolver)
      throws PlanFileException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new PlanFileException(name + ": not valid UTF-8; not a plan file");
    }
    if (text.isBlank()) {
      // readTree returns a missing node for it, rather than throwing.
      throw new PlanFileException(name + ": not a valid plan file (empty)");
    }
    JsonNode root;
    try (JsonParser parser = JSON.createParser(text)) {
      try {
        root = JSON.readTree(parser);
      } catch (JsonProcessingException e) {
        // A limit error (nesting, string length) has no location of its own; the parser has.
        JsonLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() <= 0) {
          loc = parser.currentLocation();
        }
        throw new PlanFileException(
            name
                + ":"
                + loc.getLineNr()
                + ":"
                + loc.getColumnNr()
                + ": not a valid plan file ("
                + (e instanceof StreamConstraintsException
                    ? "nested too deeply, or a value is too long"
                    : "malformed or truncated JSON")
                + ")");
      }
    } catch (IOException e) {
      // A String source has no I/O; say nothing about the content.
      throw new PlanFileException(name + ": not a valid plan file (unreadable JSON)");
    }
    Reader r = new Reader(name);
    if (root == null || !root.isObject()) {
      throw r.bad("the top level is not a JSON object");
    }
    if (!KIND.equals(r.text(root, "kind", false))) {
      throw r.bad("'kind' is not " + KIND + "; not a vpnform plan");
    }
    String version = r.text(root, "format_version", false);
    if (!FORMAT_VERSION.equals(version)) {
      // Shown only when it is a number: no other text of the file is quoted in a message.
      String shown = version.matches("[0-9]{1,9}") ? " " + version : "";
      throw r.bad(
          "format_version"
              + shown
              + " is not supported (this vpnform reads "
              + FORMAT_VERSION
              + ")");
    }
    Profile profile =
        Profile.byId(r.text(root, "profile", false))
            .orElseThrow(() -> r.bad("unknown profile; expected one of " + Profile.ids()));
    boolean rotate = r.bool(root, "rotate_psk");
    List<ConnectionChange> changes = new ArrayList<>();
    for (JsonNode n : r.array(root, "changes")) {
      changes.add(
          change(n, "changes[" + changes.size() + "]", r, profile, rotate, environment, resolver));
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (JsonNode n : r.array(root, "diagnostics")) {
      Severity s = "error".equals(r.text(n, "severity", false)) ? Severity.ERROR : Severity.WARNING;
      String loc = r.text(n, "location", true);
      diagnostics.add(
          new Diagnostic(
              s,
              r.text(n, "rule", false),
              r.text(n, "connection", true),
              r.text(n, "field", true),
              r.text(n, "message", false),
              loc == null ? null : location(loc, r)));
    }
    String target = r.text(root, "target", true);
    return new Saved(
        new Plan(profile, target != null ? target : "", rotate, changes, diagnostics),
        r.text(root, "created_at", true));
  }

  /** A Neutron id is safe to show; other text of a possibly hand-edited file is not quoted. */
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  private static ConnectionChange change(
      JsonNode n,
      String at,
      Reader r,
      Profile profile,
      boolean rotate,
      Function<String, String> env,
      AddressResolver resolver)
      throws PlanFileException {
    String id = r.text(n, "id", false);
    String change = UUID.matcher(id).matches() ? at + " (" + id + ")" : at;
    String fingerprint = r.text(n, "actual_fingerprint", false);
    ActualConnection actual = actualFrom(r.object(n, "actual"), r);
    if (!actual.id().equals(id)) {
      throw r.bad(change + " holds the actual state of another connection");
    }
    if (!Snapshot.fingerprint(actual).equals(fingerprint)) {
      throw r.bad(
          "the actual state recorded for "
              + change
              + " does not match its fingerprint: the file was"
              + " edited; plan again");
    }
    DesiredConnection desired = desiredFrom(r.object(n, "desired"), r, env);
    List<JsonNode> savedFields = new ArrayList<>();
    List<String> savedPaths = new ArrayList<>();
    for (JsonNode f : r.array(n, "fields")) {
      savedFields.add(f);
      savedPaths.add(r.text(f, "path", false));
    }
    boolean pskSent = savedPaths.contains("psk");
    if (pskSent && desired.pskRef() == null) {
      throw r.bad(change + " sends a psk but names no source for it");
    }
    // Rebuild the change from its two halves: what apply sends always follows from them.
    AddressBook addresses =
        AddressBook.resolve(
            AddressBook.needs(desired, actual) ? List.of(desired.peerAddress()) : List.of(),
            resolver);
    ConnectionChange rebuilt =
        new Planner(profile, rotate || pskSent).change(desired, actual, addresses);
    List<String> rebuiltPaths = rebuilt.fields().stream().map(FieldChange::path).toList();
    if (!rebuiltPaths.equals(savedPaths)) {
      throw r.bad(
          change
              + " lists other fields than its desired and actual values give ("
              + (rebuiltPaths.isEmpty() ? "none" : String.join(", ", rebuiltPaths))
              + "): the file was edited; plan again");
    }
    // And what the file shows, the new values and the request that were reviewed, is exactly
    // what apply would send: an edit to one half alone must not change what is sent.
    for (int i = 0; i < savedFields.size(); i++) {
      FieldChange f = rebuilt.fields().get(i);
      JsonNode after = savedFields.get(i).get("after");
      if (!tree(f.after()).equals(after == null ? tree(null) : after)
          || f.sensitive() != r.bool(savedFields.get(i), "sensitive")) {
        throw r.bad(
            change
                + " shows a new "
                + f.path()
                + " that its desired values do not give: the file was edited; plan again");
      }
    }
    JsonNode savedRequest = n.get("request");
    boolean noSavedRequest = savedRequest == null || savedRequest.isNull();
    ObjectNode rebuiltRequest = rebuilt.request().map(PlanFile::requestTree).orElse(null);
    if (rebuiltRequest == null ? !noSavedRequest : !rebuiltRequest.equals(savedRequest)) {
      throw r.bad(
          change
              + " shows a request that its desired and actual values do not give: the file was"
              + " edited; plan again");
    }
    String action = r.text(n, "action", false);
    if (!rebuilt.action().label().equals(action)) {
      throw r.bad(change + " has an action that its values do not give");
    }
    if (pskSent && !rotate) {
      // The psk was planned as a change (the server returned a different one); a saved plan
      // holds no psk, so the rebuild sends it as if rotated. Keep the plan's own wording.
      rebuilt =
          new ConnectionChange(
              rebuilt.id(),
              rebuilt.name(),
              rebuilt.source(),
              rebuilt.action(),
              rebuilt.fields(),
              rebuilt.request(),
              rebuilt.notes().stream()
                  .filter(note -> note.kind() != Note.Kind.PSK_ROTATED)
                  .toList(),
              rebuilt.desired(),
              rebuilt.actual());
    }
    return rebuilt;
  }

  private static JsonNode tree(Object value) {
    return value == null ? JSON.nullNode() : JSON.valueToTree(value);
  }

  private static DesiredConnection desiredFrom(JsonNode n, Reader r, Function<String, String> env)
      throws PlanFileException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("source")
          && !k.equals("id")
          && Kind.CONNECTION.attribute(k).filter(Attribute::writable).isEmpty()) {
        throw r.bad("a desired connection has an unknown field");
      }
    }
    String id = r.text(n, "id", true);
    DesiredConnection.Builder b =
        DesiredConnection.builder(location(r.text(n, "source", false), r)).id(id);
    for (Attribute attr : Kind.CONNECTION.writable()) {
      if (!n.has(attr.name())) {
        continue;
      }
      if (attr.sensitive()) {
        psk(n.get(attr.name()), b, r, env);
      } else {
        b.set(attr, r.value(n, attr));
      }
    }
    if (id == null && r.text(n, "name", true) == null) {
      throw r.bad("a desired connection has neither id nor name");
    }
    return b.build();
  }

  /** A psk reference, resolved unless {@code env} is null ({@code show} sends nothing). */
  private static void psk(
      JsonNode p, DesiredConnection.Builder b, Reader r, Function<String, String> env)
      throws PlanFileException {
    if (!p.isObject()) {
      throw r.bad(
          "desired psk must be a reference ({\"env\": ...} or {\"file\": ...}), never a value");
    }
    for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      if (!PSK_REFERENCE_KEYS.contains(it.next())) {
        throw r.bad("desired psk holds more than a reference ({\"env\": ...} or {\"file\": ...})");
      }
    }
    if (p.has("env")) {
      String var = r.text(p, "env", false);
      Secret psk;
      if (env == null) {
        psk = Secret.of("");
      } else {
        String value = env.apply(var);
        if (value == null) {
          throw new PlanFileException(
              r.name
                  + ": the plan reads a psk from environment variable "
                  + var
                  + ", which is not set");
        }
        psk = Secret.of(value);
      }
      b.psk(new SecretRef.Env(var), psk);
    } else if (p.has("file")) {
      String path = r.text(p, "file", false);
      String resolved = r.text(p, "resolved_path", false);
      b.psk(
          new SecretRef.File(path, resolved),
          env == null ? Secret.of("") : readSecretFile(resolved, r));
    } else {
      throw r.bad("desired psk names neither 'env' nor 'file'");
    }
  }

  private static Secret readSecretFile(String path, Reader r) throws PlanFileException {
    try {
      String s = Files.readString(Path.of(path), StandardCharsets.UTF_8);
      if (s.endsWith("\r\n")) {
        s = s.substring(0, s.length() - 2);
      } else if (s.endsWith("\n")) {
        s = s.substring(0, s.length() - 1);
      }
      return Secret.of(s);
    } catch (IOException e) {
      throw new PlanFileException(
          r.name + ": cannot read the psk file " + path + " the plan names");
    }
  }

  private static final Set<String> PSK_REFERENCE_KEYS = Set.of("env", "file", "resolved_path");

  /** The keys {@link #actual} writes: never a psk. */
  private static final Set<String> ACTUAL_KEYS =
      Stream.concat(
              Stream.of("id", "status", "vpnservice_id", "project_id"),
              Kind.CONNECTION.writable().stream().filter(f -> !f.sensitive()).map(Attribute::name))
          .collect(Collectors.toUnmodifiableSet());

  private static ActualConnection actualFrom(JsonNode n, Reader r) throws PlanFileException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      if (!ACTUAL_KEYS.contains(it.next())) {
        throw r.bad("an actual connection holds a field that a plan never records");
      }
    }
    ActualConnection.Builder b = ActualConnection.builder(r.text(n, "id", false));
    for (String key : ACTUAL_KEYS) {
      if (!key.equals("id") && n.has(key)) {
        Attribute attr = Kind.CONNECTION.attribute(key).orElseThrow();
        b.set(attr, r.value(n, attr));
      }
    }
    return b.build();
  }

  private static SourceLocation location(String s, Reader r) throws PlanFileException {
    String[] parts = s.split(":");
    try {
      if (parts.length >= 3) {
        int col = Integer.parseInt(parts[parts.length - 1]);
        int line = Integer.parseInt(parts[parts.length - 2]);
        String file =
            s.substring(
                0,
                s.length()
                    - parts[parts.length - 1].length()
                    - parts[parts.length - 2].length()
                    - 2);
        return new SourceLocation(file, line, col);
      }
    } catch (IllegalArgumentException e) {
      // falls through: a location without line and column
    }
    if (s.isEmpty()) {
      throw r.bad("an empty source location");
    }
    return SourceLocation.ofFile(s);
  }

  /** Typed access to the JSON tree; every failure names the file. */
  private static final class Reader {
    final String name;

    Reader(String name) {
      this.name = name;
    }

    PlanFileException bad(String why) {
      return new PlanFileException(name + ": " + why + " (not a valid vpnform plan)");
    }

    String text(JsonNode n, String key, boolean optional) throws PlanFileException {
      return value(n, key, optional, JsonNode::isTextual, "a string", JsonNode::asText);
    }

    Integer integer(JsonNode n, String key, boolean optional) throws PlanFileException {
      return value(n, key, optional, JsonNode::isInt, "an integer", JsonNode::intValue);
    }

    Boolean bool(JsonNode n, String key, boolean optional) throws PlanFileException {
      return value(n, key, optional, JsonNode::isBoolean, "a boolean", JsonNode::booleanValue);
    }

    /** {@code key}'s value when it is of the right kind; null when optional and absent. */
    private <T> T value(
        JsonNode n,
        String key,
        boolean optional,
        java.util.function.Predicate<JsonNode> isKind,
        String kind,
        Function<JsonNode, T> get)
        throws PlanFileException {
      JsonNode v = n.get(key);
      if (v == null || v.isNull()) {
        if (optional) {
          return null;
        }
        throw bad("'" + key + "' is missing");
      }
      if (!isKind.test(v)) {
        throw bad("'" + key + "' is not " + kind);
      }
      return get.apply(v);
    }

    boolean bool(JsonNode n, String key) throws PlanFileException {
      return bool(n, key, false);
    }

    /** An optional attribute value of the attribute's schema type; null when absent or null. */
    Object value(JsonNode n, Attribute attr) throws PlanFileException {
      String key = attr.name();
      return switch (attr.type()) {
        case STRING -> text(n, key, true);
        case INTEGER -> integer(n, key, true);
        case BOOLEAN -> bool(n, key, true);
        case STRING_LIST -> {
          JsonNode v = n.get(key);
          if (v == null || v.isNull()) {
            yield null;
          }
          List<String> out = new ArrayList<>();
          for (JsonNode c : array(n, key)) {
            if (!c.isTextual()) {
              throw bad(key + " holds a non-string");
            }
            out.add(c.asText());
          }
          yield out;
        }
        case OBJECT -> {
          JsonNode v = n.get(key);
          if (v == null || v.isNull()) {
            yield null;
          }
          JsonNode o = object(n, key);
          Map<String, Object> out = new LinkedHashMap<>();
          for (Attribute m : attr.members()) {
            Object mv = value(o, m);
            if (mv != null) {
              out.put(m.name(), mv);
            }
          }
          yield out;
        }
        case SECRET -> throw new AssertionError(key);
      };
    }

    JsonNode object(JsonNode n, String key) throws PlanFileException {
      JsonNode v = n.get(key);
      if (v == null || !v.isObject()) {
        throw bad("'" + key + "' is missing or not an object");
      }
      return v;
    }

    Iterable<JsonNode> array(JsonNode n, String key) throws PlanFileException {
      JsonNode v = n.get(key);
      if (v == null || !v.isArray()) {
        throw bad("'" + key + "' is missing or not a list");
      }
      return v;
    }
  }
}
