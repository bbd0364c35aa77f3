package dev.vpnform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Keystone mode: token issue, use, expiry, and keystonemiddleware's 401. */
class SandboxKeystoneTest {
  static final String LIST = "/v2.0/vpn/ipsec-site-connections";
  private Sandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox =
        Sandbox.builder()
            .keystone(true)
            .user("admin", "admin", "admin", true)
            .user("demo", "demo-pw", "demo", false)
            .applicationCredential("sandbox-app-cred", "sandbox-app-secret", "admin")
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private TestClient identity() {
    return new TestClient(sandbox.networkEndpoint());
  }

  static Map<String, Object> passwordAuth(String user, String password, String project) {
    return Map.of(
        "auth",
        Map.of(
            "identity",
            Map.of(
                "methods",
                List.of("password"),
                "password",
                Map.of(
                    "user",
                    Map.of(
                        "name", user, "domain", Map.of("name", "Default"), "password", password))),
            "scope",
            Map.of("project", Map.of("name", project, "domain", Map.of("id", "default")))));
  }

  private String token(Map<String, Object> auth) throws Exception {
    TestClient.Reply r = identity().post("/identity/v3/auth/tokens", auth);
    assertThat(r.status()).isEqualTo(201);
    return r.header("X-Subject-Token");
  }

