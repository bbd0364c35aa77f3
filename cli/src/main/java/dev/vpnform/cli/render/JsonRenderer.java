package dev.vpnform.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.ApiRequest;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans and validation results as JSON, {@code format_version} "1". Keys may be added; the
 * documented ones never change. A change's {@code action} is create, update, replace, delete or
 * no-op; {@code request} is the request apply sends (a replace's POST), {@code requests} every
 * request in order (a replace's DELETE, then its POST); each field says whether it {@code
 * forces_replacement}; the summary has Terraform's counts ({@code add}, {@code change}, {@code
 * destroy}) beside the count of each action, and count the resources connections stand on too.
 *
 * <p>{@code resource_changes}, present when the configuration declares IKE policies, IPsec
 * policies, endpoint groups or VPN services, lists their changes in creation order, before the
 * connections' {@code changes}. An id of a resource the plan creates is the string {@code (known
 * after apply: ikepolicy NAME)} wherever a request holds it.
 */
public final class JsonRenderer {
  private JsonRenderer() {}

  public static final String FORMAT_VERSION = "1";

  public static String plan(Plan plan) {
    return write(planTree(plan));
  }

  /**
   * Several projects' plans in one document: {@code projects} lists each project with its {@code
   * plan} (the same object as a single plan's), or its {@code failure} when it has none.
   */
  public static String projects(List<ProjectsView.Row> rows) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format_version", FORMAT_VERSION);
    List<Object> projects = new ArrayList<>();
    for (ProjectsView.Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.project().name());
      m.put("cloud", r.project().cloud().orElse(null));
      m.put("region", r.project().region().orElse(null));
      m.put("result", r.result());
      if (r.failure() != null) {
        m.put("failure", r.failure());
      }
      m.put("plan", r.plan() == null ? null : planTree(r.plan()));
      projects.add(m);
    }
    root.put("projects", projects);
    return write(root);
  }

  /** The projects of a projects file, as a CI matrix can use them. */
  public static String projectList(List<dev.vpnform.config.ProjectsFile.Project> projects) {
    List<Object> out = new ArrayList<>();
    for (dev.vpnform.config.ProjectsFile.Project p : projects) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("cloud", p.cloud().orElse(null));
      m.put("region", p.region().orElse(null));
      m.put("profile", p.profile().map(dev.vpnform.model.Profile::id).orElse(null));
      m.put("paths", p.paths().stream().map(Object::toString).toList());
      out.add(m);
    }
    return write(out);
  }

  private static Map<String, Object> planTree(Plan plan) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format_version", FORMAT_VERSION);
    root.put("profile", plan.profile().id());
    if (!plan.resources().isEmpty()) {
      // Omitted when empty, as Terraform omits it: a plan of connections only is unchanged.
      root.put("resource_changes", plan.resources().stream().map(JsonRenderer::resource).toList());
    }
    List<Object> changes = new ArrayList<>();
    for (ConnectionChange c : plan.changes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id());
      m.put("name", c.name());
      m.put("source", c.source().toString());
      m.put("action", c.action().label());
      changed(c.fields(), c.request(), c.requests(), m);
      if (!c.notes().isEmpty()) {
        m.put("notes", Notes.texts(c.notes()));
      }
      changes.add(m);
    }
    root.put("changes", changes);
    root.put("diagnostics", diagnostics(plan.diagnostics()));
    Map<String, Object> summary = new LinkedHashMap<>();
    counts(plan, summary);
    summary.put("errors", plan.errorCount());
    summary.put("warnings", plan.warningCount());
    root.put("summary", summary);
    root.put("applicable", plan.applicable());
    return root;
  }

  /**
   * One IKE policy's, IPsec policy's, endpoint group's or VPN service's change: {@code kind} as the
   * API's body key ({@code ikepolicy}), id (null until apply creates it), name, source, action,
   * fields, the request, every request in order, and {@code create_before_destroy} for a replace
   * that makes the new resource first.
   */
  private static Map<String, Object> resource(ResourceChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", c.kind().bodyKey());
    m.put("id", c.id());
    m.put("name", c.name());
    m.put("source", c.source().toString());
    m.put("action", c.action().label());
    changed(c.fields(), c.request(), c.requests(), m);
    if (c.action() == Action.REPLACE) {
      m.put("create_before_destroy", c.createBeforeDestroy());
    }
    if (!c.notes().isEmpty()) {
      m.put("notes", Notes.texts(c.notes()));
    }
    return m;
  }

  /** A change's fields, its request and every request in order (none for a no-op). */
  private static void changed(
      List<FieldChange> fields,
      java.util.Optional<ApiRequest> request,
      List<ApiRequest> requests,
      Map<String, Object> m) {
    m.put("fields", fields(fields));
    request.ifPresent(r -> m.put("request", request(r)));
    if (request.isPresent()) {
      m.put("requests", requests.stream().map(JsonRenderer::request).toList());
    }
  }

  private static List<Object> fields(List<FieldChange> changes) {
    List<Object> fields = new ArrayList<>();
    for (FieldChange f : changes) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("path", f.path());
      fm.put("before", f.before());
      fm.put("after", f.after());
      fm.put("sensitive", f.sensitive());
      fm.put("forces_replacement", f.forcesReplacement());
      fields.add(fm);
    }
    return fields;
  }

  /**
   * A plan's counts, as the JSON summary and the events name them: per action ({@code update},
   * {@code no_op}, {@code create}, {@code replace}, {@code delete}), then Terraform's ({@code add},
   * {@code change}, {@code destroy}).
   */
  static void counts(Plan plan, Map<String, Object> into) {
    into.put("update", plan.updateCount());
    into.put("no_op", plan.noOpCount());
    into.put("create", plan.count(Action.CREATE));
    into.put("replace", plan.count(Action.REPLACE));
    into.put("delete", plan.count(Action.DELETE));
    into.put("add", plan.addCount());
    into.put("change", plan.changeCount());
    into.put("destroy", plan.destroyCount());
  }

  /** One request: method, path and body (a psk in the body renders as the mask). */
  private static Map<String, Object> request(ApiRequest r) {
    Map<String, Object> rm = new LinkedHashMap<>();
    rm.put("method", r.method());
    rm.put("path", r.path());
    rm.put("body", r.body()); // a Secret renders as the mask
    return rm;
  }

  public static String validation(
      Profile profile, DesiredState desired, List<Diagnostic> diagnostics) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format_version", FORMAT_VERSION);
    root.put("profile", profile.id());
    long errors = diagnostics.stream().filter(Diagnostic::isError).count();
    root.put("valid", errors == 0);
    root.put("connections", desired == null ? 0 : desired.connections().size());
    root.put("files", desired == null ? List.of() : desired.files());
    root.put("diagnostics", diagnostics(diagnostics));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("errors", errors);
    summary.put("warnings", diagnostics.size() - errors);
    root.put("summary", summary);
    return write(root);
  }

  static List<Object> diagnostics(List<Diagnostic> diagnostics) {
    List<Object> out = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("severity", d.severity().label());
      m.put("rule", d.rule());
      m.put("connection", d.connection());
      m.put("field", d.field());
      m.put("message", d.message());
      m.put("location", d.location() == null ? null : d.location().toString());
      out.add(m);
    }
    return out;
  }

  private static String write(Object root) {
    try {
      return Values.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }
}
