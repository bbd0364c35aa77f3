package dev.vpnform.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.it.Fixture.Run;
import dev.vpnform.openstack.ClientOptions;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planning 1,000 connections costs a number of list requests in the order of the result pages (and
 * of the URL-length batches of id/name filters), never one GET per connection: counted on the
 * sandbox's {@link Sandbox#requestCount()}. {@link PlanRequestCountIT} counts the same against a
 * real neutron-server.
 */
class PlanRequestCountTest {
  static final int N = 1000;
  static Sandbox sandbox;
  static final List<String> ids = new ArrayList<>();
  static final List<String> names = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void thousandConnections() throws IOException {
    sandbox = Sandbox.builder().build().start();
    for (int i = 0; i < N; i++) {
      String name = String.format("bulk-%04d", i);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", name);
      f.put("vpnservice_id", "30000000-0000-4000-8000-000000000001"); // the sample's legacy service
      f.put("ikepolicy_id", "50000000-0000-4000-8000-000000000001");
      f.put("ipsecpolicy_id", "60000000-0000-4000-8000-000000000001");
      f.put("peer_address", "192.0.2." + (i % 200 + 20));
      f.put("peer_id", "192.0.2." + (i % 200 + 20));
      f.put("peer_cidrs", List.of("100." + (64 + i / 256) + "." + (i % 256) + ".0/24"));
      f.put("psk", "bulk-psk-" + i);
      String id = sandbox.createConnection(f);
      sandbox.setStatus(id, "ACTIVE");
      ids.add(id);
      names.add(name);
    }
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** Filters per URL: vpnform keeps list URLs under 6 KiB; count each URL as holding 5.5 KiB. */
  static int urlBatches(List<String> values, String key) {
    int chars = values.stream().mapToInt(v -> key.length() + 1 + v.length() + 1).sum();
    return (chars + 5631) / 5632;
  }

  /** The most list requests a plan may make: one per URL batch, plus one per full result page. */
  static int bound(List<String> values, String key) {
    int pageSize = ClientOptions.defaults().pageSize();
    int pages = (values.size() + pageSize - 1) / pageSize;
    return urlBatches(values, key) + pages + 1;
  }

  static Path config(Path dir, List<String> values, String key) throws IOException {
    StringBuilder sb = new StringBuilder("connections:\n");
    for (String v : values) {
      sb.append("  - ").append(key).append(": ").append(v).append("\n    mtu: 1400\n");
    }
    Path p = dir.resolve(key + "s.yaml");
    Files.writeString(p, sb);
    return p;
  }

  int plan(Path config) {
    Map<String, String> env =
        Map.of(
            "HOME",
            dir.toString(),
            "OS_AUTH_TYPE",
            "none",
            "OS_ENDPOINT",
            sandbox.networkEndpoint().toString());
    int before = sandbox.requestCount();
    long t0 = System.nanoTime();
    Run plan = Fixture.vpnform(env, "plan", "--detailed-exitcode", config.toString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    int requests = sandbox.requestCount() - before;
    assertThat(plan.exit()).as(plan.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(plan.out()).contains("Plan: 0 to add, " + N + " to change, 0 to destroy.");
    System.out.printf(
        "[PlanRequestCountTest] plan of %d connections (%s): %d requests to the sandbox in %d ms%n",
        N, config.getFileName(), requests, ms);
    return requests;
  }

  @Test
  void planningAThousandConnectionsByIdTakesAFewListRequests() throws IOException {
    int requests = plan(config(dir, ids, "id"));
    assertThat(requests).isPositive().isLessThanOrEqualTo(bound(ids, "id")).isLessThan(N / 50);
  }

  @Test
  void planningAThousandConnectionsByNameTakesAFewListRequests() throws IOException {
    int requests = plan(config(dir, names, "name"));
    assertThat(requests).isPositive().isLessThanOrEqualTo(bound(names, "name")).isLessThan(N / 50);
  }
}
