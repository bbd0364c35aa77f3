package dev.vpnform.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vpnform.model.Secret;
import dev.vpnform.openstack.LoopbackServer.Recorded;
import dev.vpnform.openstack.LoopbackServer.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoneTest {
  static final String PASSWORD = "CANARYpassword-1";
  static final String APP_SECRET = "CANARYappsecret-2";
  static final String USER_TOKEN = "CANARYusertoken-3";
  static final String TOKENS = "/identity/v3/auth/tokens";

  @TempDir Path tmp;
  LoopbackServer server;
  FakeNeutron neutron;
  final List<String> wire = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger issued = new AtomicInteger();

  /** Tokens the Networking API accepts. */
  final Set<String> valid = new CopyOnWriteArraySet<>();

  volatile Reply keystoneFailure;

  @BeforeEach
  void start() throws Exception {
    neutron = new FakeNeutron().add("c1", "conn-1", "CANARYpsk-4");
    server = new LoopbackServer().route("/", this::networking).route("/identity", this::keystone);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Reply keystone(Recorded r) throws Exception {
    if (!r.method().equals("POST") || !r.uri().getPath().equals(TOKENS)) {
      return Reply.json(404, "{}");
    }
    if (keystoneFailure != null) {
      return keystoneFailure;
    }
    String token = "CANARYissued-" + issued.incrementAndGet();
    valid.add(token);
    String u = server.url();
    String catalog =
        """
        [{"type": "identity", "name": "keystone", "endpoints": [
           {"interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": "%1$s/identity"}]},
         {"type": "network", "name": "neutron", "endpoints": [
           {"interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": "%1$s/r1-public"},
           {"interface": "internal", "region": "RegionOne", "region_id": "RegionOne", "url": "%1$s/r1-internal/"},
           {"interface": "public", "region": "RegionTwo", "region_id": "RegionTwo", "url": "%1$s/r2-public/v2.0"}]}]
        """
            .formatted(u);
    return Reply.json(
            201,
            "{\"token\": {\"expires_at\": \"2030-01-01T00:00:00.000000Z\","
                + " \"catalog\": "
                + catalog
                + "}}")
        .with("X-Subject-Token", token)
        .with("X-Openstack-Request-Id", "req-ks-" + issued.get());
  }

  private Reply networking(Recorded r) throws Exception {
    String token = r.header("X-Auth-Token");
    if (token == null || !valid.contains(token)) {
      return Reply.json(
              401,
              "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\":"
                  + " \"The request you have made requires authentication.\"}}")
          .with("Www-Authenticate", "Keystone uri=\"" + server.url() + "/identity\"")
          .with("X-Openstack-Request-Id", "req-401");
    }
    return neutron.handle(r);
  }

  NetworkingClient connect(CloudOptions.Builder b, Map<String, String> env) throws Exception {
    CloudConfig cfg = CloudConfig.resolve(b.build(), env, tmp, tmp);
    return NetworkingClient.connect(
        cfg, ClientOptions.defaults().withWireLog(wire::add), d -> {}, () -> 0.5);
  }

  CloudOptions.Builder password() {
    return CloudOptions.builder()
        .authUrl(server.url() + "/identity")
        .username("demo")
        .password(Secret.of(PASSWORD))
        .projectName("demo-project")
        .userDomainName("Default")
        .projectDomainName("Default");
  }

  Map<?, ?> keystoneBody(int i) throws Exception {
    return FakeNeutron.JSON.readValue(server.requestsTo(TOKENS).get(i).body(), Map.class);
  }

  void assertNoSecretInWireLog() {
    assertThat(String.join("\n", wire)).doesNotContain("CANARY");
  }

  @Test
  void passwordFlowWithRegionFromTheCatalog() throws Exception {
    try (NetworkingClient c = connect(password().regionName("RegionTwo"), Map.of())) {
      assertThat(c.listConnections()).hasSize(1);
    }

    assertThat(keystoneBody(0))
        .isEqualTo(
            FakeNeutron.JSON.readValue(
                """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {
                   "name": "demo", "domain": {"name": "Default"}, "password": "%s"}}},
                  "scope": {"project": {"name": "demo-project", "domain": {"name": "Default"}}}}}
                """
                    .formatted(PASSWORD),
                Map.class));
    Recorded list = server.requestsTo("/r2-public").get(0);
    assertThat(list.uri().getPath()).isEqualTo("/r2-public/v2.0/vpn/ipsec-site-connections");
    assertThat(list.header("X-Auth-Token")).isEqualTo("CANARYissued-1");
    assertNoSecretInWireLog();
    assertThat(String.join("\n", wire))
        .contains("\"password\":\"" + Secret.MASK + "\"")
        .contains("x-subject-token: " + Secret.MASK)
        .contains("X-Auth-Token: " + Secret.MASK);
  }

  @Test
  void interfaceSelection() throws Exception {
    try (NetworkingClient c =
        connect(password().regionName("RegionOne").interfaceName("internalURL"), Map.of())) {
      c.listConnections();
    }
    assertThat(server.requestsTo("/r1-internal/v2.0/vpn/ipsec-site-connections")).hasSize(1);
  }

  @Test
  void ambiguousOrMissingRegion() throws Exception {
    ApiException e = catchThrowableOfType(ApiException.class, () -> connect(password(), Map.of()));
    assertThat(e)
        .hasMessage(
            "Failed to find the network endpoint in the Keystone service catalog: several network"
                + " endpoints match interface public (regions RegionOne, RegionTwo); set the region"
                + " (option region_name, OS_REGION_NAME or region_name) (request req-ks-1)");

    e =
        catchThrowableOfType(
            ApiException.class, () -> connect(password().regionName("RegionThree"), Map.of()));
    assertThat(e)
        .hasMessage(
            "Failed to find the network endpoint in the Keystone service catalog: no network"
                + " endpoint for interface public in region RegionThree (the catalog offers public"
                + " in RegionOne, internal in RegionOne, public in RegionTwo) (request req-ks-2)");
  }

  @Test
  void applicationCredentialFlow() throws Exception {
    Map<String, String> env =
        Map.of(
            "OS_AUTH_URL",
            server.url() + "/identity/v3/",
            "OS_APPLICATION_CREDENTIAL_ID",
            "ac-1",
            "OS_APPLICATION_CREDENTIAL_SECRET",
            APP_SECRET,
            "OS_REGION_NAME",
            "RegionOne");
    try (NetworkingClient c = connect(CloudOptions.builder(), env)) {
      assertThat(c.listConnections()).hasSize(1);
    }

    assertThat(keystoneBody(0))
        .isEqualTo(
            FakeNeutron.JSON.readValue(
                """
                {"auth": {"identity": {"methods": ["application_credential"],
                   "application_credential": {"id": "ac-1", "secret": "%s"}}}}
                """
                    .formatted(APP_SECRET),
                Map.class));
    assertThat(server.requestsTo("/r1-public/v2.0/")).hasSize(1);
    assertNoSecretInWireLog();
  }

  @Test
  void tokenFlowRescopesAndUsesTheNewToken() throws Exception {
    Map<String, String> env =
        Map.of(
            "OS_AUTH_URL",
            server.url() + "/identity",
            "OS_TOKEN",
            USER_TOKEN,
            "OS_PROJECT_ID",
            "p-1",
            "OS_REGION_NAME",
            "RegionOne");
    try (NetworkingClient c = connect(CloudOptions.builder(), env)) {
      c.getConnection("c1");
    }

    assertThat(keystoneBody(0))
        .isEqualTo(
            FakeNeutron.JSON.readValue(
                """
                {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
                  "scope": {"project": {"id": "p-1"}}}}
                """
                    .formatted(USER_TOKEN),
                Map.class));
    assertThat(server.requestsTo("/r1-public/").get(0).header("X-Auth-Token"))
        .isEqualTo("CANARYissued-1");
    assertNoSecretInWireLog();
  }

  @Test
  void tokenWithAnEndpointIsUsedAsIs() throws Exception {
    valid.add(USER_TOKEN);
    try (NetworkingClient c =
        connect(
            CloudOptions.builder().token(Secret.of(USER_TOKEN)).endpoint(server.url()), Map.of())) {
      c.getConnection("c1");
      assertThat(c.requestCount()).isEqualTo(1);
    }
    assertThat(server.requestsTo("/identity")).isEmpty();
    assertThat(server.requests.get(0).header("X-Auth-Token")).isEqualTo(USER_TOKEN);
    assertNoSecretInWireLog();
  }

  @Test
  void endpointOverrideSkipsTheCatalog() throws Exception {
    try (NetworkingClient c = connect(password().endpoint(server.url() + "/override"), Map.of())) {
      c.listConnections();
    }
    assertThat(server.requestsTo("/override/v2.0/vpn/ipsec-site-connections")).hasSize(1);
  }

  @Test
  void on401AuthenticatesAgainOnce() throws Exception {
    try (NetworkingClient c = connect(password().regionName("RegionOne"), Map.of())) {
      valid.clear(); // the first token expires
      assertThat(c.getConnection("c1").id()).isEqualTo("c1");
      assertThat(c.requestCount()).isEqualTo(4); // token, 401, token, 200
    }
    List<Recorded> gets = server.requestsTo("/r1-public/");
    assertThat(gets)
        .extracting(r -> r.header("X-Auth-Token"))
        .containsExactly("CANARYissued-1", "CANARYissued-2");
    assertNoSecretInWireLog();
  }

  @Test
  void a401AfterReauthenticationIsReported() throws Exception {
    try (NetworkingClient c = connect(password().regionName("RegionOne"), Map.of())) {
      server.route(
          "/r1-public",
          r ->
              Reply.json(
                      401,
                      "{\"error\": {\"code\": 401, \"title\":"
                          + " \"Unauthorized\", \"message\": \"The request you have made requires"
                          + " authentication.\"}}")
                  .with("X-Openstack-Request-Id", "req-401"));

      ApiException e =
          catchThrowableOfType(
              ApiException.class,
              () -> c.updateConnection("c1", "conn-1", Map.of("psk", Secret.of("CANARYpsk-5"))));

      assertThat(e)
          .hasMessage(
              "Failed to update IPsec site connection 'conn-1' (id c1): 401"
                  + " Unauthorized: The request you have made requires authentication. (request"
                  + " req-401)");
      assertThat(e.httpStatus()).hasValue(401);
      assertThat(server.requestsTo(TOKENS)).hasSize(2);
      assertThat(server.requestsTo("/r1-public/")).hasSize(2);
    }
    assertNoSecretInWireLog();
  }

  @Test
  void keystoneRefusalNeverEchoesTheCredentials() throws Exception {
    keystoneFailure =
        Reply.json(
                401,
                "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\","
                    + " \"message\": \"The password "
                    + PASSWORD
                    + " is wrong\"}}")
            .with("X-Openstack-Request-Id", "req-ks-bad");

    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> connect(password().regionName("RegionOne"), Map.of()));

    assertThat(e)
        .hasMessage(
            "Failed to authenticate to Keystone at "
                + server.url()
                + "/identity/v3: 401 Unauthorized: The password "
                + Secret.MASK
                + " is wrong (request"
                + " req-ks-bad)");
    assertThat(server.requestsTo(TOKENS)).hasSize(1); // a 401 is not retried
    assertNoSecretInWireLog();
  }

  @Test
  void keystoneOutageIsRetried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server.route(
        "/identity",
        r ->
            calls.incrementAndGet() == 1
                ? Reply.json(503, "{}").with("Retry-After", "0")
                : keystone(r));
    try (NetworkingClient c = connect(password().regionName("RegionOne"), Map.of())) {
      assertThat(c.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void authTypeNoneSendsNoToken() throws Exception {
    server.route("/", neutron);
    try (NetworkingClient c =
        connect(CloudOptions.builder().authType("none").endpoint(server.url()), Map.of())) {
      c.listConnections();
    }
    assertThat(server.requests.get(0).header("X-Auth-Token")).isNull();
  }

  @Test
  void toStringsMaskSecrets() throws Exception {
    CloudOptions opts =
        password()
            .authType("password")
            .token(Secret.of(USER_TOKEN))
            .applicationCredentialSecret(Secret.of(APP_SECRET))
            .build();
    CloudConfig cfg = CloudConfig.resolve(opts, Map.of(), tmp, tmp);
    assertThat(opts.toString()).doesNotContain("CANARY").contains(Secret.MASK);
    assertThat(cfg.toString())
        .doesNotContain("CANARY")
        .contains("password=" + Secret.MASK)
        .contains("username=demo");
    try (NetworkingClient c = connect(password().regionName("RegionOne"), Map.of())) {
      assertThat(c.toString()).doesNotContain("CANARY");
    }
  }
}