  @Test
  @SuppressWarnings("unchecked")
  void passwordTokenWithCatalogOpensTheNetworkApi() throws Exception {
    TestClient.Reply r =
        identity().post("/identity/v3/auth/tokens", passwordAuth("admin", "admin", "admin"));
    assertThat(r.status()).isEqualTo(201);
    String token = r.header("X-Subject-Token");
    assertThat(token).isNotBlank();
    assertThat(r.at("token.project.id")).isEqualTo(Sandbox.SAMPLE_PROJECT_ID);
    assertThat(r.at("token.methods")).isEqualTo(List.of("password"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> catalog = (List<Map<String, Object>>) r.at("token.catalog");
    Map<String, Object> network =
        catalog.stream().filter(s -> s.get("type").equals("network")).findFirst().orElseThrow();
    assertThat((List<Object>) network.get("endpoints"))
        .extracting(e -> (Object) ((Map<?, ?>) e).get("interface"))
        .containsExactlyInAnyOrder("public", "internal", "admin");
    assertThat((List<?>) network.get("endpoints"))
        .allSatisfy(
            e -> {
              assertThat(((Map<?, ?>) e).get("url"))
                  .isEqualTo(sandbox.networkEndpoint().toString());
              assertThat(((Map<?, ?>) e).get("region_id")).isEqualTo("RegionOne");
            });

    TestClient api = new TestClient(sandbox.networkEndpoint()).header("X-Auth-Token", token);
    assertThat(api.get(LIST).list("ipsec_site_connections")).hasSize(3);
    // with a token the project comes from it: no tenant_id needed on POST
    TestClient.Reply created =
        api.post(
            LIST, Map.of("ipsec_site_connection", SandboxTargets.legacyFields("via-keystone")));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.at("ipsec_site_connection.tenant_id")).isEqualTo(Sandbox.SAMPLE_PROJECT_ID);
  }

  @Test
  void missingOrBadTokenGetsKeystonemiddlewares401() throws Exception {
    for (TestClient c :
        List.of(
            new TestClient(sandbox.networkEndpoint()),
            new TestClient(sandbox.networkEndpoint()).header("X-Auth-Token", "not-a-token"))) {
      TestClient.Reply r = c.get(LIST);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body())
          .isEqualTo(
              Map.of(
                  "error",
                  Map.of(
                      "code", 401,
                      "title", "Unauthorized",
                      "message", "The request you have made requires authentication.")));
      assertThat(r.header("Www-Authenticate")).startsWith("Keystone uri=");
      assertThat(r.header("X-Openstack-Request-Id")).startsWith("req-");
    }
    // the version document stays public, as in neutron's paste pipeline
    assertThat(new TestClient(sandbox.networkEndpoint()).get("/").status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordIsRefused() throws Exception {
    TestClient.Reply r =
        identity().post("/identity/v3/auth/tokens", passwordAuth("admin", "wrong", "admin"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("X-Subject-Token")).isNull();
  }

  @Test
  void applicationCredentialAndTokenMethods() throws Exception {
    String appToken =
        token(
            Map.of(
                "auth",
                Map.of(
                    "identity",
                    Map.of(
                        "methods",
                        List.of("application_credential"),
                        "application_credential",
                        Map.of("id", "sandbox-app-cred", "secret", "sandbox-app-secret")))));
    TestClient api = new TestClient(sandbox.networkEndpoint()).header("X-Auth-Token", appToken);
    assertThat(api.get(LIST).status()).isEqualTo(200);

    String rescoped =
        token(
            Map.of(
                "auth",
                Map.of(
                    "identity",
                    Map.of("methods", List.of("token"), "token", Map.of("id", appToken)))));
    assertThat(rescoped).isNotEqualTo(appToken);
    assertThat(
            new TestClient(sandbox.networkEndpoint())
                .header("X-Auth-Token", rescoped)
                .get(LIST)
                .status())
        .isEqualTo(200);

    TestClient.Reply badSecret =
        identity()
            .post(
                "/identity/v3/auth/tokens",
                Map.of(
                    "auth",
                    Map.of(
                        "identity",
                        Map.of(
                            "methods",
                            List.of("application_credential"),
                            "application_credential",
                            Map.of("id", "sandbox-app-cred", "secret", "nope")))));
    assertThat(badSecret.status()).isEqualTo(401);
  }

  @Test
  void tokensExpireMidRun() throws Exception {
    String token = token(passwordAuth("admin", "admin", "admin"));
    TestClient api = new TestClient(sandbox.networkEndpoint()).header("X-Auth-Token", token);
    assertThat(api.get(LIST).status()).isEqualTo(200);
    sandbox.expireTokens();
    assertThat(api.get(LIST).status()).isEqualTo(401);
  }

  @Test
  void tokenTtlIsHonoured() throws Exception {
    Duration ttl = Duration.ofSeconds(2);
    try (Sandbox s = Sandbox.builder().keystone(true).tokenTtl(ttl).build().start()) {
      long issued = System.nanoTime();
      TestClient.Reply r =
          new TestClient(s.networkEndpoint())
              .post("/identity/v3/auth/tokens", passwordAuth("admin", "admin", "admin"));
      TestClient api =
          new TestClient(s.networkEndpoint()).header("X-Auth-Token", r.header("X-Subject-Token"));
      int before = api.get(LIST).status();
      // On a loaded machine the first request may itself outlive the TTL; only then is 401 right.
      if (System.nanoTime() - issued < ttl.toNanos() / 2) {
        assertThat(before).isEqualTo(200);
      }
      Thread.sleep(ttl.toMillis() + 500);
      assertThat(api.get(LIST).status()).isEqualTo(401);
    }
  }

  @Test
  void nonAdminUsersSeeOnlyTheirProject() throws Exception {
    String demo = token(passwordAuth("demo", "demo-pw", "demo"));
    TestClient api = new TestClient(sandbox.networkEndpoint()).header("X-Auth-Token", demo);
    assertThat(api.get(LIST).list("ipsec_site_connections")).isEmpty();
    TestClient.Reply put =
        api.put(
            LIST + "/" + SandboxTargets.LEGACY,
            TestClient.wrap("ipsec_site_connection", "name", "hijack"));
    assertThat(put.status()).isEqualTo(404);
    assertThat(put.at("NeutronError.type")).isEqualTo("IPsecSiteConnectionNotFound");
  }

  @Test
  void identityVersionDocuments() throws Exception {
    TestClient.Reply v3 = identity().get("/identity/v3");
    assertThat(v3.status()).isEqualTo(200);
    assertThat(v3.at("version.id")).isEqualTo("v3.14");
    assertThat(v3.at("version.status")).isEqualTo("stable");
    assertThat(sandbox.identityEndpoint().toString())
        .isEqualTo(sandbox.networkEndpoint() + "/identity/v3");
    assertThat(identity().get("/identity").status()).isEqualTo(300);
  }

  @Test
  void identityEndpointNeedsKeystone() throws Exception {
    try (Sandbox s = Sandbox.builder().build().start()) {
      assertThatThrownBy(s::identityEndpoint).isInstanceOf(IllegalStateException.class);
      // noauth: X-Auth-Token is ignored
      assertThat(new TestClient(s.networkEndpoint()).header("X-Auth-Token", "x").get(LIST).status())
          .isEqualTo(200);
    }
  }

  @Test
  void bindingIsLoopbackUnlessAllowed() {
    assertThatThrownBy(() -> Sandbox.builder().bindAddress("0.0.0.0").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sandbox.builder().bindAddress("example.org").build())
        .isInstanceOf(IllegalArgumentException.class);
    Sandbox.builder().bindAddress("0.0.0.0").allowRemote(true).build();
    Sandbox.builder().bindAddress("localhost").build();
    Sandbox.builder().bindAddress("::1").build();
  }
}
