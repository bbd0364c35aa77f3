package dev.vpnform.cli.it;

import dev.vpnform.cli.it.DiffCases.Kind;
import dev.vpnform.cli.it.DifferentialIT.Outcome;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** The differential suite's report: counts, what the cases reached, and the grouped mismatches. */
final class DiffReport {
  private DiffReport() {}

  record Run(
      long seed,
      String server,
      List<Outcome> outcomes,
      Map<String, List<Outcome>> mismatches,
      Map<String, Outcome> minimal,
      Map<String, List<Outcome>> disagreements,
      double createSeconds,
      double updateSeconds,
      double minimizeSeconds,
      double[] split,
      int[] baseWork,
      String resources,
      java.util.function.Function<String, String> tag) {}

  static String render(Run run) {
    List<Outcome> creates =
        run.outcomes().stream().filter(o -> o.c().kind() == Kind.CREATE).toList();
    List<Outcome> updates =
        run.outcomes().stream().filter(o -> o.c().kind() == Kind.UPDATE).toList();
    StringBuilder sb = new StringBuilder();
    sb.append(
        "vpnform differential suite (issue 9): vpnform and the sandbox against the real Neutron\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "seed %d; real Neutron %s (noauth); %d creates in %.0f s, %d updates in %.0f s,"
                + " minimal bodies in %.0f s%n%n",
            run.seed(),
            run.server(),
            creates.size(),
            run.createSeconds(),
            updates.size(),
            run.updateSeconds(),
            run.minimizeSeconds()));
    sb.append(
        String.format(
            Locale.ROOT,
            "time spent: vpnform (load and plan, its requests included) %.0f s, real server"
                + " (HTTP and SQL) %.0f s, sandbox %.0f s%n",
            run.split()[0],
            run.split()[1],
            run.split()[2]));
    sb.append(
        String.format(
            Locale.ROOT,
            "update bases (both servers): %d created, %d restored by a PUT after a case changed"
                + " them, %d made again%n%n",
            run.baseWork()[0],
            run.baseWork()[1],
            run.baseWork()[2]));
    sb.append(String.format(Locale.ROOT, "%-46s %8s %8s%n", "", "creates", "updates"));
    row(sb, "cases", creates, updates, o -> true);
    row(sb, "vpnform accepts", creates, updates, o -> o.vpnform().accepted());
    row(sb, "real server accepts", creates, updates, o -> o.real().accepted());
    row(sb, "real server did not answer (not judged)", creates, updates, o -> !o.real().answered());
    row(
        sb,
        "false accepts (vpnform passes, server refuses)",
        creates,
        updates,
        Outcome::falseAccept);
    row(
        sb,
        "false refusals (vpnform refuses, server accepts)",
        creates,
        updates,
        Outcome::falseRefusal);
    row(
        sb,
        "sandbox disagreements (status or error type)",
        creates,
        updates,
        Outcome::sandboxDisagrees);

    sb.append("\nReal server answers (which server checks the cases reached):\n");
    table(sb, creates, updates, o -> o.real().brief());
    sb.append("\nvpnform refusals, by rule and field (a case counts once per rule it broke):\n");
    Map<String, long[]> rules = new TreeMap<>();
    for (Outcome o : run.outcomes()) {
      if (!o.vpnform().accepted()) {
        o.vpnform().rules().stream()
            .map(r -> r.replaceAll("\\[\\d+]$", "[i]"))
            .distinct()
            .forEach(
                r ->
                    rules
                        .computeIfAbsent(r, k -> new long[2])[
                        o.c().kind() == Kind.CREATE ? 0 : 1]++);
      }
    }
    rules.forEach(
        (k, v) -> sb.append(String.format(Locale.ROOT, "  %-60s %6d %6d%n", k, v[0], v[1])));
    sb.append("\nvpnform accepts, by plan action:\n");
    table(
        sb,
        creates.stream().filter(o -> o.vpnform().accepted()).toList(),
        updates.stream().filter(o -> o.vpnform().accepted()).toList(),
        o -> o.vpnform().action());

    sb.append("\nResources the cases refer to (besides the seed's, created for this run):\n");
    sb.append(run.resources());
    sb.append("\nMISMATCHES: ").append(run.mismatches().size()).append(" groups\n");
    int n = 0;
    for (Map.Entry<String, List<Outcome>> g : run.mismatches().entrySet()) {
      Outcome m = run.minimal().get(g.getKey());
      group(sb, ++n, g.getKey(), g.getValue(), "minimal body", m, run);
      sb.append("   server: ").append(verdict(m.real())).append('\n');
      if (m.vpnform().accepted()) {
        sb.append("   vpnform: accepted, plan action ").append(m.vpnform().action()).append('\n');
      } else {
        for (String message : m.vpnform().messages()) {
          sb.append("   vpnform: ").append(message).append('\n');
        }
      }
    }

    sb.append("\nSANDBOX DISAGREEMENTS: ").append(run.disagreements().size()).append(" groups\n");
    n = 0;
    for (Map.Entry<String, List<Outcome>> g : run.disagreements().entrySet()) {
      Outcome s =
          g.getValue().stream()
              .min(java.util.Comparator.comparingInt(o -> o.c().show().length()))
              .orElseThrow();
      group(sb, ++n, g.getKey(), g.getValue(), "smallest body", s, run);
      sb.append("   server: ").append(verdict(s.real())).append('\n');
      sb.append("   sandbox: ").append(verdict(s.sandbox())).append('\n');
    }
    return sb.toString();
  }

  /** A group's heading, its cases and the body shown for it. */
  private static void group(
      StringBuilder sb,
      int n,
      String key,
      List<Outcome> cases,
      String what,
      Outcome shown,
      Run run) {
    sb.append('\n').append(n).append(". ").append(key).append('\n');
    sb.append("   ").append(cases.size()).append(" cases: ").append(labels(cases)).append('\n');
    sb.append("   ")
        .append(what)
        .append(" (")
        .append(shown.c().label())
        .append("): ")
        .append(shown.c().show(run.tag()))
        .append('\n');
    if (shown.c().kind() == Kind.UPDATE) {
      sb.append("   on a base connection: ").append(shown.c().showBase(run.tag())).append('\n');
    }
  }

  private static String verdict(DifferentialIT.Verdict v) {
    return v.message() == null ? v.brief() : v.brief() + ": " + v.message();
  }

  private static String labels(List<Outcome> outcomes) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (Outcome o : outcomes) {
      if (shown++ == 12) {
        sb.append(", ...");
        break;
      }
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append('#').append(o.c().index());
    }
    return sb.toString();
  }

  private static void row(
      StringBuilder sb, String label, List<Outcome> c, List<Outcome> u, Predicate<Outcome> p) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%-46s %8d %8d%n",
            label,
            c.stream().filter(p).count(),
            u.stream().filter(p).count()));
  }

  private static void table(
      StringBuilder sb, List<Outcome> c, List<Outcome> u, Function<Outcome, String> key) {
    Map<String, long[]> counts = new TreeMap<>();
    c.forEach(o -> counts.computeIfAbsent(key.apply(o), k -> new long[2])[0]++);
    u.forEach(o -> counts.computeIfAbsent(key.apply(o), k -> new long[2])[1]++);
    counts.forEach(
        (k, v) -> sb.append(String.format(Locale.ROOT, "  %-60s %6d %6d%n", k, v[0], v[1])));
  }
}
