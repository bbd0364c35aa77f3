package dev.vpnform.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.ConnectionResult;
import dev.vpnform.apply.Outcome;
import dev.vpnform.apply.ResourceResult;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.ResourceChange;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Machine-readable events, one JSON object per line, as work progresses. Every event has {@code
 * type}, {@code @level} (info, warn, error), {@code @message} and {@code @timestamp} (RFC 3339,
 * UTC, milliseconds); the first is {@code version} with {@code ui} "1.0". The same stability rules
 * as the JSON plan: keys and types may be added (consumers ignore unknown ones); a removal or a
 * change of meaning makes {@code ui} "2.0".
 */
public final class Events {
  private Events() {}

  public static final String UI_VERSION = "1.0";

  public static String version() {
    Map<String, Object> e = event("version", "info", "vpnform " + ReportInfo.version());
    e.put("ui", UI_VERSION);
    e.put("vpnform", ReportInfo.version());
    return line(e);
  }

  /** Which project the events that follow are about (null: none). */
  public static String project(String name, String cloud, String region) {
    Map<String, Object> e = event("project_start", "info", "project " + name);
    e.put("project", name);
    e.put("cloud", cloud);
    e.put("region", region);
    return line(e);
  }

  /** One event per diagnostic, then per change, then the summary. */
  public static List<String> plan(Plan plan) {
    List<String> out = new java.util.ArrayList<>();
    for (Diagnostic d : plan.diagnostics()) {
      Map<String, Object> e =
          event("diagnostic", d.isError() ? "error" : "warn", DiagnosticRenderer.line(d));
      e.put("diagnostic", JsonRenderer.diagnostics(List.of(d)).get(0));
      out.add(line(e));
    }
    for (ResourceChange r : Resources.changing(plan)) {
      Map<String, Object> e =
          event("planned_change", "info", Resources.address(r) + ": " + r.action().label());
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("resource", resource(r.kind(), r.name(), r.id(), r.source().toString()));
      change.put("action", r.action().label());
      change.put("fields", r.fields().stream().map(FieldChange::path).toList());
      change.put("forces_replacement", r.replacedBy());
      e.put("change", change);
      out.add(line(e));
    }
    for (ConnectionChange c : plan.changes()) {
      if (!c.action().changes()) {
        continue;
      }
      Map<String, Object> e =
          event("planned_change", "info", c.label() + ": " + c.action().label());
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("connection", connection(c.name(), c.id(), c.source().toString()));
      change.put("action", c.action().label());
      change.put("fields", c.fields().stream().map(FieldChange::path).toList());
      change.put("forces_replacement", c.replacedBy());
      e.put("change", change);
      out.add(line(e));
    }
    out.add(summary("plan", plan));
    return out;
  }

  public static String summary(String operation, Plan plan) {
    return summary(operation, plan, null);
  }

  /**
   * The plan's counts; after an apply ({@code result} not null) also {@code applied}: what apply
   * did, in Terraform's counts ({@code added}, {@code changed}, {@code destroyed}) with {@code
   * failed} and {@code unchanged}.
   */
  public static String summary(String operation, Plan plan, ApplyResult result) {
    String message =
        result == null
            ? operation
                + ": "
                + plan.addCount()
                + " to add, "
                + plan.changeCount()
                + " to change, "
                + plan.destroyCount()
                + " to destroy, "
                + plan.noOpCount()
                + " unchanged"
            : operation + ": " + ApplyView.summary(result);
    boolean ok = plan.applicable() && (result == null || result.succeeded());
    Map<String, Object> e = event("change_summary", ok ? "info" : "error", message);
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("operation", operation);
    JsonRenderer.counts(plan, changes);
    if (result != null) {
      Map<String, Object> applied = new LinkedHashMap<>();
      applied.put("added", Results.added(result));
      applied.put("changed", Results.changed(result));
      applied.put("destroyed", Results.destroyed(result));
      applied.put("failed", result.countAll(Outcome.FAILED));
      applied.put("unchanged", result.countAll(Outcome.UNCHANGED));
      changes.put("applied", applied);
    }
    changes.put("errors", plan.errorCount());
    changes.put("warnings", plan.warningCount());
    e.put("changes", changes);
    return line(e);
  }

  /**
   * apply_complete, or apply_errored when the connection failed; with the planned action, and for a
   * replace the id of the connection it replaced (the result's id is the new one).
   */
  public static String applied(Plan plan, ConnectionResult r) {
    java.util.Optional<ConnectionChange> change = Results.changeOf(plan, r);
    boolean failed = r.outcome() == Outcome.FAILED;
    Map<String, Object> e =
        event(
            failed ? "apply_errored" : "apply_complete",
            failed ? "error" : "info",
            r.label() + ": " + r.outcome().label() + (failed ? ": " + r.message() : ""));
    Map<String, Object> hook = new LinkedHashMap<>();
    hook.put("connection", connection(r.name(), r.id(), null));
    hook.put("action", change.map(c -> c.action().label()).orElse(null));
    hook.put("outcome", r.outcome().label());
    if (r.outcome() == Outcome.REPLACED) {
      hook.put("replaced_id", change.map(ConnectionChange::id).orElse(null));
    }
    hook.put("fields", r.fields());
    hook.put("status", r.status());
    hook.put("message", r.message());
    hook.put("warnings", r.warnings());
    hook.put("elapsed_seconds", r.elapsed().toMillis() / 1000.0);
    e.put("hook", hook);
    return line(e);
  }

  /**
   * apply_complete, or apply_errored, for an IKE policy, IPsec policy, endpoint group or VPN
   * service: {@code hook.resource} names it (kind, name, id) where a connection's names {@code
   * hook.connection}.
   */
  public static String applied(Plan plan, ResourceResult r) {
    java.util.Optional<ResourceChange> change = Resources.changeOf(plan, r);
    boolean failed = r.outcome() == Outcome.FAILED;
    Map<String, Object> e =
        event(
            failed ? "apply_errored" : "apply_complete",
            failed ? "error" : "info",
            Resources.address(r.kind(), r.label())
                + ": "
                + r.outcome().label()
                + (failed ? ": " + r.message() : ""));
    Map<String, Object> hook = new LinkedHashMap<>();
    hook.put("resource", resource(r.kind(), r.name(), r.id(), null));
    hook.put("action", change.map(c -> c.action().label()).orElse(null));
    hook.put("outcome", r.outcome().label());
    if (r.replacedId() != null) {
      hook.put("replaced_id", r.replacedId());
    }
    hook.put("fields", r.fields());
    hook.put("message", r.message());
    hook.put("elapsed_seconds", r.elapsed().toMillis() / 1000.0);
    e.put("hook", hook);
    return line(e);
  }

  private static Map<String, Object> resource(
      dev.vpnform.model.Kind kind, String name, String id, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind.bodyKey());
    m.put("name", name);
    m.put("id", id);
    m.put("source", source);
    return m;
  }

  private static Map<String, Object> connection(String name, String id, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("id", id);
    m.put("source", source);
    return m;
  }

  private static Map<String, Object> event(String type, String level, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("@level", level);
    e.put("@message", message);
    e.put("@timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    e.put("type", type);
    return e;
  }

  private static String line(Map<String, Object> e) {
    try {
      return Values.JSON.writeValueAsString(e); // a Secret renders as the mask
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("cannot render an event", x);
    }
  }
}
