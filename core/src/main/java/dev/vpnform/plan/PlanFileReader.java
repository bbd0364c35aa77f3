package dev.vpnform.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Note;
import dev.vpnform.model.Pending;
import dev.vpnform.model.Profile;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.Severity;
import dev.vpnform.model.SourceLocation;
import dev.vpnform.plan.PlanFile.Saved;
import dev.vpnform.plan.PlanFile.SecretSource;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decodes a plan file strictly: UTF-8, JSON limits, the format version, every type. Each change is
 * then handed to {@link PlanFileVerifier}.
 */
final class PlanFileReader {
  private final String name;
  private final SecretSource secrets;
  private final AddressResolver resolver;

  PlanFileReader(String name, SecretSource secrets, AddressResolver resolver) {
    this.name = name;
    this.secrets = secrets;
    this.resolver = resolver;
  }

  Saved parse(byte[] bytes) throws PlanFileException {
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
    try (JsonParser parser = PlanFile.JSON.createParser(text)) {
      try {
        root = PlanFile.JSON.readTree(parser);
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
    PlanJson r = new PlanJson(name);
    if (root == null || !root.isObject()) {
      throw r.bad("the top level is not a JSON object");
    }
    if (!PlanFile.KIND.equals(r.text(root, "kind", false))) {
      throw r.bad("'kind' is not " + PlanFile.KIND + "; not a vpnform plan");
    }
    String version = r.text(root, "format_version", false);
    if (!PlanFile.FORMAT_VERSION.equals(version)) {
      // Shown only when it is a number: no other text of the file is quoted in a message.
      String shown = version.matches("[0-9]{1,9}") ? " " + version : "";
      throw r.bad(
          "format_version"
              + shown
              + " is not supported (this vpnform reads "
              + PlanFile.FORMAT_VERSION
              + ")");
    }
    Profile profile =
        Profile.byId(r.text(root, "profile", false))
            .orElseThrow(() -> r.bad("unknown profile; expected one of " + Profile.ids()));
    boolean rotate = r.bool(root, "rotate_psk");
    List<ResourceChange> resources = new ArrayList<>();
    if (root.has("resource_changes")) { // absent in a plan of connections only
      for (JsonNode n : r.array(root, "resource_changes")) {
        resources.add(resource(n, "resource_changes[" + resources.size() + "]", r));
      }
    }
    Set<String> pending = new java.util.HashSet<>();
    for (ResourceChange c : resources) {
      if ((c.action() == Action.CREATE || c.action() == Action.REPLACE)
          && c.desired().name() != null) {
        pending.add(Pending.id(c.kind(), c.desired().name()));
      }
    }
    List<ConnectionChange> changes = new ArrayList<>();
    for (JsonNode n : r.array(root, "changes")) {
      String at = "changes[" + changes.size() + "]";
      ConnectionChange c = withGraphNotes(change(n, at, r, profile, rotate), n, r);
      for (Object v : c.request().map(ApiRequest::fields).orElse(Map.of()).values()) {
        if (Pending.is(v) && !pending.contains(v)) {
          throw r.bad(
              at
                  + " refers to a resource that the plan does not create: the file was edited;"
                  + " plan again");
        }
      }
      changes.add(c);
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
        new Plan(profile, target != null ? target : "", rotate, changes, resources, diagnostics),
        r.text(root, "created_at", true));
  }

  /** A Neutron id is safe to show; other text of a possibly hand-edited file is not quoted. */
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  /**
   * One IKE policy's, IPsec policy's, endpoint group's or VPN service's change, rebuilt from its
   * desired and actual halves with the planner's own code; the file is refused when what it shows
   * is not what they give, or its actual half is not the one it was fingerprinted with.
   */
  private ResourceChange resource(JsonNode n, String at, PlanJson r) throws PlanFileException {
    String kindKey = r.text(n, "kind", false);
    Kind kind =
        Stream.of(Kind.values())
            .filter(k -> k != Kind.CONNECTION && k.bodyKey().equals(kindKey))
            .findFirst()
            .orElseThrow(() -> r.bad(at + " has an unknown kind"));
    String id = r.text(n, "id", true);
    String change = id != null && UUID.matcher(id).matches() ? at + " (" + id + ")" : at;
    ActualResource actual = null;
    JsonNode actualNode = n.get("actual");
    if (actualNode == null || actualNode.isNull()) {
      if (id != null || r.text(n, "actual_fingerprint", true) != null) {
        throw r.bad(change + " names a resource but records no actual state for it");
      }
    } else {
      actual = actualResourceFrom(kind, r.object(n, "actual"), r);
      if (!actual.id().equals(id)) {
        throw r.bad(change + " holds the actual state of another resource");
      }
      if (!Snapshot.fingerprint(actual).equals(r.text(n, "actual_fingerprint", false))) {
        throw r.bad(
            "the actual state recorded for "
                + change
                + " does not match its fingerprint: the file was edited; plan again");
      }
    }
    DesiredResource desired = desiredResourceFrom(kind, r.object(n, "desired"), r);
    ResourceChange rebuilt =
        ResourcePlanner.change(new ResourcePlanner.Match(desired, actual, List.of()));
    List<JsonNode> savedFields = new ArrayList<>();
    for (JsonNode f : r.array(n, "fields")) {
      savedFields.add(f);
    }
    List<String> savedPaths = new ArrayList<>();
    for (JsonNode f : savedFields) {
      savedPaths.add(r.text(f, "path", false));
    }
    new PlanFileVerifier(r, change, null, false, resolver)
        .compare(n, rebuilt.fields(), rebuilt.request(), rebuilt.action(), savedFields, savedPaths);
    List<Note> notes = new ArrayList<>(rebuilt.notes());
    notes.addAll(graphNotes(n, r));
    return new ResourceChange(
        rebuilt.kind(),
        rebuilt.id(),
        rebuilt.name(),
        rebuilt.source(),
        rebuilt.action(),
        rebuilt.fields(),
        rebuilt.request(),
        notes,
        rebuilt.desired(),
        rebuilt.actual());
  }

  private static DesiredResource desiredResourceFrom(Kind kind, JsonNode n, PlanJson r)
      throws PlanFileException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("source")
          && !k.equals("id")
          && kind.attribute(k).filter(a -> a.writable() && !a.sensitive()).isEmpty()) {
        throw r.bad("a desired " + kind.label() + " has an unknown field");
      }
    }
    String id = r.text(n, "id", true);
    DesiredResource.Builder b =
        DesiredResource.builder(kind, location(r.text(n, "source", false), r)).id(id);
    for (Attribute attr : kind.writable()) {
      if (n.has(attr.name()) && !attr.sensitive()) {
        b.set(attr.name(), r.value(n, attr));
      }
    }
    if (id == null && r.text(n, "name", true) == null) {
      throw r.bad("a desired " + kind.label() + " has neither id nor name");
    }
    return b.build();
  }

  private static ActualResource actualResourceFrom(Kind kind, JsonNode n, PlanJson r)
      throws PlanFileException {
    java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.equals("id")) {
        continue;
      }
      Attribute attr =
          kind.attribute(k)
              .filter(a -> a.mutability() != Attribute.Mutability.CONFIG && !a.sensitive())
              .orElseThrow(
                  () -> r.bad("an actual " + kind.label() + " holds a field a plan never records"));
      values.put(k, r.value(n, attr));
    }
    return new ActualResource(kind, r.text(n, "id", false), values);
  }

  /** The notes only the plan could give, as it saved them. */
  private static List<Note> graphNotes(JsonNode n, PlanJson r) throws PlanFileException {
    if (!n.has("graph_notes")) {
      return List.of();
    }
    List<Note> out = new ArrayList<>();
    for (JsonNode note : r.array(n, "graph_notes")) {
      out.add(
          new Note(Note.Kind.GRAPH, r.text(note, "field", false), r.text(note, "detail", false)));
    }
    return out;
  }

  private static ConnectionChange withGraphNotes(ConnectionChange c, JsonNode n, PlanJson r)
      throws PlanFileException {
    List<Note> graph = graphNotes(n, r);
    if (graph.isEmpty()) {
      return c;
    }
    List<Note> notes = new ArrayList<>(c.notes());
    notes.addAll(graph);
    return new ConnectionChange(
        c.id(),
        c.name(),
        c.source(),
        c.action(),
        c.fields(),
        c.request(),
        notes,
        c.desired(),
        c.actual());
  }

  private ConnectionChange change(
      JsonNode n, String at, PlanJson r, Profile profile, boolean rotate) throws PlanFileException {
    String id = r.text(n, "id", true);
    String change = id != null && UUID.matcher(id).matches() ? at + " (" + id + ")" : at;
    JsonNode actualNode = n.get("actual");
    if (actualNode == null || actualNode.isNull()) {
      // A create, or an absent entry already gone: there is no connection to act on.
      if (id != null || r.text(n, "actual_fingerprint", true) != null) {
        throw r.bad(change + " names a connection but records no actual state for it");
      }
      return verified(n, change, r, profile, rotate, null);
    }
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
    return verified(n, change, r, profile, rotate, actual);
  }

  private ConnectionChange verified(
      JsonNode n,
      String change,
      PlanJson r,
      Profile profile,
      boolean rotate,
      ActualConnection actual)
      throws PlanFileException {
    DesiredConnection desired = desiredFrom(r.object(n, "desired"), r);
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
    return new PlanFileVerifier(r, change, profile, rotate, resolver)
        .verify(n, desired, actual, savedFields, savedPaths, pskSent);
  }

  private DesiredConnection desiredFrom(JsonNode n, PlanJson r) throws PlanFileException {
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
        psk(n.get(attr.name()), b, r);
      } else {
        b.set(attr, r.value(n, attr));
      }
    }
    if (id == null && r.text(n, "name", true) == null) {
      throw r.bad("a desired connection has neither id nor name");
    }
    return b.build();
  }

  /** A psk reference, read again from the source it names. */
  private void psk(JsonNode p, DesiredConnection.Builder b, PlanJson r) throws PlanFileException {
    if (!p.isObject()) {
      throw r.bad(
          "desired psk must be a reference ({\"env\": ...} or {\"file\": ...}), never a value");
    }
    for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      if (!PSK_REFERENCE_KEYS.contains(it.next())) {
        throw r.bad("desired psk holds more than a reference ({\"env\": ...} or {\"file\": ...})");
      }
    }
    SecretRef ref;
    if (p.has("env")) {
      ref = new SecretRef.Env(r.text(p, "env", false));
    } else if (p.has("file")) {
      ref = new SecretRef.File(r.text(p, "file", false), r.text(p, "resolved_path", false));
    } else {
      throw r.bad("desired psk names neither 'env' nor 'file'");
    }
    b.psk(ref, secrets.read(ref, r.name));
  }

  private static final Set<String> PSK_REFERENCE_KEYS = Set.of("env", "file", "resolved_path");

  /** The keys {@link #actual} writes: never a psk. */
  private static final Set<String> ACTUAL_KEYS =
      Stream.concat(
              Stream.of("id", "status", "project_id"),
              Kind.CONNECTION.sent().stream().filter(f -> !f.sensitive()).map(Attribute::name))
          .collect(Collectors.toUnmodifiableSet());

  static ActualConnection actualFrom(JsonNode n, PlanJson r) throws PlanFileException {
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

  static SourceLocation location(String s, PlanJson r) throws PlanFileException {
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
}
