package dev.vpnform.cli.render;

import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.ConnectionResult;
import dev.vpnform.apply.Outcome;
import dev.vpnform.apply.ResourceResult;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.Plan;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * What apply says: the saved plan it applies, the question, one line per resource and per
 * connection, a summary.
 */
public final class ApplyView {
  private final PrintWriter out;
  private final Plan plan;
  private final long total;
  private int done;

  /**
   * @param plan the plan being applied: each change it makes gets one line
   */
  public ApplyView(PrintWriter out, Plan plan) {
    this.out = out;
    this.plan = plan;
    this.total =
        plan.changes().stream().filter(c -> c.action().changes()).count()
            + Resources.changing(plan).size();
  }

  /** The first line of {@code apply FILE}. */
  public static String savedPlan(String file, String createdAt, String endpoint) {
    return "Applying the saved plan " + file + " (made " + createdAt + ") to " + endpoint + ".";
  }

  /** Terraform's question; the answer is read on the same line. */
  public static String question() {
    return "\nDo you want to apply these changes?\n"
        + "  Only 'yes' will be accepted to approve.\n\n"
        + "  Enter a value: ";
  }

  public static String cancelled() {
    return "\nApply cancelled.";
  }

  /**
   * Called by apply, one connection at a time: {@code [2/3] name (id): created in 85 ms; status
   * PENDING_CREATE}, then its warnings.
   */
  public void line(ConnectionResult r) {
    done++;
    StringBuilder sb = new StringBuilder();
    sb.append('[').append(done).append('/').append(total).append("] ");
    sb.append(r.label());
    if (r.id() != null && !r.id().equals(r.label())) {
      sb.append(" (").append(r.id()).append(')');
    }
    sb.append(": ").append(result(r, Results.changeOf(plan, r)));
    out.println(sb);
    for (String w : r.warnings()) {
      out.println("    warning: " + w);
    }
    out.flush();
  }

  /**
   * Called by apply, one resource at a time, in Terraform's words: {@code [1/4]
   * ikepolicy.ike-aes256: Creation complete (id 4f...) in 85 ms}, or why it failed or was not
   * attempted.
   */
  public void line(ResourceResult r) {
    done++;
    out.println(
        "[" + done + "/" + total + "] " + Resources.dotted(r.kind(), r.label()) + ": " + result(r));
    out.flush();
  }

  /** What happened to one resource, after its address. */
  static String result(ResourceResult r) {
    String id = r.id() == null ? "" : " (id " + r.id() + ")";
    String took = " in " + r.elapsed().toMillis() + " ms";
    return switch (r.outcome()) {
      case CREATED -> "Creation complete" + id + took;
      case UPDATED -> "Modifications complete" + id + ": " + String.join(", ", r.fields()) + took;
      case REPLACED ->
          "Replacement complete"
              + id
              + took
              + (r.replacedId() == null ? "" : "; the old id was " + r.replacedId());
      case DELETED ->
          "Destruction complete"
              + id
              + (r.message() == null ? "" : " (" + r.message() + ")")
              + took;
      case UNCHANGED -> "unchanged" + (r.message() == null ? "" : ": " + r.message());
      case FAILED ->
          (r.replacedId() == null ? "" : "the old id " + r.replacedId() + " was deleted; ")
              + "failed: "
              + r.message();
    };
  }

  /** What happened to one connection, after its name. */
  static String result(ConnectionResult r, Optional<ConnectionChange> change) {
    StringBuilder sb = new StringBuilder(r.outcome().label());
    switch (r.outcome()) {
      case UPDATED -> sb.append(' ').append(String.join(", ", r.fields()));
      case REPLACED -> sb.append(" (the old id was ").append(r.replacedId()).append(')');
      case DELETED -> {
        if (r.message() != null) {
          sb.append(" (").append(r.message()).append(')');
        }
      }
      case CREATED, UNCHANGED, FAILED -> {}
    }
    switch (r.outcome()) {
      case UPDATED, CREATED, REPLACED, DELETED -> {
        sb.append(" in ").append(r.elapsed().toMillis()).append(" ms");
        if (r.status() != null) {
          sb.append("; status ").append(r.status());
        }
        if (r.outcome() != Outcome.DELETED && r.message() != null) {
          sb.append("; ").append(r.message());
        }
      }
      case UNCHANGED, FAILED -> sb.append(": ").append(r.message());
    }
    return sb.toString();
  }

  /**
   * Terraform's last line, {@code Apply complete! Resources: 1 added, 2 changed, 1 destroyed.}, or
   * the failures' count with the same resources.
   */
  public static String summary(ApplyResult result) {
    long failed = result.countAll(Outcome.FAILED);
    long unchanged = result.countAll(Outcome.UNCHANGED);
    String rest = unchanged == 0 ? "" : " " + unchanged + " unchanged.";
    if (failed == 0) {
      return "Apply complete! " + Results.resources(result) + rest;
    }
    return "Apply finished with errors: "
        + failed
        + " failed. "
        + Results.resources(result)
        + rest
        + " Fix the failures and run it again: what was applied is left as it is, and a re-run"
        + " converges.";
  }
}
