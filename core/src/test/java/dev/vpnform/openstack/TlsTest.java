package dev.vpnform.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HttpsServer with self-signed certificates made by keytool for this run. */
class TlsTest {
  private static final char[] PASS = "changeit".toCharArray();

  @TempDir static Path dir;
  static LoopbackServer good; // certificate for 127.0.0.1 / localhost
  static LoopbackServer wrongName; // certificate for other.example only
  static Path bundle; // both certificates in one PEM file
  static Path goodOnly;
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void servers() throws Exception {
    Path goodKs = keypair("good", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
    Path otherKs = keypair("other", "CN=other.example", "SAN=dns:other.example");
    goodOnly = exportPem(goodKs, "good");
    bundle = dir.resolve("bundle.pem");
    Files.writeString(
        bundle, Files.readString(exportPem(otherKs, "other")) + Files.readString(goodOnly));
    FakeNeutron neutron = new FakeNeutron().add("c1", "conn-1", "p");
    good = new LoopbackServer(serverContext(goodKs)).route("/", neutron);
    wrongName = new LoopbackServer(serverContext(otherKs)).route("/", neutron);
  }

  @AfterAll
  static void stop() {
    good.close();
    wrongName.close();
  }

  private static Path keypair(String alias, String dname, String san) throws Exception {
    Path ks = dir.resolve(alias + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-ext",
        san,
        "-validity",
        "2",
        "-keystore",
        ks.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    return ks;
  }

  private static Path exportPem(Path ks, String alias) throws Exception {
    Path pem = dir.resolve(alias + ".pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        alias,
        "-keystore",
        ks.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-file",
        pem.toString());
    return pem;
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool %s: %s", cmd, out).isZero();
  }

  private static SSLContext serverContext(Path ks) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, PASS);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASS);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  NetworkingClient client(LoopbackServer s, CloudOptions.Builder b) throws Exception {
    CloudConfig cfg =
        CloudConfig.resolve(b.authType("none").endpoint(s.url()).build(), Map.of(), dir, dir);
    return NetworkingClient.connect(cfg, ClientOptions.defaults(), sleeps::add, () -> 0.5);
  }

  @Test
  void caBundleWithSeveralCertificatesIsTrusted() throws Exception {
    try (NetworkingClient c = client(good, CloudOptions.builder().caCert(bundle.toString()))) {
      assertThat(c.insecure()).isFalse();
      assertThat(c.getConnection("c1").id()).isEqualTo("c1");
    }
  }

  @Test
  void verificationIsOnByDefault() throws Exception {
    try (NetworkingClient c = client(good, CloudOptions.builder())) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> c.getConnection("c1"));
      assertThat(e.getMessage()).startsWith("Failed to get IPsec site connection c1: TLS failure:");
      assertThat(c.requestCount()).as("a certificate problem is not retried").isEqualTo(1);
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void theJdkTrustStoreIsReadOnlyWhenATlsConnectionIsMade() throws Exception {
    SSLContext ctx = Tls.deferredDefault();
    HttpClient http = HttpClient.newBuilder().sslContext(ctx).build();
    try (LoopbackServer plain = new LoopbackServer().route("/", new FakeNeutron())) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(plain.url() + "/v2.0/vpn/ipsec-site-connections"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
    assertThat(Tls.trustStoreLoaded(ctx)).as("after an http:// request").isFalse();
    assertThat(ctx.getDefaultSSLParameters().getProtocols()).isNotEmpty();

    ctx.createSSLEngine("127.0.0.1", 443);
    assertThat(Tls.trustStoreLoaded(ctx)).isTrue();
  }

  @Test
  void hostNameIsVerified() throws Exception {
    try (NetworkingClient c = client(wrongName, CloudOptions.builder().caCert(bundle.toString()))) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> c.getConnection("c1"));
      assertThat(e.getMessage())
          .startsWith("Failed to get IPsec site connection c1: TLS failure:")
          .contains("127.0.0.1");
    }
  }

  @Test
  void aBundleWithoutTheServersCertificateIsRefused() throws Exception {
    Path other = dir.resolve("other.pem");
    try (NetworkingClient c = client(good, CloudOptions.builder().caCert(other.toString()))) {
      assertThat(catchThrowableOfType(ApiException.class, () -> c.getConnection("c1")))
          .hasMessageContaining("TLS failure");
    }
  }

  @Test
  void insecureTrustsAnyCertificateAndHostName() throws Exception {
    try (NetworkingClient c = client(wrongName, CloudOptions.builder().insecure(true))) {
      assertThat(c.insecure()).isTrue();
      assertThat(c.getConnection("c1").id()).isEqualTo("c1");
    }
  }

  @Test
  void unreadableCaBundle() throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> client(good, CloudOptions.builder().caCert(junk.toString())));
    assertThat(e.getMessage()).startsWith("Failed to read the CA bundle " + junk + ": ");

    e =
        catchThrowableOfType(
            ApiException.class,
            () -> client(good, CloudOptions.builder().caCert(dir.resolve("nope.pem").toString())));
    assertThat(e.getMessage())
        .startsWith(
            "Failed to read the CA bundle " + dir.resolve("nope.pem") + ": NoSuchFileException");
  }
}
