package dev.vpnform;

import dev.vpnform.apply.Applier;
import dev.vpnform.apply.ApplyOptions;
import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.ConnectionResult;
import dev.vpnform.cloud.Cloud;
import dev.vpnform.config.ConfigException;
import dev.vpnform.config.ConfigLoader;
import dev.vpnform.config.ConfigSchema;
import dev.vpnform.config.ConfigWriter;
import dev.vpnform.config.PskResolver;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Pending;
import dev.vpnform.model.Profile;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.ClientOptions;
import dev.vpnform.openstack.CloudConfig;
import dev.vpnform.openstack.CloudOptions;
import dev.vpnform.openstack.NetworkingClient;
import dev.vpnform.openstack.NeutronJson;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.AddressBook;
import dev.vpnform.plan.AddressResolver;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.GraphPlan;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.PlanFile;
import dev.vpnform.plan.PlanFileException;
import dev.vpnform.plan.Planner;
import dev.vpnform.plan.ResourceChange;
import dev.vpnform.plan.ResourcePlanner;
import dev.vpnform.validate.GraphRules;
import dev.vpnform.validate.NetworkReferences;
import dev.vpnform.validate.References;
import dev.vpnform.validate.ResourceRules;
import dev.vpnform.validate.Targets;
import dev.vpnform.validate.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The front door for embedders: load the desired state, validate it, plan it against the actual
 * connections, apply the plan, save and read plans, export. Everything else in the library is
 * reached through it.
 *
 * <pre>{@code
 * try (Reconciler r = Reconciler.builder().build()) { // clouds.yaml and OS_*, as openstackclient
 *   var desired = r.load(List.of(Path.of("vpn/")));
 *   Plan plan = r.plan(desired);
 *   if (plan.applicable()) {
 *     r.apply(plan, result -> System.out.println(result.label() + ": " + result.outcome()));
 *   }
 * }
 * }</pre>
 */
public final class Reconciler implements AutoCloseable {
  private final Optional<Profile> profileOverride;
  private final Function<String, String> environment;
  private final AddressResolver resolver;
  private final boolean rotatePsk;
  private final CloudOptions cloudOptions;
  private final ApplyOptions applyOptions;
  private NetworkingClient cloud;

  private Reconciler(Builder b) {
    this.profileOverride = Optional.ofNullable(b.profile);
    this.environment = b.environment;
    this.resolver = b.resolver;
    this.rotatePsk = b.rotatePsk;
    this.cloudOptions = b.cloudOptions;
    this.applyOptions = b.applyOptions;
  }

  /**
   * The cloud this reconciler was built for, connected on first use the way openstackclient
   * connects: the builder's cloud options over {@code OS_*} variables over {@code clouds.yaml}.
   */
  private synchronized NetworkingClient cloud() throws VpnformException {
    if (cloud == null) {
      // A view of the environment function: cloud settings look variables up by name only.
      Map<String, String> env =
          new java.util.AbstractMap<>() {
            @Override
            public String get(Object key) {
              return key instanceof String k ? environment.apply(k) : null;
            }

            @Override
            public java.util.Set<Map.Entry<String, String>> entrySet() {
              return java.util.Set.of();
            }
          };
      cloud =
          connect(
              cloudOptions,
              env,
              Path.of("").toAbsolutePath(),
              Path.of(System.getProperty("user.home")),
              ClientOptions.defaults());
    }
    return cloud;
  }

  /** Plans the desired state against the cloud this reconciler was built for. */
  public Plan plan(DesiredState desired) throws VpnformException {
    return plan(desired, cloud());
  }

  /**
   * Applies a plan's changes to the cloud this reconciler was built for, with the builder's apply
   * options.
   *
   * @param progress called as each connection finishes, one at a time
   */
  public ApplyResult apply(Plan plan, Consumer<ConnectionResult> progress) throws VpnformException {
    return apply(plan, cloud(), applyOptions, progress);
  }

  /**
   * Applies a plan's changes, the IKE policies, IPsec policies, endpoint groups and VPN services
   * included, in dependency order.
   *
   * @param resourceProgress called as each resource finishes, one at a time
   */
  public ApplyResult apply(
      Plan plan,
      Consumer<ConnectionResult> progress,
      Consumer<dev.vpnform.apply.ResourceResult> resourceProgress)
      throws VpnformException {
    return apply(plan, cloud(), applyOptions, progress, resourceProgress);
  }

