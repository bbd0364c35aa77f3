package dev.vpnform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for a loopback HTTPS server in a test, made by the JDK's keytool for
 * this run (EC P-256, valid for 2 days). Shared with the cli module's tests through vpnform-core's
 * test-jar, which holds only this package.
 *
 * <pre>{@code
 * TestCertificate good =
 *     TestCertificate.create(dir, "good", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
 * HttpsServer server = ...; // with new HttpsConfigurator(good.serverContext())
 * // the client trusts good.pem() as its CA bundle
 * }</pre>
 *
 * @param keyStore the PKCS12 key store, {@code <alias>.p12} in the directory given to {@link
 *     #create}
 * @param pem the certificate alone as PEM, {@code <alias>.pem} in the same directory (like {@code
 *     keytool -exportcert -rfc}), to use as a CA bundle
 * @param serverContext an SSLContext that presents the certificate, for a server
 */
public record TestCertificate(Path keyStore, Path pem, SSLContext serverContext) {
  private static final String STORE_PASS = "changeit";

  /**
   * Makes a key pair and its self-signed certificate in {@code dir}.
   *
   * @param alias names the key store entry and the files
   * @param dname the subject, e.g. {@code CN=localhost}
   * @param san the keytool subjectAltName extension, e.g. {@code SAN=ip:127.0.0.1,dns:localhost}
   */
  public static TestCertificate create(Path dir, String alias, String dname, String san)
      throws IOException, GeneralSecurityException, InterruptedException {
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
        STORE_PASS,
        "-keypass",
        STORE_PASS);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, STORE_PASS.toCharArray());
    }
    // The PEM in-process: another keytool run would cost a JVM start.
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(store.getCertificate(alias).getEncoded());
    Path pem = dir.resolve(alias + ".pem");
    Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, STORE_PASS.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return new TestCertificate(ks, pem, ctx);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("keytool did not finish in 60 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("keytool " + cmd + " failed (" + p.exitValue() + "): " + out);
    }
  }
}
