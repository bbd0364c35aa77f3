package dev.vpnform.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.it.Fixture.Run;
import dev.vpnform.sandbox.testing.RealNeutron;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlanRequestCountTest} against a REAL neutron-server: 1,000 legacy connections are inserted
 * straight into its DB (the technique of {@code seed.sh --connections N --sql}, about 2 s, but with
 * this test's own names so that seed.json and the shared data stay as they were; they are deleted
 * afterwards), and a {@link CountingProxy} in front of the noauth server counts what {@code plan}
 * sends.
 */
class PlanRequestCountIT {
  static final int N = PlanRequestCountTest.N;
  static RealNeutron neutron;
  static String prefix;
  static final List<String> ids = new ArrayList<>();
  static final List<String> names = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void thousandConnections() {
    neutron = RealNeutron.findWithKeystone();
    if (neutron == null) {
      return; // each test is skipped by RealNeutron.assume
    }
    prefix = "itcount-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    RealNeutron.Section s = neutron.section(false);
    String name = "CONCAT('" + prefix + "', LPAD(seq, 4, '0'))";
    long t0 = System.nanoTime();
    neutron.sql(
        "INSERT INTO ipsec_site_connections (project_id, id, name, description, peer_address,"
            + " peer_id, route_mode, mtu, initiator, auth_mode, psk, dpd_action, dpd_interval,"
            + " dpd_timeout, status, admin_state_up, vpnservice_id, ipsecpolicy_id, ikepolicy_id,"
            + " local_ep_group_id, peer_ep_group_id, local_id) SELECT '"
            + s.tenantId()
            + "', UUID(), "
            + name
            + ", '', CONCAT('192.0.2.', seq % 200 + 20), CONCAT('192.0.2.', seq % 200 + 20),"
            + " 'static', 1500, 'bi-directional', 'psk', CONCAT('itcount-psk-', seq), 'hold', 30,"
            + " 120, 'ACTIVE', 1, '"
            + s.vpnserviceLegacy()
            + "', '"
            + s.ipsecpolicy()
            + "', '"
            + s.ikepolicy()
            + "', NULL, NULL, '' FROM seq_0_to_"
            + (N - 1)
            + ";"
            + " INSERT INTO ipsecpeercidrs (cidr, ipsec_site_connection_id)"
            + " SELECT CONCAT('100.', 64 + (seq DIV 256) % 64, '.', seq % 256, '.0/24'), c.id"
            + " FROM seq_0_to_"
            + (N - 1)
            + " JOIN ipsec_site_connections c ON c.name = "
            + name
            + ";");
    for (String line :
        neutron
            .sql(
                "SELECT name, id FROM ipsec_site_connections WHERE name LIKE '"
                    + prefix
                    + "%' ORDER BY name")
            .split("\n")) {
      if (!line.isBlank()) {
        String[] kv = line.split("\t");
        names.add(kv[0]);
        ids.add(kv[1]);
      }
    }
    System.out.printf(
        "[PlanRequestCountIT] inserted %d connections in %d ms%n",
        ids.size(), (System.nanoTime() - t0) / 1_000_000);
    assertThat(ids).hasSize(N);
  }

  @BeforeEach
  void configured() {
    RealNeutron.assume(neutron);
  }

  @AfterAll
  static void deleteThem() {
    if (prefix != null && neutron != null) {
      neutron.sql(
          "DELETE p FROM ipsecpeercidrs p JOIN ipsec_site_connections c ON"
              + " p.ipsec_site_connection_id = c.id WHERE c.name LIKE '"
              + prefix
              + "%'; DELETE FROM ipsec_site_connections WHERE name LIKE '"
              + prefix
              + "%';");
    }
  }

  int plan(Path config) throws IOException {
    try (CountingProxy proxy = new CountingProxy(neutron.url())) {
      Map<String, String> env =
          Map.of(
              "HOME",
              dir.toString(),
              "OS_AUTH_TYPE",
              "none",
              "OS_ENDPOINT",
              proxy.uri().toString());
      long t0 = System.nanoTime();
      Run plan = Fixture.vpnform(env, "plan", "--detailed-exitcode", config.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      List<String> requests = proxy.requests();
      assertThat(plan.exit()).as(plan.err()).isEqualTo(ExitCode.CHANGES);
      assertThat(plan.out()).contains("Plan: 0 to add, " + N + " to change, 0 to destroy.");
      // Lists of connections, and each related resource the server's checks need, once: the
      // VPN service the connections share and its subnet (GraphRules).
      assertThat(requests).allMatch(r -> r.startsWith("GET /v2.0/"));
      assertThat(
              requests.stream()
                  .filter(r -> !r.startsWith("GET /v2.0/vpn/ipsec-site-connections?"))
                  .toList())
          .hasSizeLessThanOrEqualTo(3)
          .doesNotHaveDuplicates();
      System.out.printf(
          "[PlanRequestCountIT] plan of %d connections (%s): %d requests to real neutron in %d"
              + " ms%n",
          N, config.getFileName(), requests.size(), ms);
      return (int)
          requests.stream()
              .filter(r -> r.startsWith("GET /v2.0/vpn/ipsec-site-connections?"))
              .count();
    }
  }

  @Test
  void planningAThousandConnectionsByIdTakesAFewListRequests() throws IOException {
    int requests = plan(PlanRequestCountTest.config(dir, ids, "id"));
    assertThat(requests).isPositive().isLessThanOrEqualTo(PlanRequestCountTest.bound(ids, "id"));
  }

  @Test
  void planningAThousandConnectionsByNameTakesAFewListRequests() throws IOException {
    int requests = plan(PlanRequestCountTest.config(dir, names, "name"));
    assertThat(requests)
        .isPositive()
        .isLessThanOrEqualTo(PlanRequestCountTest.bound(names, "name"));
  }
}
