package dev.vpnform.plan;

import static dev.vpnform.plan.PlanFile.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Note;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes a plan file: its JSON shape, and an atomic write with mode 0600. */
final class PlanFileWriter {
  private PlanFileWriter() {}

  static void write(Plan plan, Path file) throws PlanFileException {
    if (!plan.applicable()) {
      throw new PlanFileException(
          "Not saving a plan with " + plan.errorCount() + " error(s): it cannot be applied");
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", PlanFile.FORMAT_VERSION);
    root.put("kind", PlanFile.KIND);
    root.put("created_at", Instant.now().toString());
    root.put("profile", plan.profile().id());
    root.put("target", plan.source());
    root.put("rotate_psk", plan.rotatePsk());
    ArrayNode resources = root.putArray("resource_changes");
    for (ResourceChange c : plan.resources()) {
      resources.add(resource(c));
    }
    ArrayNode changes = root.putArray("changes");
    for (ConnectionChange c : plan.changes()) {
      ObjectNode n = changes.addObject();
      n.put("id", c.id());
      n.put("name", c.name());
      n.put("source", c.source().toString());
      n.put("action", c.action().label());
      fieldsAndRequest(c.fields(), c.request(), c.notes(), n);
      n.set("desired", desired(c.desired(), c.request().isPresent() && sendsPsk(c)));
      if (c.actual() == null) {
        n.putNull("actual"); // a create, or an absent entry that is already gone
        n.putNull("actual_fingerprint");
      } else {
        n.set("actual", JSON.valueToTree(actual(c.actual())));
        n.put("actual_fingerprint", Snapshot.fingerprint(c.actual()));
      }
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
  static ObjectNode requestTree(ApiRequest r) {
    ObjectNode rn = JSON.createObjectNode();
    rn.put("method", r.method());
    rn.put("path", r.path());
    if (!r.body().isEmpty()) { // a DELETE has none
      // The one wrapper: ipsec_site_connection, ikepolicy, endpoint_group...
      ObjectNode inner = rn.putObject("body").putObject(r.body().keySet().iterator().next());
      r.fields()
          .forEach((k, v) -> inner.set(k, JSON.valueToTree(v instanceof Secret ? Secret.MASK : v)));
    }
    return rn;
  }

  /**
   * One IKE policy's, IPsec policy's, endpoint group's or VPN service's change: as a connection's,
   * with its {@code kind}; the desired values are the declared ones with routers and subnets
   * resolved, the actual ones what the server returned of the kind's attributes.
   */
  private static ObjectNode resource(ResourceChange c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", c.kind().bodyKey());
    n.put("id", c.id());
    n.put("name", c.name());
    n.put("source", c.source().toString());
    n.put("action", c.action().label());
    fieldsAndRequest(c.fields(), c.request(), c.notes(), n);
    ObjectNode d = n.putObject("desired");
    d.put("source", c.desired().source().toString());
    if (c.desired().id() != null) {
      d.put("id", c.desired().id());
    }
    for (Attribute attr : c.kind().writable()) {
      Object v = c.desired().values().get(attr.name());
      if (v != null && !attr.sensitive()) {
        d.set(attr.name(), JSON.valueToTree(v));
      }
    }
    if (c.actual() == null) {
      n.putNull("actual");
      n.putNull("actual_fingerprint");
    } else {
      ActualResource saved = saved(c.actual());
      ObjectNode a = n.putObject("actual");
      a.put("id", saved.id());
      saved.values().forEach((k, v) -> a.set(k, JSON.valueToTree(v)));
      n.put("actual_fingerprint", Snapshot.fingerprint(saved));
    }
    return n;
  }

  /**
   * The live resource as a plan file keeps it: its id, and each attribute of its kind that vpnform
   * does not alone read, when the server's value has the attribute's type.
   */
  static ActualResource saved(ActualResource a) {
    Map<String, Object> kept = new LinkedHashMap<>();
    for (Attribute attr : a.kind().attributes()) {
      if (attr.mutability() != Attribute.Mutability.CONFIG && !attr.sensitive()) {
        Object v = typed(attr, a.values().get(attr.name()));
        if (v != null) {
          kept.put(attr.name(), v);
        }
      }
    }
    return new ActualResource(a.kind(), a.id(), kept);
  }

  /** {@code v} when it has the attribute's type (an object: its members that do), else null. */
  private static Object typed(Attribute attr, Object v) {
    return switch (attr.type()) {
      case STRING -> v instanceof String ? v : null;
      case BOOLEAN -> v instanceof Boolean ? v : null;
      case INTEGER -> v instanceof Integer ? v : null;
      case STRING_LIST ->
          v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String) ? v : null;
      case OBJECT -> {
        if (!(v instanceof Map<?, ?> m)) {
          yield null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Attribute member : attr.members()) {
          Object mv = typed(member, m.get(member.name()));
          if (mv != null) {
            out.put(member.name(), mv);
          }
        }
        yield out;
      }
      case SECRET -> null;
    };
  }

  /** A change's fields, its request (none for a no-op), and the notes only the plan can give. */
  private static void fieldsAndRequest(
      List<FieldChange> changed, Optional<ApiRequest> request, List<Note> notes, ObjectNode n) {
    ArrayNode fields = n.putArray("fields");
    for (FieldChange f : changed) {
      ObjectNode fn = fields.addObject();
      fn.put("path", f.path());
      fn.set("before", JSON.valueToTree(f.before()));
      fn.set("after", JSON.valueToTree(f.after()));
      fn.put("sensitive", f.sensitive());
    }
    if (request.isPresent()) {
      n.set("request", requestTree(request.get()));
    }
    notes(notes, n);
  }

  /**
   * The notes that only the plan can give (what a change means for the resources around it): the
   * other notes follow from the desired and actual values, and are given again when read.
   */
  private static void notes(List<Note> notes, ObjectNode n) {
    List<Note> graph = notes.stream().filter(x -> x.kind() == Note.Kind.GRAPH).toList();
    if (!graph.isEmpty()) {
      ArrayNode an = n.putArray("graph_notes");
      for (Note note : graph) {
        an.addObject().put("field", note.field()).put("detail", note.detail());
      }
    }
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
}
