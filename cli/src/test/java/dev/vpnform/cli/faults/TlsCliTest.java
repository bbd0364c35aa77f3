package dev.vpnform.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.cli.ExitCode;
import dev.vpnform.sandbox.Sandbox;
import dev.vpnform.testing.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a self-signed HTTPS endpoint: an HttpsServer (certificates made by keytool for
 * this run) forwarding to the sandbox. Verification is on by default, a CA bundle or --insecure
 * (with its warning) make it work, and every failure is one clear line, never a stack trace.
 */
class TlsCliTest {
  @TempDir static Path certs;
  static SSLContext goodContext; // certificate for 127.0.0.1 / localhost
  static SSLContext wrongNameContext; // certificate for other.example only
  static Path goodPem;
  static Path bundle; // both certificates

  @TempDir Path dir;
  Sandbox sandbox;
  FaultProxy https;
  Path config;
  Map<String, String> env;

  @BeforeAll
  static void certificates() throws Exception {
    TestCertificate good =
        TestCertificate.create(certs, "good", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
    TestCertificate other =
        TestCertificate.create(certs, "other", "CN=other.example", "SAN=dns:other.example");
    goodPem = good.pem();
    bundle = certs.resolve("bundle.pem");
    Files.writeString(bundle, Files.readString(other.pem()) + Files.readString(goodPem));
    goodContext = good.serverContext();
    wrongNameContext = other.serverContext();
  }

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.builder().build().start();
    https = new FaultProxy(sandbox.networkEndpoint(), goodContext);
    config = dir.resolve("vpn.yaml");
    Files.writeString(config, "connections:\n  - name: dc1-to-dc2\n    mtu: 1450\n");
    env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("OS_AUTH_TYPE", "none");
    env.put("OS_ENDPOINT", https.url());
  }

  @AfterEach
  void stop() {
    https.close();
    sandbox.close();
  }

  static void assertOneCleanLine(Cli.Run r) {
    assertThat(r.exit()).as("%s", r).isEqualTo(ExitCode.ERROR);
    assertThat(r.err())
        .as("%s", r)
        .startsWith("vpnform: ")
        .doesNotContain("\tat ")
        .doesNotContain("internal error");
    assertThat(r.err().strip().lines().count()).as("one line: %s", r).isEqualTo(1);
  }

