package dev.vpnform.cli.render;

import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.ConnectionResult;
import dev.vpnform.apply.Outcome;
import java.io.PrintWriter;

/** What apply says: the saved plan it applies, the question, one line per connection, a summary. */
public final class ApplyView {
  private final PrintWriter out;
  private final long total;
  private int done;

  public ApplyView(PrintWriter out, long total) {
    this.out = out;
    this.total = total;
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

  /** Called by apply, one connection at a time. */
  public void line(ConnectionResult r) {
    done++;
    StringBuilder sb = new StringBuilder();
    sb.append('[').append(done).append('/').append(total).append("] ");
    sb.append(r.label()).append(" (").append(r.id()).append("): ");
    if (r.outcome() == Outcome.UPDATED) {
      sb.append("updated ").append(String.join(", ", r.fields()));
      sb.append(" in ").append(r.elapsed().toMillis()).append(" ms; status ").append(r.status());
    } else {
      sb.append(r.outcome().label()).append(": ").append(r.message());
    }
    out.println(sb);
    for (String w : r.warnings()) {
      out.println("    warning: " + w);
    }
    out.flush();
  }

  public static String summary(ApplyResult result) {
    long updated = result.count(Outcome.UPDATED);
    long failed = result.count(Outcome.FAILED);
    long unchanged = result.count(Outcome.UNCHANGED);
    return (failed == 0 ? "Apply complete: " : "Apply finished with errors: ")
        + updated
        + " updated, "
        + failed
        + " failed, "
        + unchanged
        + " unchanged."
        + (failed == 0
            ? ""
            : " Fix the failures and run it again: connections already updated are left as they are.");
  }
}