  /** Forgets the credentials of the cloud connection, if one was made. */
  @Override
  public synchronized void close() {
    if (cloud != null) {
      cloud.close();
      cloud = null;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads configuration files and directories (recursively {@code *.yaml}, {@code *.yml}). */
  public DesiredState load(List<Path> paths) throws ConfigException {
    return ConfigLoader.builder().environment(environment).build().load(paths);
  }

  /**
   * The profile in force: the one given to the builder, else the files' {@code profile:}, else
   * openstack.
   */
  public Profile profile(DesiredState desired) {
    return profileOverride.orElseGet(
        () -> desired.profile().flatMap(Profile::byId).orElse(Profile.OPENSTACK));
  }

  /** The loader's warnings and every rule that needs only the configuration. */
  public List<Diagnostic> validate(DesiredState desired) {
    List<Diagnostic> out = new ArrayList<>(desired.warnings());
    out.addAll(Validator.validate(desired, profile(desired)));
    for (DesiredResource r : desired.resources()) {
      out.addAll(ResourceRules.validate(r));
    }
    return Diagnostic.ordered(out);
  }

  /**
   * Plans the desired state against actual connections: matches each desired connection to its
   * target, computes the changes, and checks every rule that needs no cloud. References by name
   * need the cloud: here they are errors.
   *
   * @param actualSource where the actual state came from, for messages and the saved plan
   */
  public Plan plan(DesiredState desired, List<ActualConnection> actual, String actualSource) {
    List<Diagnostic> offline = new ArrayList<>();
    for (DesiredConnection d : desired.connections()) {
      for (var ref : dev.vpnform.model.Kind.CONNECTION.attributes()) {
        if (ref.reference() && !d.absent() && d.value(ref).isPresent()) {
          offline.add(
              Diagnostic.error(
                  "reference",
                  d.label(),
                  ref.name(),
                  "'"
                      + ref.name()
                      + "' names a resource, which only the cloud can resolve: plan against the"
                      + " cloud, or use '"
                      + ref.refersTo()
                      + "'",
                  d.locationOf(ref.name())));
        }
      }
    }
    for (DesiredResource r : desired.resources()) {
      offline.add(
          Diagnostic.error(
              "reference",
              r.label(),
              null,
              "planning "
                  + r.kind().plural()
                  + " needs the cloud: plan against the cloud, not an actual-state file",
              r.source()));
    }
    return plan(desired, desired.connections(), actual, actualSource, offline);
  }

  private Plan plan(
      DesiredState desired,
      List<DesiredConnection> connections,
      List<ActualConnection> actual,
      String actualSource,
      List<Diagnostic> extra) {
    Profile profile = profile(desired);
    Targets.Matching matching = Targets.match(connections, actual, actualSource);
    AddressBook addresses =
        AddressBook.resolve(Planner.hostsToResolve(matching.matched()), resolver);
    List<ConnectionChange> changes =
        new Planner(profile, rotatePsk).changes(matching.matched(), addresses);
    List<Diagnostic> diagnostics = new ArrayList<>(validate(desired));
    diagnostics.addAll(extra);
    diagnostics.addAll(matching.diagnostics());
    for (ConnectionChange c : changes) {
      DesiredConnection d = c.desired();
      boolean unresolvable = d.peerAddress() != null && addresses.unresolvable(d.peerAddress());
      switch (c.action()) {
        case CREATE ->
            diagnostics.addAll(
                Validator.validateCreate(
                    d, c.request().orElseThrow().fields(), unresolvable, profile));
        case REPLACE -> {
          diagnostics.addAll(Validator.protect(d, false, c.replacedBy(), profile));
          diagnostics.addAll(
              Validator.validateReplace(
                  d,
                  Planner.createBody(d),
                  c.request().orElseThrow().fields(),
                  unresolvable,
                  profile));
        }
        case DELETE -> diagnostics.addAll(Validator.protect(d, true, List.of(), profile));
        case UPDATE, NO_OP -> {
          if (c.actual() != null) {
            Set<String> changed = new LinkedHashSet<>();
            c.fields().forEach(f -> changed.add(f.path()));
            diagnostics.addAll(
                Validator.validateChange(d, c.actual(), changed, unresolvable, profile));
          }
        }
      }
    }
    return new Plan(profile, actualSource, rotatePsk, changes, Diagnostic.ordered(diagnostics));
  }

  /**
   * Plans the desired state against the live connections: references by name are resolved among the
   * live resources, the targets are found by id and name with as few list requests as the server's
   * pagination allows (never one GET per connection), and then the checks the server makes against
   * related resources run, for every create, replace and update.
   */
  public Plan plan(DesiredState desired, Cloud cloud) throws VpnformException {
    List<DesiredConnection> connections = desired.connections();
    List<Diagnostic> extra = new ArrayList<>();
    List<ResourceChange> resources =
        desired.resources().isEmpty()
            ? List.of()
            : planResources(desired.resources(), cloud, extra);
    Map<Kind, Map<String, String>> declared = GraphPlan.declaredIds(resources);
    if (References.any(connections)) {
      References.Resolution r =
          References.resolve(
              connections,
              declared,
              (kind, names) ->
                  cloud.list(
                      apiPath(kind), kind.collectionKey(), Map.of("name", List.copyOf(names))),
              cloud.endpoint());
      connections = r.connections();
      extra.addAll(r.diagnostics());
    }
    List<String> ids = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (DesiredConnection c : connections) {
      if (c.id() != null) {
        ids.add(c.id());
      } else {
        names.add(c.name());
      }
    }
    List<ActualConnection> actual;
    if (ids.isEmpty() && names.isEmpty()) {
      actual = List.of();
    } else if (ids.size() + names.size() > LIST_ALL_ABOVE) {
      // Many targets: one paginated list is fewer, cheaper requests than filtered batches
      // (the server answers an unfiltered page faster than a long OR of filters).
      actual = cloud.listConnections();
    } else {
      actual = cloud.findConnections(ids, names);
    }
    GraphRules.Lookup lookup = new CachedLookup(cloud, GraphPlan.planned(resources));
    connections = inServiceProject(connections, actual, lookup);
    Plan plan = plan(desired, connections, actual, cloud.endpoint(), extra);
    List<Diagnostic> live = new ArrayList<>();
    for (ConnectionChange c : plan.changes()) {
      Map<String, Object> effective;
      boolean create = c.action() == Action.CREATE || c.action() == Action.REPLACE;
      if (create) {
        effective = c.request().orElseThrow().fields();
      } else if (c.action() == Action.UPDATE) {
        effective = new java.util.LinkedHashMap<>(c.actual().values());
        effective.putAll(c.request().orElseThrow().fields());
      } else {
        continue;
      }
      Set<String> sent = c.request().orElseThrow().fields().keySet();
      String peer = (String) effective.get("peer_address");
      Optional<String> resolved =
          peer != null && sent.contains("peer_address") && !dev.vpnform.model.Addresses.isIp(peer)
              ? AddressBook.resolve(List.of(peer), resolver)
                  .lookup(peer)
                  .filter(l -> !l.isEmpty())
                  .map(l -> l.get(0))
              : Optional.empty();
      live.addAll(
          GraphRules.check(c.desired(), effective, sent, create, resolved, plan.profile(), lookup));
    }
    // A check that the configuration alone already failed is not said twice.
    List<Diagnostic> already = plan.diagnostics();
    live.removeIf(
        l ->
            already.stream()
                .anyMatch(
                    d ->
                        d.isError()
                            && d.rule().equals(l.rule())
                            && java.util.Objects.equals(d.connection(), l.connection())
                            && java.util.Objects.equals(d.field(), l.field())));
    if (!live.isEmpty()) {
      plan = plan.withDiagnostics(live);
    }
    return resources.isEmpty() ? plan : withGraph(plan, resources, cloud, lookup);
  }

  /**
   * Plans the declared IKE policies, IPsec policies, endpoint groups and VPN services: their
   * references to routers and subnets by name are resolved, each kind is listed once, and each
   * entry gets its change, in creation order.
   */
  private static List<ResourceChange> planResources(
      List<DesiredResource> declared, Cloud cloud, List<Diagnostic> diagnostics)
      throws VpnformException {
    List<DesiredResource> resolved =
        NetworkReferences.resolve(
            declared,
            (collection, key, names) ->
                cloud.list(collection, key, Map.of("name", List.copyOf(names))),
            cloud.endpoint(),
            diagnostics);
    Map<Kind, List<ActualResource>> live = new java.util.EnumMap<>(Kind.class);
    for (DesiredResource r : resolved) {
      if (!live.containsKey(r.kind())) {
        List<ActualResource> all = new ArrayList<>();
        for (Map<String, Object> m :
            cloud.list(apiPath(r.kind()), r.kind().collectionKey(), Map.of())) {
          if (m.get("id") instanceof String id) {
            all.add(new ActualResource(r.kind(), id, m));
          }
        }
        live.put(r.kind(), all);
      }
    }
    ResourcePlanner.Matching matching = ResourcePlanner.match(resolved, live, cloud.endpoint());
    diagnostics.addAll(matching.diagnostics());
    List<ResourceChange> changes = new ArrayList<>();
    for (ResourcePlanner.Match m : matching.matches()) {
      changes.add(ResourcePlanner.change(m));
      for (ActualResource old : m.superseded()) {
        DesiredResource gone =
            DesiredResource.builder(old.kind(), m.desired().source())
                .id(old.id())
                .set("state", "absent")
                .build();
        changes.add(
            new ResourceChange(
                old.kind(),
                old.id(),
                old.name(),
                m.desired().source(),
                Action.DELETE,
                List.of(),
                Optional.of(dev.vpnform.plan.ApiRequest.delete(old.kind().path() + "/" + old.id())),
                List.of(
                    new dev.vpnform.model.Note(
                        dev.vpnform.model.Note.Kind.GRAPH,
                        "endpoints",
                        "another endpoint group named '"
                            + old.name()
                            + "' holds what the files declare: this one is left from a replace"
                            + " that did not finish")),
                gone,
                old));
      }
    }
    changes.sort(java.util.Comparator.comparing(ResourceChange::kind));
    return changes;
  }

  /**
   * The plan with what the resource changes mean for the connections: the connections exclusive
   * services prune, and the errors of in-use policies and dependents (see {@link GraphPlan}).
   */
  private static Plan withGraph(
      Plan plan, List<ResourceChange> resources, Cloud cloud, GraphRules.Lookup lookup)
      throws VpnformException {
    boolean needLive =
        resources.stream()
            .anyMatch(
                r ->
                    r.id() != null
                        && (r.action() == Action.DELETE
                            || r.action() == Action.REPLACE
                            || r.action() == Action.UPDATE
                            || r.desired().exclusive()));
    List<ActualConnection> live = needLive ? cloud.listConnections() : List.of();
    List<ConnectionChange> all = new ArrayList<>(plan.changes());
    all.addAll(GraphPlan.prune(resources, plan.changes(), live));
    List<Diagnostic> diagnostics = new ArrayList<>(plan.diagnostics());
    diagnostics.addAll(GraphPlan.check(resources, all, live));
    for (ResourceChange r : resources) {
      if (r.action() == Action.CREATE || r.action() == Action.REPLACE) {
        List<Diagnostic> create =
            ResourceRules.validateCreate(r.desired(), r.request().orElseThrow().fields());
        diagnostics.addAll(create);
        if (create.isEmpty()) {
          diagnostics.addAll(
              ResourceRules.checkLive(r.desired(), r.request().orElseThrow().fields(), lookup));
        }
      }
      if (r.action() == Action.UPDATE
          && r.actual().values().get("status") instanceof String status
          && status.startsWith("PENDING_")) {
        diagnostics.add(
            Diagnostic.warning(
                "pending",
                r.label(),
                null,
                "the "
                    + r.kind().label()
                    + " is "
                    + status
                    + ": the server refuses updates until a VPN agent has configured it; apply"
                    + " waits for it up to the wait timeout and then fails",
                r.source()));
      }
    }
    return new Plan(
        plan.profile(),
        plan.source(),
        plan.rotatePsk(),
        all,
        GraphPlan.explain(resources, all),
        Diagnostic.ordered(diagnostics));
  }

  /**
   * Each connection to be created that does not name its project gets its VPN service's: a
   * connection belongs with its service (an admin sees every project), and a server without
   * Keystone refuses a POST without one.
   */
  private static List<DesiredConnection> inServiceProject(
      List<DesiredConnection> connections, List<ActualConnection> actual, GraphRules.Lookup lookup)
      throws VpnformException {
    Set<String> ids = new java.util.HashSet<>();
    Set<String> names = new java.util.HashSet<>();
    for (ActualConnection a : actual) {
      ids.add(a.id().toLowerCase(java.util.Locale.ROOT));
      names.add(a.name());
    }
    List<DesiredConnection> out = new ArrayList<>();
    for (DesiredConnection d : connections) {
      boolean create = d.id() == null && !d.absent() && !names.contains(d.name());
      String service = d.vpnserviceId();
      if (create
          && d.values().get("tenant_id") == null
          && service != null
          && (dev.vpnform.model.Addresses.isUuid(service) || Pending.is(service))) {
        Optional<Object> project =
            lookup
                .get(dev.vpnform.model.Kind.VPN_SERVICE, service)
                .map(s -> s.get("project_id") != null ? s.get("project_id") : s.get("tenant_id"));
        if (project.isPresent() && project.get() instanceof String p) {
          out.add(d.toBuilder().set("tenant_id", p).build());
          continue;
        }
      }
      out.add(d);
    }
    return out;
  }

  /** A Kind's collection path under {@code /v2.0}. */
  private static String apiPath(dev.vpnform.model.Kind kind) {
    return kind.path().substring("/v2.0".length());
  }

  /** The related resources of a plan's checks, each fetched once. */
  private static final class CachedLookup implements GraphRules.Lookup {
    private final Cloud cloud;
    private final Map<String, Map<String, Object>> planned;
    private final Map<String, Optional<Map<String, Object>>> resources = new java.util.HashMap<>();
    private final Map<String, Boolean> attached = new java.util.HashMap<>();

    /**
     * @param planned the fields of each resource the plan creates, by its {@link Pending} id
     */
    CachedLookup(Cloud cloud, Map<String, Map<String, Object>> planned) {
      this.cloud = cloud;
      this.planned = planned;
    }

    private Optional<Map<String, Object>> show(String path, String key, String id)
        throws VpnformException {
      String k = path + "/" + id;
      Optional<Map<String, Object>> r = resources.get(k);
      if (r == null) {
        r = cloud.show(path, key, id);
        resources.put(k, r);
      }
      return r;
    }

    @Override
    public Optional<Map<String, Object>> get(dev.vpnform.model.Kind kind, String id)
        throws VpnformException {
      if (Pending.is(id)) {
        return Optional.ofNullable(planned.get(id));
      }
      return show(apiPath(kind), kind.bodyKey(), id);
    }

    @Override
    public Optional<Map<String, Object>> subnet(String id) throws VpnformException {
      return show("/subnets", "subnet", id);
    }

    @Override
    public Optional<Map<String, Object>> router(String id) throws VpnformException {
      return show("/routers", "router", id);
    }

    @Override
    public Optional<Map<String, Object>> flavor(String id) throws VpnformException {
      return show("/flavors", "flavor", id);
    }

    @Override
    public boolean onRouter(String subnetId, String routerId) throws VpnformException {
      String k = subnetId + "@" + routerId;
      Boolean on = attached.get(k);
      if (on == null) {
        // As the server asks: the router's ports with an address on the subnet.
        on =
            !cloud
                .list(
                    "/ports",
                    "ports",
                    Map.of(
                        "device_id",
                        List.of(routerId),
                        "fixed_ips",
                        List.of("subnet_id=" + subnetId)))
                .isEmpty();
        attached.put(k, on);
      }
      return on;
    }
  }

  /** Above this many targets, plan lists every connection instead of filtering by id and name. */
  static final int LIST_ALL_ABOVE = 100;

  /**
   * Applies a plan's updates.
   *
   * @param progress called as each connection finishes, one at a time
   * @throws VpnformException when the plan has errors
   */
  public ApplyResult apply(
      Plan plan, Cloud cloud, ApplyOptions options, Consumer<ConnectionResult> progress)
      throws VpnformException {
    return apply(plan, cloud, options, progress, r -> {});
  }

  /**
   * Applies a plan's changes in dependency order (see {@link Applier}).
   *
   * @param resourceProgress called as each IKE policy, IPsec policy, endpoint group or VPN service
   *     finishes, one at a time
   */
  public ApplyResult apply(
      Plan plan,
      Cloud cloud,
      ApplyOptions options,
      Consumer<ConnectionResult> progress,
      Consumer<dev.vpnform.apply.ResourceResult> resourceProgress)
      throws VpnformException {
    return new Applier(cloud, options, resolver).apply(plan, progress, resourceProgress);
  }

  /**
   * Saves {@code plan} to {@code file} (mode 0600, atomically), to be applied later as reviewed. A
   * saved plan holds where each psk comes from, never a psk.
   */
  public void savePlan(Plan plan, Path file) throws VpnformException {
    PlanFile.write(plan, file);
  }

  /**
   * Reads a saved plan. Its psks are read again from the places it names, with this reconciler's
   * environment; with {@code resolvePsks} false they are left unresolved (to show a plan).
   */
  public PlanFile.Saved readPlan(Path file, boolean resolvePsks) throws PlanFileException {
    return PlanFile.read(
        file, resolvePsks ? secrets() : PlanFile.SecretSource.unresolved(), resolver);
  }

  /** A saved plan's psks, read with the loader's guards from the sources the plan names. */
  private PlanFile.SecretSource secrets() {
    PskResolver psk = new PskResolver(environment);
    return (ref, plan) -> {
      if (ref instanceof SecretRef.Env env) {
        PskResolver.Outcome o = psk.fromEnv(env.name());
        if (o.problem() != null) {
          throw new PlanFileException(
              plan
                  + ": the plan reads a psk from environment variable "
                  + env.name()
                  + ", which is not set");
        }
        return o.secret();
      }
      if (ref instanceof SecretRef.File file) {
        PskResolver.Outcome o = psk.fromFile(file.resolvedPath(), Path.of(file.resolvedPath()));
        if (o.problem() != null) {
          throw new PlanFileException(
              plan + ": cannot read the psk file the plan names: " + o.problem());
        }
        return o.secret();
      }
      throw new PlanFileException(plan + ": a psk written in a plan file is never read");
    };
  }

  /**
   * Whether {@code path} names a saved plan rather than configuration: configuration is YAML, in
   * directories or files named {@code *.yaml}/{@code *.yml}.
   */
  public static boolean isSavedPlan(Path path) {
    if (!Files.isRegularFile(path)) {
      return false;
    }
    String name = path.getFileName().toString();
    return !(name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  /**
   * The JSON Schema (draft 2020-12) of the configuration files, generated from the resource schema
   * the loader reads with.
   */
  public static String configurationSchema() {
    return ConfigSchema.json();
  }

  /**
   * Writes live connections as configuration ({@code vpnform export}): every connection with {@code
   * all}, else those with the given ids (any case) and names. A psk is never written: it becomes
   * {@code {env: VPNFORM_PSK_<NAME>}}.
   *
   * @throws VpnformException when an id or name matches no connection, naming each
   */
  public ConfigWriter.Export export(
      Cloud cloud, boolean all, List<String> ids, List<String> names, Profile profile)
      throws VpnformException {
    return export(cloud, all, ids, names, profile, null);
  }

  /**
   * Like {@link #export(Cloud, boolean, List, List, Profile)}; with {@code schemaUrl}, the first
   * line tells the YAML language server where the configuration's JSON Schema is.
   */
  public ConfigWriter.Export export(
      Cloud cloud,
      boolean all,
      List<String> ids,
      List<String> names,
      Profile profile,
      String schemaUrl)
      throws VpnformException {
    List<ActualConnection> found =
        all ? cloud.listConnections() : cloud.findConnections(ids, names);
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (found.stream().noneMatch(c -> c.id().equalsIgnoreCase(id))) {
        missing.add("id " + id);
      }
    }
    for (String name : names) {
      if (found.stream().noneMatch(c -> name.equals(c.name()))) {
        missing.add("name '" + name + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw new VpnformException(
          "no IPsec site connection with "
              + String.join(", ", missing)
              + " at "
              + cloud.endpoint());
    }
    List<String> header = new ArrayList<>();
    if (schemaUrl != null) {
      header.add("yaml-language-server: $schema=" + schemaUrl);
    }
    header.add("Exported by vpnform from " + cloud.endpoint() + ".");
    return ConfigWriter.export(found, profile.id(), header, uniqueNames(cloud, found));
  }

  /**
   * The name of each resource the connections refer to, where that name is unique among the
   * resources of its kind the credentials can see (one list request per kind).
   */
  private static Map<String, String> uniqueNames(Cloud cloud, List<ActualConnection> found)
      throws VpnformException {
    Map<dev.vpnform.model.Kind, Set<String>> referenced = new java.util.LinkedHashMap<>();
    for (ActualConnection a : found) {
      for (var attr : dev.vpnform.model.Kind.CONNECTION.attributes()) {
        if (attr.reference() && a.values().get(attr.refersTo()) instanceof String id) {
          referenced
              .computeIfAbsent(
                  dev.vpnform.model.Kind.ofIdAttribute(attr.refersTo()).orElseThrow(),
                  k -> new java.util.HashSet<>())
              .add(id);
        }
      }
    }
    Map<String, String> names = new java.util.HashMap<>();
    for (var e : referenced.entrySet()) {
      Map<String, List<String>> idsByName = new java.util.HashMap<>();
      for (Map<String, Object> r :
          cloud.list(apiPath(e.getKey()), e.getKey().collectionKey(), Map.of())) {
        if (r.get("name") instanceof String n && !n.isEmpty() && r.get("id") instanceof String id) {
          idsByName.computeIfAbsent(n, k -> new ArrayList<>()).add(id);
        }
      }
      idsByName.forEach(
          (n, ids) -> {
            if (ids.size() == 1 && e.getValue().contains(ids.get(0))) {
              names.put(ids.get(0), n);
            }
          });
    }
    return names;
  }

  /**
   * Connects to a cloud the way openstackclient does: explicit options over {@code OS_*} variables
   * over {@code clouds.yaml} (searched in {@code cwd}, {@code ~/.config/openstack}, {@code
   * /etc/openstack}, or at {@code OS_CLIENT_CONFIG_FILE}).
   */
  public static NetworkingClient connect(
      CloudOptions options, Map<String, String> env, Path cwd, Path home, ClientOptions client)
      throws VpnformException {
    return NetworkingClient.connect(CloudConfig.resolve(options, env, cwd, home), client);
  }

  /** The largest {@link #readActualFile} reads: the limit on a Networking API response body. */
  public static final long MAX_ACTUAL_FILE_BYTES = 64L << 20;

  /**
   * Reads the actual state from a file holding a Networking API body: a GET body {@code
   * {"ipsec_site_connection": {...}}} or a list body {@code {"ipsec_site_connections": [...]}}, in
   * UTF-8 (a bad byte is located), of at most {@link #MAX_ACTUAL_FILE_BYTES}.
   */
  public static List<ActualConnection> readActualFile(Path file) throws VpnformException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // Bounded, whatever the file claims to be (a pipe, a growing file).
      bytes = in.readNBytes((int) MAX_ACTUAL_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new VpnformException(
          "Cannot read the actual state from " + file + ": " + describe(e), e);
    }
    if (bytes.length > MAX_ACTUAL_FILE_BYTES) {
      throw new VpnformException(
          "Cannot read the actual state from "
              + file
              + ": the file is larger than "
              + (MAX_ACTUAL_FILE_BYTES >> 20)
              + " MiB, the limit on a Networking API body");
    }
    return NeutronJson.parseConnections(bytes, file.toString());
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

  /** Settings for a {@link Reconciler}. */
  public static final class Builder {
    private Profile profile;
    private Function<String, String> environment = System::getenv;
    private AddressResolver resolver = AddressResolver.system();
    private boolean rotatePsk;
    private CloudOptions cloudOptions = CloudOptions.empty();
    private ApplyOptions applyOptions = ApplyOptions.defaults();

    private Builder() {}

    /**
     * The cloud that {@link #plan(DesiredState)} and {@link #apply(Plan, Consumer)} use; without
     * it, clouds.yaml and the {@code OS_*} variables say which.
     */
    public Builder cloud(CloudOptions options) {
      this.cloudOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** A Networking endpoint that needs no authentication (auth type none), such as a sandbox. */
    public Builder endpoint(String networkEndpoint) {
      Objects.requireNonNull(networkEndpoint, "networkEndpoint");
      return cloud(CloudOptions.builder().authType("none").endpoint(networkEndpoint).build());
    }

    /** How {@link #apply(Plan, Consumer)} runs: parallelism, how long to wait for PENDING_*. */
    public Builder applyOptions(ApplyOptions options) {
      this.applyOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Overrides the files' {@code profile:}. */
    public Builder profile(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** Where {@code psk: {env: NAME}} looks names up; the process environment by default. */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** How peer_address hostnames are resolved; the system resolver by default. */
    public Builder resolver(AddressResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Send every managed psk even when the stored one cannot be compared (H12). */
    public Builder rotatePsk(boolean rotatePsk) {
      this.rotatePsk = rotatePsk;
      return this;
    }

    public Reconciler build() {
      return new Reconciler(this);
    }
  }
}
