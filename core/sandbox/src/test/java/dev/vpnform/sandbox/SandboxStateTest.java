package dev.vpnform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistence, seeds, the built-in sample, status transitions and the embedding API. */
class SandboxStateTest {
  static final String C = "/v2.0/vpn/ipsec-site-connections";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void stateFileRoundTripAcrossRestarts() throws Exception {
    Path file = dir.resolve("state.json");
    String created;
    try (Sandbox s = Sandbox.builder().stateFile(file).build().start()) {
      assertThat(file).exists(); // written at start
      TestClient c = new TestClient(s.networkEndpoint());
      c.put(C + "/" + SandboxTargets.LEGACY, TestClient.wrap("ipsec_site_connection", "mtu", 1300));
      created =
          (String)
              c.post(C, Map.of("ipsec_site_connection", withTenant()))
                  .at("ipsec_site_connection.id");
      assertThat(c.delete(C + "/" + SandboxTargets.DOWN).status()).isEqualTo(204);
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = JSON.readValue(file.toFile(), Map.class);
    assertThat(doc.get("format_version")).isEqualTo(1);
    assertThat(doc.keySet())
        .contains(
            "ipsec_site_connections",
            "vpnservices",
            "endpoint_groups",
            "ikepolicies",
            "ipsecpolicies");
    try (var listing = Files.list(dir)) {
      // no temp files left behind
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }

    try (Sandbox s = Sandbox.builder().stateFile(file).build().start()) {
      TestClient c = new TestClient(s.networkEndpoint());
      assertThat(c.get(C + "/" + SandboxTargets.LEGACY).at("ipsec_site_connection.mtu"))
          .isEqualTo(1300);
      assertThat(c.get(C + "/" + created).at("ipsec_site_connection.psk"))
          .isEqualTo("sandbox-psk-test");
      assertThat(c.get(C + "/" + SandboxTargets.DOWN).status()).isEqualTo(404);
    }
  }

  private static Map<String, Object> withTenant() {
    Map<String, Object> f = new java.util.LinkedHashMap<>(SandboxTargets.legacyFields("persisted"));
    f.put("tenant_id", Sandbox.SAMPLE_PROJECT_ID);
    return f;
  }

  @Test
  void seedWithoutRoutersOrSubnetsIsCompletedAndValidated() throws Exception {
    Path seed = dir.resolve("seed.json");
    Files.writeString(
        seed,
        """
        {"format_version": 1,
         "vpnservices": [{"id": "a0000000-0000-4000-8000-000000000001",
                          "router_id": "b0000000-0000-4000-8000-000000000001",
                          "subnet_id": "c0000000-0000-4000-8000-000000000001"}],
         "ikepolicies": [{"id": "d0000000-0000-4000-8000-000000000001"}],
         "ipsecpolicies": [{"id": "e0000000-0000-4000-8000-000000000001"}],
         "ipsec_site_connections": [{"id": "f0000000-0000-4000-8000-000000000001",
             "name": "seeded", "peer_address": "198.51.100.9", "peer_id": "198.51.100.9",
             "psk": "seed-psk", "peer_cidrs": ["192.168.9.0/24"],
             "vpnservice_id": "a0000000-0000-4000-8000-000000000001",
             "ikepolicy_id": "d0000000-0000-4000-8000-000000000001",
             "ipsecpolicy_id": "e0000000-0000-4000-8000-000000000001"}]}
        """);
    try (Sandbox s = Sandbox.builder().seed(seed).build().start()) {
      TestClient c = new TestClient(s.networkEndpoint());
      TestClient.Reply r = c.get(C);
      assertThat(r.list("ipsec_site_connections")).hasSize(1);
      Map<String, Object> conn = r.list("ipsec_site_connections").get(0);
      assertThat(conn)
          .containsEntry("status", "ACTIVE")
          .containsEntry("mtu", 1500)
          .containsEntry("dpd", Map.of("action", "hold", "interval", 30, "timeout", 120))
          .containsEntry("project_id", Sandbox.SAMPLE_PROJECT_ID);
      String url = C + "/f0000000-0000-4000-8000-000000000001";
      assertThat(
              c.put(url, TestClient.wrap("ipsec_site_connection", "mtu", 67))
                  .at("NeutronError.message"))
          .isEqualTo("ipsec_site_connection MTU 67 is too small for ipv4");
      assertThat(
              c.put(url, TestClient.wrap("ipsec_site_connection", "peer_address", "2001:db8::9"))
                  .at("NeutronError.type"))
          .isEqualTo("ExternalNetworkHasNoSubnet");
    }
  }

  @Test
  void badSeedsAreRefusedWithoutEchoingValues() throws Exception {
    Path seed = dir.resolve("bad.json");
    Files.writeString(seed, "{\"format_version\": 2}");
    assertThatThrownBy(() -> Sandbox.builder().seed(seed).build().start())
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("format_version");
    Files.writeString(
        seed,
        "{\"format_version\": 1, \"ipsec_site_connections\": [{\"id\": \"x\", \"psk\":"
            + " \"leak-me\"}]}");
    assertThatThrownBy(() -> Sandbox.builder().seed(seed).build().start())
        .isInstanceOf(java.io.IOException.class)
        .message()
        .doesNotContain("leak-me");
    Files.writeString(
        seed,
        "{\"format_version\": 1, \"ipsec_site_connections\": [{\"id\": \"x\","
            + " \"peer_address\": \"1.2.3.4\", \"peer_id\": \"p\", \"psk\": \"leak-me\","
            + " \"vpnservice_id\": \"nope\", \"ikepolicy_id\": \"nope\","
            + " \"ipsecpolicy_id\": \"nope\"}]}");
    assertThatThrownBy(() -> Sandbox.builder().seed(seed).build().start())
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("refers to a missing vpnservice")
        .message()
        .doesNotContain("leak-me");
  }

  @Test
  void emptyWhenTheSampleIsOff() throws Exception {
    try (Sandbox s = Sandbox.builder().builtInSample(false).build().start()) {
      assertThat(new TestClient(s.networkEndpoint()).get(C).list("ipsec_site_connections"))
          .isEmpty();
    }
  }

  @Test
  void builtInSampleHasTheDocumentedIds() throws Exception {
    try (Sandbox s = Sandbox.builder().build().start()) {
      assertThat(s.connection(SandboxTargets.LEGACY).orElseThrow())
          .containsEntry("name", "dc1-to-dc2")
          .containsEntry("status", "ACTIVE")
          .containsEntry("mtu", 1400)
          .containsEntry("psk", "sandbox-psk-dc2");
      assertThat(s.connection(SandboxTargets.DOWN).orElseThrow())
          .containsEntry("name", "dc1-to-dc3")
          .containsEntry("status", "DOWN");
      assertThat(s.connection(SandboxTargets.EPG).orElseThrow())
          .containsEntry("name", "branch-epg")
          .containsEntry("local_ep_group_id", SandboxTargets.LOCAL_GROUP)
          .containsEntry("peer_ep_group_id", SandboxTargets.PEER_GROUP);
      assertThat(s.connection("nope")).isEmpty();
    }
  }

  @Test
  void pendingBecomesActiveAfterTheConfiguredDelay() throws Exception {
    try (Sandbox s =
        Sandbox.builder().pendingToActiveAfter(Duration.ofSeconds(3)).build().start()) {
      TestClient c = new TestClient(s.networkEndpoint());
      TestClient.Reply created = c.post(C, Map.of("ipsec_site_connection", withTenant()));
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.at("ipsec_site_connection.status")).isEqualTo("PENDING_CREATE");
      String id = (String) created.at("ipsec_site_connection.id");
      assertThat(c.get(C + "/" + id).at("ipsec_site_connection.status"))
          .isEqualTo("PENDING_CREATE");
      assertThat(c.put(C + "/" + id, TestClient.wrap("ipsec_site_connection")).status())
          .isEqualTo(400);
      awaitStatus(s, id, "ACTIVE");
      assertThat(
              c.put(C + "/" + id, TestClient.wrap("ipsec_site_connection", "mtu", 1400)).status())
          .isEqualTo(200);

      s.setStatus(id, "PENDING_UPDATE");
      assertThat(c.get(C + "/" + id).at("ipsec_site_connection.status"))
          .isEqualTo("PENDING_UPDATE");
      awaitStatus(s, id, "ACTIVE");
    }
  }

