package dev.vpnform.openstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The SSLContext for a cloud: the JDK's trust store, a CA bundle, or (insecure) none. */
final class Tls {
  private Tls() {}

  /**
   * The JDK's default context ({@link SSLContext#getDefault()}, which reads the JDK's trust store),
   * made only when the first TLS connection is: an {@code http://} cloud never reads the trust
   * store. Building an HttpClient asks its context only for the default parameters, which are
   * answered by a context that holds no key or trust material.
   */
  static SSLContext deferredDefault() throws GeneralSecurityException {
    SSLContext parameters = SSLContext.getInstance("TLS");
    // Empty arrays, not null: null would make JSSE load the default key and trust stores.
    parameters.init(new KeyManager[0], new TrustManager[0], null);
    return new Deferred(new DeferredSpi(parameters), parameters);
  }

  private static final class Deferred extends SSLContext {
    final DeferredSpi spi;

    Deferred(DeferredSpi spi, SSLContext parameters) {
      super(spi, parameters.getProvider(), parameters.getProtocol());
      this.spi = spi;
    }
  }

  private static final class DeferredSpi extends SSLContextSpi {
    private final SSLContext parameters;
    private volatile SSLContext real;

    DeferredSpi(SSLContext parameters) {
      this.parameters = parameters;
    }

    private SSLContext real() {
      SSLContext r = real;
      if (r == null) {
        synchronized (this) {
          r = real;
          if (r == null) {
            try {
              r = SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the JDK's default TLS context is unavailable", e);
            }
            real = r;
          }
        }
      }
      return r;
    }

    @Override
    protected void engineInit(
        KeyManager[] km, TrustManager[] tm, java.security.SecureRandom random) {
      throw new UnsupportedOperationException("the deferred default context is initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return parameters.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return parameters.getSupportedSSLParameters();
    }

    /** Whether the default context (and so the trust store) was loaded; for tests. */
    boolean loaded() {
      return real != null;
    }
  }

  /** Whether {@code ctx} is a deferred default context that has read the trust store; for tests. */
  static boolean trustStoreLoaded(SSLContext ctx) {
    return !(ctx instanceof Deferred d) || d.spi.loaded();
  }

  /** Trusts exactly the certificates of the PEM bundle {@code caFile} (one or several). */
  static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(caFile)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no certificate in the file");
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /**
   * Trusts every certificate. Being an {@link X509ExtendedTrustManager}, it also takes over the
   * host name check (JSSE leaves endpoint identification to such a trust manager), which it skips.
   */
  static SSLContext trustingAll() throws GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new TrustAll()}, null);
    return ctx;
  }

  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
