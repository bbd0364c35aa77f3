package dev.vpnform.samples;

import dev.vpnform.Reconciler;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.sandbox.Sandbox;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Embedding vpnform in a Java program: load a configuration tree, plan it against a cloud, apply
 * the plan and check that a second plan is empty. Here the cloud is vpnform's sandbox started
 * in-process, so the example runs anywhere; against a real cloud, build the reconciler without
 * {@code endpoint(...)} to use clouds.yaml and the OS_* variables, or with {@code cloud(...)}. It
 * imports three of vpnform's packages: the front door, the plan it returns, and the sandbox.
 *
 * <p>Run it from the samples directory: {@code java -cp ... dev.vpnform.samples.EmbeddingExample
 * openstack}.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  public static void main(String[] args) throws Exception {
    Path config = Path.of(args.length > 0 ? args[0] : "openstack");
    System.exit(run(config, System.out) ? 0 : 1);
  }

  /** Plans, applies and plans again; true when the second plan has no changes. */
  public static boolean run(Path config, PrintStream out) throws Exception {
    try (Sandbox sandbox = Sandbox.builder().build().start();
        Reconciler reconciler =
            Reconciler.builder().endpoint(sandbox.networkEndpoint().toString()).build()) {
      var desired = reconciler.load(List.of(config));
      Plan plan = reconciler.plan(desired);
      for (ConnectionChange change : plan.changes()) {
        out.println(change.label() + ": " + change.action().label());
        for (FieldChange field : change.fields()) {
          out.println(
              "  "
                  + field.path()
                  + ": "
                  + (field.sensitive()
                      ? "(sensitive value)"
                      : field.before() + " -> " + field.after()));
        }
      }
      if (!plan.applicable()) {
        plan.diagnostics().forEach(d -> out.println(d.format()));
        return false;
      }
      var result = reconciler.apply(plan, r -> out.println(r.label() + ": " + r.outcome().label()));
      Plan again = reconciler.plan(desired);
      out.println("applied: " + result.succeeded() + "; changes left: " + again.updateCount());
      return result.succeeded() && !again.hasChanges();
    }
  }
}