  @Test
  void withoutADelayPendingStaysPendingAndStatusIsDrivenByTests() throws Exception {
    try (Sandbox s = Sandbox.builder().build().start()) {
      String id = s.createConnection(SandboxTargets.legacyFields("manual"));
      Thread.sleep(200);
      assertThat(s.connection(id).orElseThrow()).containsEntry("status", "PENDING_CREATE");
      s.setStatus(id, "ERROR");
      assertThat(s.connection(id).orElseThrow()).containsEntry("status", "ERROR");
      assertThatThrownBy(() -> s.setStatus("no-such-id", "ACTIVE"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void createConnectionReportsErrorsWithoutThePsk() throws Exception {
    try (Sandbox s = Sandbox.builder().build().start()) {
      Map<String, Object> f = new java.util.LinkedHashMap<>(SandboxTargets.legacyFields("x"));
      f.put("mtu", 10);
      assertThatThrownBy(() -> s.createConnection(f))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "IPsecSiteConnectionMtuError: ipsec_site_connection MTU 10 is too small for ipv4");
      f.put("mtu", 1500);
      f.put("psk", 424242);
      assertThatThrownBy(() -> s.createConnection(f))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid input for psk")
          .message()
          .doesNotContain("424242");
    }
  }

  private static void awaitStatus(Sandbox s, String id, String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (status.equals(s.connection(id).orElseThrow().get("status"))) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(s.connection(id).orElseThrow().get("status")).isEqualTo(status);
  }
}
