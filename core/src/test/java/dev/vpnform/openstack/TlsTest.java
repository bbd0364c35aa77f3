package dev.vpnform.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vpnform.testing.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HttpsServer with self-signed certificates made by keytool for this run. */
class TlsTest {
  @TempDir static Path dir;
  static LoopbackServer good; // certificate for 127.0.0.1 / localhost
  static LoopbackServer wrongName; // certificate for other.example only
  static Path bundle; // both certificates in one PEM file
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void servers() throws Exception {
    TestCertificate goodCert =
        TestCertificate.create(dir, "good", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
    TestCertificate otherCert =
        TestCertificate.create(dir, "other", "CN=other.example", "SAN=dns:other.example");
    bundle = dir.resolve("bundle.pem");
    Files.writeString(bundle, Files.readString(otherCert.pem()) + Files.readString(goodCert.pem()));
    FakeNeutron neutron = new FakeNeutron().add("c1", "conn-1", "p");
    good = new LoopbackServer(goodCert.serverContext()).route("/", neutron);
    wrongName = new LoopbackServer(otherCert.serverContext()).route("/", neutron);
  }

  @AfterAll
  static void stop() {
    good.close();
    wrongName.close();
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