  @Test
  void withoutACaBundleTheSelfSignedCertificateIsRefusedClearly() {
    long t0 = System.nanoTime();
    Cli.Run plan = Cli.run(env, "plan", config.toString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertOneCleanLine(plan);
    assertThat(plan.err())
        .doesNotContain("Exception")
        .contains("Failed to find IPsec site connections")
        .contains("TLS failure")
        .containsIgnoringCase("certification path")
        .doesNotContain("attempts"); // a certificate problem is not retried
    assertThat(ms).as("no retries with backoff").isLessThan(10_000);
    System.out.println("TlsCliTest: " + plan.err().strip());
    assertThat(https.events()).as("no HTTP request got through").isEmpty();
    assertThat(sandbox.requestCount()).isZero();

    // the same with apply and export; --debug adds the stack trace, on purpose
    assertOneCleanLine(Cli.run(env, "apply", "--auto-approve", config.toString()));
    assertOneCleanLine(Cli.run(env, "export", "--all"));
    Cli.Run debug = Cli.run(env, "plan", "--debug", config.toString());
    assertThat(debug.exit()).isEqualTo(ExitCode.ERROR);
    assertThat(debug.err()).contains("TLS failure").contains("\tat ");
  }

  @Test
  void aCaBundleByFlagByVariableOrInCloudsYamlIsTrusted() throws Exception {
    Cli.Run flag =
        Cli.run(
            env,
            "plan",
            "--detailed-exitcode",
            "--os-cacert",
            goodPem.toString(),
            config.toString());
    assertThat(flag.exit()).as("%s", flag).isEqualTo(ExitCode.CHANGES);
    assertThat(flag.out()).contains("~ mtu: 1400 -> 1450");
    assertThat(flag.err()).doesNotContain("Warning");

    env.put("OS_CACERT", bundle.toString()); // a bundle with several certificates
    Cli.Run variable = Cli.run(env, "plan", "--detailed-exitcode", config.toString());
    assertThat(variable.exit()).as("%s", variable).isEqualTo(ExitCode.CHANGES);
    assertThat(variable.err()).doesNotContain("Warning");

    Cli.Run apply = Cli.run(env, "apply", "--auto-approve", config.toString());
    assertThat(apply.exit()).as("%s", apply).isZero();
    assertThat(sandbox.connection("70000000-0000-4000-8000-000000000001").orElseThrow())
        .containsEntry("mtu", 1450);
    env.remove("OS_CACERT");

    Path clouds = dir.resolve("clouds.yaml");
    Files.writeString(
        clouds,
        "clouds:\n  tls:\n    auth_type: none\n    auth:\n      endpoint: "
            + https.url()
            + "\n    cacert: "
            + goodPem
            + "\n");
    Map<String, String> cloudEnv =
        Map.of(
            "HOME", dir.toString(), "OS_CLIENT_CONFIG_FILE", clouds.toString(), "OS_CLOUD", "tls");
    Cli.Run viaClouds = Cli.run(cloudEnv, "plan", "--detailed-exitcode", config.toString());
    assertThat(viaClouds.exit()).as("%s", viaClouds).isZero(); // applied above: no changes
  }

  @Test
  void keystoneAndTheNetworkApiBothOverTls() throws Exception {
    https.close();
    sandbox.close();
    sandbox = Sandbox.builder().keystone(true).build().start();
    https = new FaultProxy(sandbox.networkEndpoint(), goodContext);
    Map<String, String> ks = new HashMap<>();
    ks.put("HOME", dir.toString());
    ks.put("OS_AUTH_URL", https.url() + "/identity/v3");
    ks.put("OS_USERNAME", "admin");
    ks.put("OS_PASSWORD", "admin");
    ks.put("OS_PROJECT_NAME", "admin");
    ks.put("OS_USER_DOMAIN_NAME", "Default");
    ks.put("OS_PROJECT_DOMAIN_NAME", "Default");
    Cli.Run refused = Cli.run(ks, "plan", config.toString());
    assertOneCleanLine(refused);
    assertThat(refused.err())
        .contains("Failed to authenticate to Keystone")
        .contains("TLS failure");
    ks.put("OS_CACERT", goodPem.toString());
    Cli.Run plan = Cli.run(ks, "plan", "--detailed-exitcode", config.toString());
    assertThat(plan.exit()).as("%s", plan).isEqualTo(ExitCode.CHANGES);
    assertThat(https.events())
        .anyMatch(e -> e.startsWith("POST /identity/v3/auth/tokens"))
        .anyMatch(e -> e.startsWith("GET /v2.0/vpn/ipsec-site-connections"));
  }

  @Test
  void insecureWorksAndWarns() throws Exception {
    Cli.Run flag = Cli.run(env, "plan", "--detailed-exitcode", "--insecure", config.toString());
    assertThat(flag.exit()).as("%s", flag).isEqualTo(ExitCode.CHANGES);
    assertThat(flag.err()).startsWith("Warning: TLS certificate verification is off (--insecure)");

    env.put("OS_INSECURE", "true");
    Cli.Run variable = Cli.run(env, "plan", "--detailed-exitcode", config.toString());
    assertThat(variable.exit()).as("%s", variable).isEqualTo(ExitCode.CHANGES);
    assertThat(variable.err()).contains("Warning: TLS certificate verification is off");
    env.remove("OS_INSECURE");

    Cli.Run apply = Cli.run(env, "apply", "--auto-approve", "--os-insecure", config.toString());
    assertThat(apply.exit()).as("%s", apply).isZero();
    assertThat(apply.err()).contains("Warning: TLS certificate verification is off");

    // --insecure skips the host name check too
    try (FaultProxy wrongName = new FaultProxy(sandbox.networkEndpoint(), wrongNameContext)) {
      env.put("OS_ENDPOINT", wrongName.url());
      Cli.Run any = Cli.run(env, "plan", "--insecure", config.toString());
      assertThat(any.exit()).as("%s", any).isZero();
      assertThat(any.err()).contains("Warning: TLS certificate verification is off");
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedEvenWhenTrusted() throws Exception {
    try (FaultProxy wrongName = new FaultProxy(sandbox.networkEndpoint(), wrongNameContext)) {
      env.put("OS_ENDPOINT", wrongName.url());
      Cli.Run plan = Cli.run(env, "plan", "--os-cacert", bundle.toString(), config.toString());
      assertOneCleanLine(plan);
      assertThat(plan.err()).contains("TLS failure").containsIgnoringCase("127.0.0.1");
      System.out.println("TlsCliTest: " + plan.err().strip());
    }
  }

  @Test
  void aCaBundleThatCannotBeUsedIsAClearError() throws Exception {
    Cli.Run missing =
        Cli.run(env, "plan", "--os-cacert", dir.resolve("nope.pem").toString(), config.toString());
    assertOneCleanLine(missing);
    assertThat(missing.err()).contains("nope.pem");
    System.out.println("TlsCliTest: " + missing.err().strip());
    Path notPem = dir.resolve("not.pem");
    Files.writeString(notPem, "this is not a certificate\n");
    Cli.Run bad = Cli.run(env, "plan", "--os-cacert", notPem.toString(), config.toString());
    assertOneCleanLine(bad);
    assertThat(bad.err()).contains("not.pem");
    System.out.println("TlsCliTest: " + bad.err().strip());
  }
}
