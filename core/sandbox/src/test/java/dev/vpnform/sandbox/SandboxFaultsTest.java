package dev.vpnform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault type, and that requests are counted. */
class SandboxFaultsTest {
  static final String ONE = "/v2.0/vpn/ipsec-site-connections/" + SandboxTargets.LEGACY;
  private Sandbox sandbox;
  private TestClient client;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.builder().build().start();
    client = new TestClient(sandbox.networkEndpoint());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void latencyDelaysEachRequestWithoutHoldingUpOthers() throws Exception {
    sandbox.faults(Faults.none().withLatency(Duration.ofMillis(1000)));
    long t0 = System.nanoTime();
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new TestClient(sandbox.networkEndpoint()).get(ONE).status();
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (CompletableFuture<Integer> c : calls) {
      assertThat(c.get()).isEqualTo(200);
    }
    long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
    assertThat(ms).isGreaterThanOrEqualTo(1000).isLessThan(3500); // in parallel, not 4 x 1000
  }

  @Test
  void tooManyRequestsAnswersTheNextNWith429AndRetryAfter() throws Exception {
    sandbox.faults(Faults.none().withTooManyRequests(2, 7));
    TestClient.Reply first = client.get(ONE);
    assertThat(first.status()).isEqualTo(429);
    assertThat(first.header("Retry-After")).isEqualTo("7");
    assertThat(first.header("X-Openstack-Request-Id")).startsWith("req-");
    assertThat(client.get(ONE).status()).isEqualTo(429);
    assertThat(client.get(ONE).status()).isEqualTo(200);
  }

  @Test
  void errorRateAnswers500Or503AndChangesNothing() throws Exception {
    sandbox.faults(Faults.none().withErrorRate(1.0).withRandomSeed(42));
    Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      TestClient.Reply r =
          client.put(ONE, TestClient.wrap("ipsec_site_connection", "name", "changed"));
      seen.add(r.status());
      assertThat(r.at("NeutronError.type"))
          .isIn("HTTPInternalServerError", "HTTPServiceUnavailable");
    }
    assertThat(seen).containsExactlyInAnyOrder(500, 503);
    assertThat(sandbox.connection(SandboxTargets.LEGACY).orElseThrow())
        .containsEntry("name", "dc1-to-dc2");
  }

  @Test
  void aSeedMakesRandomFaultsRepeatable() throws Exception {
    List<Integer> a = statuses(Faults.none().withErrorRate(0.5).withRandomSeed(7));
    List<Integer> b = statuses(Faults.none().withErrorRate(0.5).withRandomSeed(7));
    assertThat(a).isEqualTo(b).contains(200).containsAnyOf(500, 503);
  }

  private List<Integer> statuses(Faults f) throws Exception {
    sandbox.faults(f);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      out.add(client.get(ONE).status());
    }
    return out;
  }

  @Test
  void dropRateClosesTheConnectionWithoutAResponse() throws Exception {
    sandbox.faults(Faults.none().withDropRate(1.0));
    assertThatThrownBy(() -> client.get(ONE)).isInstanceOf(IOException.class);
    sandbox.faults(Faults.none());
    assertThat(client.get(ONE).status()).isEqualTo(200);
  }

  @Test
  void stuckPendingShowsPendingUpdateAndRefusesUpdatesUntilReleased() throws Exception {
    sandbox.faults(Faults.none().withStuckPending(Set.of(SandboxTargets.LEGACY)));
    assertThat(client.get(ONE).at("ipsec_site_connection.status")).isEqualTo("PENDING_UPDATE");
    assertThat(
            client
                .get("/v2.0/vpn/ipsec-site-connections?status=PENDING_UPDATE")
                .list("ipsec_site_connections"))
        .hasSize(1);
    TestClient.Reply refused =
        client.put(ONE, TestClient.wrap("ipsec_site_connection", "mtu", 1300));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.at("NeutronError.message"))
        .isEqualTo(
            "Invalid state PENDING_UPDATE of vpnaas resource "
                + SandboxTargets.LEGACY
                + " for updating");
    sandbox.faults(Faults.none());
    assertThat(client.get(ONE).at("ipsec_site_connection.status")).isEqualTo("ACTIVE");
    assertThat(client.put(ONE, TestClient.wrap("ipsec_site_connection", "mtu", 1300)).status())
        .isEqualTo(200);
  }

  @Test
  void requestsAreCounted() throws Exception {
    int before = sandbox.requestCount();
    client.get(ONE);
    client.get("/nothing");
    sandbox.faults(Faults.none().withTooManyRequests(1, 1));
    client.get(ONE);
    assertThat(sandbox.requestCount() - before).isEqualTo(3);
  }

  @Test
  void faultSettingsAreChecked() {
    assertThatThrownBy(() -> Faults.none().withErrorRate(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Faults.none().withLatency(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Faults.none().withStuckPending(null).stuckPending()).isEmpty();
  }
}
