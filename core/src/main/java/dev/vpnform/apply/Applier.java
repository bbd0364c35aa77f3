package dev.vpnform.apply;

import dev.vpnform.cloud.Cloud;
import dev.vpnform.cloud.CloudException;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.VpnformException;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.AddressBook;
import dev.vpnform.plan.AddressResolver;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.Differ;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.ResourceChange;
import dev.vpnform.plan.Snapshot;
import dev.vpnform.validate.StatusRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Carries out a plan. For each connection to update: GET it fresh, wait while it is PENDING_*,
 * refuse it if it moved since the plan, PUT the minimal body, and check the answer. Deletes treat a
 * 404 as done; creates look the name up before a POST and after an unclear failure, so that no
 * connection is made twice. A failure in one connection never stops the others.
 */
public final class Applier {
  private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  private static final Duration MAX_WAIT = Duration.ofSeconds(15);

  private final Cloud client;
  private final ApplyOptions options;
  private final AddressResolver resolver;

  public Applier(Cloud client, ApplyOptions options, AddressResolver resolver) {
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Applies every change of {@code plan}; see {@link #apply(Plan, Consumer, Consumer)}.
   *
   * @param progress called once per changed or failed connection, as each finishes, one at a time
   */
  public ApplyResult apply(Plan plan, Consumer<ConnectionResult> progress) throws VpnformException {
    return apply(plan, progress, r -> {});
  }

  /**
   * Applies every change of {@code plan} in dependency order, with independent work in parallel:
   *
   * <ol>
   *   <li>the IKE policies, IPsec policies, endpoint groups and VPN services the plan creates (an
   *       endpoint group that is replaced: its new group);
   *   <li>the connections' updates (repoints to new endpoint groups included) and deletes (a
   *       replace's delete included);
   *   <li>the other resources' updates, deletes and replaces (a policy that was in use is changed
   *       once the connections that used it are gone; a replaced endpoint group's old group goes
   *       once its connections are repointed);
   *   <li>the connections' creates (a replace's create once its delete succeeded).
   * </ol>
   *
   * A failure stops only what depends on it: a connection whose new policy was not created is not
   * attempted, nor a policy change while a connection that used it is still there. An id the plan
   * shows as "(known after apply)" is filled in before the request that holds it is sent.
   *
   * @param progress called once per changed or failed connection, as each finishes, one at a time
   * @param resourceProgress likewise, per resource
   * @throws VpnformException when the plan has errors and cannot be applied
   */
  public ApplyResult apply(
      Plan plan, Consumer<ConnectionResult> progress, Consumer<ResourceResult> resourceProgress)
      throws VpnformException {
    if (!plan.applicable()) {
      throw new VpnformException(
          "The plan has " + plan.errorCount() + " error(s) and cannot be applied");
    }
    Differ checker = new Differ(plan.profile(), false);
    boolean pskReadable = plan.profile().returnsStoredPsk();
    List<ConnectionChange> changes = plan.changes();
    List<ResourceChange> resources = plan.resources();
    ConnectionResult[] results = new ConnectionResult[changes.size()];
    ResourceResult[] done = new ResourceResult[resources.size()];
    Map<String, String> created = new ConcurrentHashMap<>(); // Pending id -> new id
    List<Integer> creates = new ArrayList<>();
    List<Integer> later = new ArrayList<>();
    for (int i = 0; i < done.length; i++) {
      ResourceChange r = resources.get(i);
      switch (r.action()) {
        case NO_OP -> done[i] = resourceResult(r, Outcome.UNCHANGED, r.id(), null, 0, null);
        case CREATE -> creates.add(i);
        case REPLACE -> (r.createBeforeDestroy() ? creates : later).add(i);
        case UPDATE, DELETE -> later.add(i);
      }
    }
    // 1. New resources.
    run(
        creates,
        i -> {
          ResourceChange r = resources.get(i);
          if (r.action() == Action.REPLACE) {
            ResourceResult moved = movedSincePlan(r);
            if (moved != null) {
              return moved;
            }
          }
          ResourceResult res = createResource(r, created);
          return r.action() == Action.REPLACE && !res.failed() ? null : res; // its delete follows
        },
        done,
        resourceProgress);
    for (int i : creates) {
      if (done[i] == null) {
        later.add(i); // an endpoint group whose new group exists: the old one goes in 3
      }
    }
    later.sort(null);
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      ConnectionChange c = changes.get(i);
      switch (c.action()) {
        case NO_OP ->
            results[i] =
                new ConnectionResult(
                    c.id(),
                    c.name(),
                    Outcome.UNCHANGED,
                    List.of(),
                    c.actual() == null ? null : c.actual().status(),
                    c.actual() == null ? "already absent" : null,
                    List.of(),
                    Duration.ZERO);
        case CREATE -> second.add(i);
        case UPDATE, DELETE, REPLACE -> first.add(i);
      }
    }
    // 2. Connection updates and deletes; a replace whose delete succeeded continues in 4.
    String[] deleted = new String[results.length];
    run(
        first,
        i -> {
          ConnectionChange c = changes.get(i);
          return switch (c.action()) {
            case UPDATE -> {
              ConnectionChange filled = Pendings.fill(c, created);
              yield filled == null
                  ? notAttempted(c, Pendings.missing(c, created))
                  : applyOne(filled, checker, pskReadable);
            }
            case DELETE -> delete(c, false);
            case REPLACE -> {
              ConnectionResult r = delete(c, true);
              if (!r.failed()) {
                deleted[i] = c.id();
                yield null; // its create follows
              }
              yield r;
            }
            default -> throw new IllegalStateException(c.action().label());
          };
        },
        results,
        progress);
    // 3. The other resource changes, once no connection that stays needs them.
    run(
        later,
        i -> {
          ResourceChange r = resources.get(i);
          String blocker = blocker(r, changes, results, deleted);
          if (blocker != null) {
            return resourceResult(
                r, Outcome.FAILED, r.id(), List.of(), 0, "not attempted: " + blocker);
          }
          if (r.action() == Action.UPDATE
              || (r.action() == Action.REPLACE && !r.createBeforeDestroy())) {
            ResourceResult moved = movedSincePlan(r);
            if (moved != null) {
              return moved;
            }
          }
          return switch (r.action()) {
            case UPDATE -> updateResource(r);
            case DELETE -> deleteResource(r, Outcome.DELETED);
            case REPLACE -> {
              if (r.createBeforeDestroy()) {
                ResourceResult old = deleteResource(r, Outcome.REPLACED);
                yield old.failed()
                    ? old
                    : new ResourceResult(
                            r.kind(),
                            created.get(Pendings.id(r)),
                            r.name(),
                            Outcome.REPLACED,
                            r.request().orElseThrow().fields().keySet().stream().toList(),
                            old.message(),
                            old.elapsed(),
                            null)
                        .withReplacedId(r.id());
              }
              ResourceResult old = deleteResource(r, Outcome.DELETED);
              if (old.failed()) {
                yield old;
              }
              ResourceResult made = createResource(r, created);
              yield made.withReplacedId(r.id());
            }
            default -> throw new IllegalStateException(r.action().label());
          };
        },
        done,
        resourceProgress);
    // 4. Connection creates.
    for (int i = 0; i < results.length; i++) {
      if (deleted[i] != null) {
        second.add(i);
      }
    }
    second.sort(null);
    run(
        second,
        i -> {
          ConnectionChange c = Pendings.fill(changes.get(i), created);
          if (c == null) {
            ConnectionResult r =
                notAttempted(changes.get(i), Pendings.missing(changes.get(i), created));
            return changes.get(i).action() == Action.REPLACE
                ? r.withReplacedId(changes.get(i).id())
                : r;
          }
          ConnectionResult r = create(c, checker, pskReadable);
          return c.action() == Action.REPLACE ? r.withReplacedId(c.id()) : r;
        },
        results,
        progress);
    return new ApplyResult(List.of(results), List.of(done));
  }

  /**
   * Why a resource change must wait: a connection that uses it and that this plan was to delete,
   * replace or repoint did not get there. Null when nothing stands in its way.
   */
  private static String blocker(
      ResourceChange r,
      List<ConnectionChange> changes,
      ConnectionResult[] results,
      String[] deleted) {
    if (r.id() == null) {
      return null;
    }
    for (int i = 0; i < results.length; i++) {
      ConnectionChange c = changes.get(i);
      if (c.actual() == null || !Pendings.uses(c.actual(), r)) {
        continue;
      }
      boolean released =
          switch (c.action()) {
            case DELETE -> results[i] != null && !results[i].failed();
            case REPLACE -> deleted[i] != null;
            case UPDATE -> results[i] != null && !results[i].failed();
            default -> true;
          };
      if (!released) {
        return "the connection '"
            + c.label()
            + "', which uses it, was not "
            + (c.action() == Action.UPDATE ? "repointed" : "deleted");
      }
    }
    return null;
  }

  private static ConnectionResult notAttempted(ConnectionChange c, String missing) {
    return new ConnectionResult(
        c.id(),
        c.name(),
        Outcome.FAILED,
        List.of(),
        null,
        "not attempted: " + missing,
        List.of(),
        Duration.ZERO);
  }

  /** Work on one change that yields its result, or null when more work on it follows. */
  private interface Step<R> {
    R apply(int index) throws InterruptedException;
  }

  private <R> void run(List<Integer> indexes, Step<R> step, R[] results, Consumer<R> progress)
      throws VpnformException {
    if (indexes.isEmpty()) {
      return;
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(options.parallelism(), indexes.size()),
            r -> {
              Thread t = new Thread(r, "vpnform-apply-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      CompletionService<Integer> completed = new ExecutorCompletionService<>(pool);
      for (int index : indexes) {
        completed.submit(
            () -> {
              results[index] = step.apply(index);
              return index;
            });
      }
      for (int k = 0; k < indexes.size(); k++) {
        Future<Integer> f = completed.take();
        R r = results[f.get()];
        if (r != null) {
          progress.accept(r);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VpnformException("apply was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("apply of one change failed unexpectedly", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- IKE policies, IPsec policies, endpoint groups, VPN services ---------------------------

  /**
   * POST, never twice: as for connections, the name is looked up before it and after a failure
   * whose outcome is unknown (a replaced endpoint group's old group, which has the same name, does
   * not count). Records the new id under the resource's {@link dev.vpnform.model.Pending} id.
   */
  private ResourceResult createResource(ResourceChange r, Map<String, String> created)
      throws InterruptedException {
    long start = System.nanoTime();
    Map<String, Object> body = r.request().orElseThrow().fields();
    List<String> sent = List.copyOf(body.keySet());
    String name = (String) body.get("name");
    boolean byName = name != null && !name.isEmpty();
    try {
      List<Map<String, Object>> before = byName ? named(r, name) : List.of();
      if (!before.isEmpty()) {
        return resourceResult(
            r,
            Outcome.FAILED,
            r.id(),
            List.of(),
            start,
            "a "
                + r.kind().label()
                + " named '"
                + name
                + "' appeared since the plan (id "
                + before.get(0).get("id")
                + "); nothing was sent: plan again");
      }
    } catch (CloudException e) {
      return resourceResult(r, Outcome.FAILED, r.id(), List.of(), start, e.getMessage());
    }
    CreateOnce.Outcome<Map<String, Object>> posted =
        CreateOnce.post(
            () -> client.create(r.kind(), r.label(), body), () -> named(r, name), byName, "it");
    if (posted.failed()) {
      return resourceResult(r, Outcome.FAILED, r.id(), sent, start, posted.failure());
    }
    Map<String, Object> made = posted.created();
    String lost = posted.lost();
    String id = (String) made.get("id");
    if (r.desired().name() != null) {
      created.put(Pendings.id(r), id);
    }
    List<FieldChange> left =
        Differ.diff(r.desired(), new ActualResource(r.kind(), id, made)).fields().stream()
            .filter(f -> sent.contains(f.path().split("\\.")[0]))
            .toList();
    if (!left.isEmpty()) {
      List<String> wrong = new ArrayList<>();
      left.forEach(f -> wrong.add(f.path() + " is " + f.before() + ", not " + f.after()));
      return resourceResult(
          r,
          Outcome.FAILED,
          id,
          sent,
          start,
          "the server created "
              + id
              + " but answered with other values: "
              + String.join("; ", wrong));
    }
    return resourceResult(
        r,
        r.action() == Action.REPLACE ? Outcome.REPLACED : Outcome.CREATED,
        id,
        sent,
        start,
        lost);
  }

  /**
   * A failed result when the resource changed on the server since the plan (nothing is sent: plan
   * again), else null. A saved plan is applied later: it must act on what was reviewed.
   */
  private ResourceResult movedSincePlan(ResourceChange r) {
    long start = System.nanoTime();
    try {
      java.util.Optional<Map<String, Object>> fresh =
          client.show(r.kind().path().substring("/v2.0".length()), r.kind().bodyKey(), r.id());
      if (fresh.isEmpty()) {
        return resourceResult(
            r, Outcome.FAILED, r.id(), List.of(), start, "it was deleted since the plan");
      }
      List<String> moved =
          Snapshot.moved(
              Snapshot.of(r.actual()), new ActualResource(r.kind(), r.id(), fresh.get()));
      return moved.isEmpty()
          ? null
          : resourceResult(
              r,
              Outcome.FAILED,
              r.id(),
              List.of(),
              start,
              "changed since the plan ("
                  + String.join(", ", moved)
                  + "); nothing was sent: plan again");
    } catch (CloudException e) {
      return resourceResult(r, Outcome.FAILED, r.id(), List.of(), start, e.getMessage());
    }
  }

  /** The live resources of {@code r}'s kind named {@code name}, but the one {@code r} replaces. */
  private List<Map<String, Object>> named(ResourceChange r, String name) throws CloudException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m :
        client.list(
            r.kind().path().substring("/v2.0".length()),
            r.kind().collectionKey(),
            Map.of("name", List.of(name)))) {
      if (name.equals(m.get("name")) && !(r.id() != null && r.id().equals(m.get("id")))) {
        out.add(m);
      }
    }
    return out;
  }

  private ResourceResult updateResource(ResourceChange r) throws InterruptedException {
    long start = System.nanoTime();
    Map<String, Object> body = r.request().orElseThrow().fields();
    List<String> sent = List.copyOf(body.keySet());
    Map<String, Object> updated = null;
    long deadline = start + options.waitTimeout().toNanos();
    Duration wait = FIRST_WAIT;
    while (updated == null) {
      try {
        updated = client.update(r.kind(), r.id(), r.label(), body);
      } catch (CloudException e) {
        if (e.isType("VPNStateInvalidToUpdate") && System.nanoTime() < deadline) {
          // a VPN service is PENDING_* until an agent configures it: wait, as for connections
          options.sleeper().sleep(jitter(wait));
          wait = next(wait);
          continue;
        }
        String message =
            e.isType("VPNStateInvalidToUpdate")
                ? e.getMessage()
                    + " (still pending after waiting "
                    + human(options.waitTimeout())
                    + ": without a VPN agent, a service stays PENDING_CREATE)"
                : e.getMessage();
        return resourceResult(r, Outcome.FAILED, r.id(), sent, start, message);
      }
    }
    List<FieldChange> left =
        Differ.diff(r.desired(), new ActualResource(r.kind(), r.id(), updated)).fields().stream()
            .filter(f -> sent.contains(f.path().split("\\.")[0]))
            .toList();
    if (!left.isEmpty()) {
      List<String> wrong = new ArrayList<>();
      left.forEach(f -> wrong.add(f.path() + " is " + f.before() + ", not " + f.after()));
      return resourceResult(
          r,
          Outcome.FAILED,
          r.id(),
          sent,
          start,
          "the server accepted the update but answered with other values: "
              + String.join("; ", wrong));
    }
    return resourceResult(r, Outcome.UPDATED, r.id(), sent, start, null);
  }

  /** DELETE; a 404 counts as done. */
  private ResourceResult deleteResource(ResourceChange r, Outcome outcome) {
    long start = System.nanoTime();
    try {
      client.delete(r.kind(), r.id(), r.label());
    } catch (CloudException e) {
      if (e.httpStatus().orElse(0) == 404) {
        return resourceResult(r, outcome, r.id(), List.of(), start, "it was already gone");
      }
      return resourceResult(r, Outcome.FAILED, r.id(), List.of(), start, e.getMessage());
    }
    return resourceResult(r, outcome, r.id(), List.of(), start, null);
  }

  private static ResourceResult resourceResult(
      ResourceChange r, Outcome outcome, String id, List<String> sent, long start, String message) {
    return new ResourceResult(
        r.kind(),
        id,
        r.name(),
        outcome,
        sent == null ? List.of() : sent,
        message,
        start == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start),
        null);
  }

  /**
   * DELETE; a 404 counts as done. For a replace, the connection is first read again: one that
   * changed since the plan is left alone.
   */
  private ConnectionResult delete(ConnectionChange c, boolean replace) {
    long start = System.nanoTime();
    if (replace) {
      try {
        ActualConnection fresh = client.getConnection(c.id());
        List<String> moved = Snapshot.moved(Snapshot.of(c.actual()), fresh);
        if (!moved.isEmpty()) {
          return failed(
              c,
              List.of(),
              start,
              "changed since the plan ("
                  + String.join(", ", moved)
                  + "); nothing was sent: plan again");
        }
      } catch (CloudException e) {
        if (!gone(e)) {
          return failed(c, List.of(), start, e.getMessage());
        }
        return ok(
            c, Outcome.DELETED, c.id(), null, null, List.of(), start, List.of()); // already gone
      }
    }
    try {
      client.deleteConnection(c.id(), c.label());
    } catch (CloudException e) {
      if (!gone(e)) {
        return failed(c, List.of(), start, e.getMessage());
      }
      return ok(
          c, Outcome.DELETED, c.id(), null, "it was already gone", List.of(), start, List.of());
    }
    return ok(c, Outcome.DELETED, c.id(), null, null, List.of(), start, List.of());
  }

  /**
   * POST, never twice for one connection: before it, and after any failure whose outcome is unknown
   * (no answer, or a 5xx that may follow a commit), the name is looked up. A connection found by
   * that name is the one this POST made; only when there is none is the POST sent again, once.
   */
  private ConnectionResult create(ConnectionChange c, Differ checker, boolean pskReadable)
      throws InterruptedException {
    long start = System.nanoTime();
    boolean replace = c.action() == Action.REPLACE;
    Map<String, Object> body = c.request().orElseThrow().fields();
    List<String> sent = List.copyOf(body.keySet());
    String name = (String) body.get("name");
    try {
      List<ActualConnection> before = named(name);
      if (!before.isEmpty()) {
        return failed(
            c,
            List.of(),
            start,
            (replace ? "deleted; but " : "")
                + "a connection named '"
                + name
                + "' appeared since the plan (id "
                + before.get(0).id()
                + "); nothing was sent: plan again");
      }
    } catch (CloudException e) {
      return failed(c, List.of(), start, (replace ? "deleted; " : "") + e.getMessage());
    }
    CreateOnce.Outcome<ActualConnection> posted =
        CreateOnce.post(
            () -> client.createConnection(c.label(), body),
            () -> named(name),
            true,
            "the connection");
    if (posted.failed()) {
      return failed(
          c,
          sent,
          start,
          (replace && !posted.ambiguous() ? "deleted; the create failed: " : "")
              + posted.failure());
    }
    ActualConnection created = posted.created();
    String lost = posted.lost();
    List<FieldChange> left =
        checker.diff(c.desired(), created, addresses(c, created)).fields().stream()
            .filter(f -> sent.contains(f.path()) && !(f.sensitive() && !pskReadable))
            .toList();
    if (!left.isEmpty()) {
      List<String> wrong = new ArrayList<>();
      for (FieldChange f : left) {
        wrong.add(f.sensitive() ? f.path() : f.path() + " is " + f.before() + ", not " + f.after());
      }
      return failed(
          c,
          sent,
          start,
          "the server created connection "
              + created.id()
              + " but answered with other values: "
              + String.join("; ", wrong));
    }
    List<String> warnings =
        new ArrayList<>(StatusRules.afterCreate(created.status()).stream().toList());
    return ok(
        c,
        replace ? Outcome.REPLACED : Outcome.CREATED,
        created.id(),
        created.status(),
        lost,
        warnings,
        start,
        sent);
  }

  /** The live connections named {@code name}. */
  private List<ActualConnection> named(String name) throws CloudException {
    return client.findConnections(List.of(), List.of(name));
  }

  private static ConnectionResult ok(
      ConnectionChange c,
      Outcome outcome,
      String id,
      String status,
      String message,
      List<String> warnings,
      long start,
      List<String> sent) {
    return new ConnectionResult(
        id,
        c.name(),
        outcome,
        sent,
        status,
        message,
        warnings,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private ConnectionResult applyOne(ConnectionChange c, Differ checker, boolean pskReadable)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + options.waitTimeout().toNanos();
    List<String> sent = c.fields().stream().map(FieldChange::path).toList();
    Duration wait = FIRST_WAIT;
    while (true) {
      ActualConnection fresh;
      try {
        fresh = client.getConnection(c.id());
      } catch (CloudException e) {
        return failed(c, sent, start, gone(e) ? "it was deleted since the plan" : e.getMessage());
      }
      if (fresh.pending()) {
        if (System.nanoTime() >= deadline) {
          return failed(
              c,
              sent,
              start,
              "still "
                  + fresh.status()
                  + " after waiting "
                  + human(options.waitTimeout())
                  + "; nothing was sent");
        }
        options.sleeper().sleep(jitter(wait));
        wait = next(wait);
        continue;
      }
      if (alreadyDone(c, fresh, checker, pskReadable, sent)) {
        // e.g. the same saved plan applied twice, or a killed apply's PUT that landed
        return new ConnectionResult(
            c.id(),
            fresh.name(),
            Outcome.UNCHANGED,
            List.of(),
            fresh.status(),
            "already has the planned values; nothing was sent",
            List.of(),
            Duration.ofNanos(System.nanoTime() - start));
      }
      // Where the returned psk is not the stored one (huaweicloud, H12), never compare it.
      List<String> moved =
          pskReadable
              ? Snapshot.moved(c.actual(), fresh)
              : Snapshot.moved(Snapshot.of(c.actual()), fresh);
      if (!moved.isEmpty()) {
        return failed(
            c,
            sent,
            start,
            "changed since the plan ("
                + String.join(", ", moved)
                + "); nothing was sent: plan again");
      }
      ActualConnection updated;
      try {
        updated = client.updateConnection(c.id(), c.label(), c.request().orElseThrow().fields());
      } catch (CloudException e) {
        if (e.isType("VPNStateInvalidToUpdate") && System.nanoTime() < deadline) {
          options.sleeper().sleep(jitter(wait));
          wait = next(wait);
          continue; // it went PENDING between our GET and PUT
        }
        return failed(c, sent, start, gone(e) ? "it was deleted since the plan" : e.getMessage());
      }
      // Only what was sent is checked: other fields are not this update's business.
      List<FieldChange> left =
          checker.diff(c.desired(), updated, addresses(c, updated)).fields().stream()
              .filter(f -> sent.contains(f.path()))
              .toList();
      if (!left.isEmpty()) {
        List<String> wrong = new ArrayList<>();
        for (FieldChange f : left) {
          wrong.add(
              f.sensitive() ? f.path() : f.path() + " is " + f.before() + ", not " + f.after());
        }
        return failed(
            c,
            sent,
            start,
            "the server accepted the update but answered with other values: "
                + String.join("; ", wrong));
      }
      List<String> warnings = StatusRules.afterUpdate(updated.status()).stream().toList();
      return new ConnectionResult(
          c.id(),
          updated.name(),
          Outcome.UPDATED,
          sent,
          updated.status(),
          null,
          warnings,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Whether the connection already holds every value the plan would send. A psk that cannot be read
   * back (not returned, or huaweicloud's H12) can never be known to be done.
   */
  private boolean alreadyDone(
      ConnectionChange c,
      ActualConnection fresh,
      Differ checker,
      boolean pskReadable,
      List<String> sent) {
    if (sent.contains("psk") && (fresh.psk() == null || !pskReadable)) {
      return false;
    }
    return checker.diff(c.desired(), fresh, addresses(c, fresh)).fields().stream()
        .noneMatch(f -> sent.contains(f.path()));
  }

  /** What the connection's peer_address hostname resolves to, when comparing needs it. */
  private AddressBook addresses(ConnectionChange c, ActualConnection fresh) {
    return AddressBook.needs(c.desired(), fresh)
        ? AddressBook.resolve(List.of(c.desired().peerAddress()), resolver)
        : AddressBook.empty();
  }

  private static boolean gone(CloudException e) {
    return e.httpStatus().orElse(0) == 404 && e.isType("IPsecSiteConnectionNotFound");
  }

  private static ConnectionResult failed(
      ConnectionChange c, List<String> sent, long start, String message) {
    return new ConnectionResult(
        c.id(),
        c.name(),
        Outcome.FAILED,
        sent,
        null,
        message,
        List.of(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static Duration next(Duration d) {
    Duration twice = d.multipliedBy(2);
    return twice.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : twice;
  }

  /** Between half and all of {@code d}, so that parallel waits spread out. */
  private static Duration jitter(Duration d) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
  }

  private static String human(Duration d) {
    return d.toSeconds() >= 60 && d.toSecondsPart() == 0
        ? d.toMinutes() + " min"
        : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
