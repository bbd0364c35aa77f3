package dev.vpnform.apply;

import dev.vpnform.cloud.Cloud;
import dev.vpnform.cloud.CloudException;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.VpnformException;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.AddressBook;
import dev.vpnform.plan.AddressResolver;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.Differ;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.Snapshot;
import dev.vpnform.validate.StatusRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Carries out a plan: for each connection to update, GET it fresh, wait while it is PENDING_*,
 * refuse it if it moved since the plan, PUT the minimal body, and check the answer. A failure in
 * one connection never stops the others.
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
   * Applies every update of {@code plan}.
   *
   * @param progress called once per updated or failed connection, as each finishes, one at a time
   * @throws VpnformException when the plan has errors and cannot be applied
   */
  public ApplyResult apply(Plan plan, Consumer<ConnectionResult> progress) throws VpnformException {
    if (!plan.applicable()) {
      throw new VpnformException(
          "The plan has " + plan.errorCount() + " error(s) and cannot be applied");
    }
    Differ checker = new Differ(plan.profile(), false);
    boolean pskReadable = plan.profile().returnsStoredPsk();
    List<ConnectionChange> updates =
        plan.changes().stream().filter(c -> c.action() == Action.UPDATE).toList();
    ConnectionResult[] results = new ConnectionResult[plan.changes().size()];
    for (int i = 0; i < results.length; i++) {
      ConnectionChange c = plan.changes().get(i);
      if (c.action() == Action.NO_OP) {
        results[i] =
            new ConnectionResult(
                c.id(),
                c.name(),
                Outcome.UNCHANGED,
                List.of(),
                c.actual().status(),
                null,
                List.of(),
                Duration.ZERO);
      }
    }
    if (!updates.isEmpty()) {
      AtomicInteger n = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              Math.min(options.parallelism(), updates.size()),
              r -> {
                Thread t = new Thread(r, "vpnform-apply-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      try {
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        for (int i = 0; i < results.length; i++) {
          ConnectionChange c = plan.changes().get(i);
          if (c.action() == Action.UPDATE) {
            int index = i;
            done.submit(
                () -> {
                  results[index] = applyOne(c, checker, pskReadable);
                  return index;
                });
          }
        }
        for (int k = 0; k < updates.size(); k++) {
          Future<Integer> f = done.take();
          progress.accept(results[f.get()]);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VpnformException("apply was interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "apply of one connection failed unexpectedly", e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return new ApplyResult(List.of(results));
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
