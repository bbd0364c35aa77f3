package dev.vpnform.cli.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte-level TCP relay that answers the first attempt of every connection PUT with a real TCP
 * reset (RST, via SO_LINGER 0) once the upstream has started to answer, i.e. after the PUT was
 * applied. Everything else is passed through untouched.
 */
final class TcpResetProxy implements AutoCloseable {
  private static final String PUT = "PUT /v2.0/vpn/ipsec-site-connections/";

  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService pool;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final AtomicInteger resets = new AtomicInteger();

  TcpResetProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "tcp-reset-proxy-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.execute(this::acceptLoop);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  int resets() {
    return resets.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        Pair p = new Pair(client, upstream);
        pool.execute(p::clientToUpstream);
        pool.execute(p::upstreamToClient);
      } catch (IOException e) {
        return;
      }
    }
  }

  private final class Pair {
    final Socket client;
    final Socket upstream;
    volatile boolean resetOnAnswer;

    Pair(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void clientToUpstream() {
      byte[] buf = new byte[16384];
      try (InputStream in = client.getInputStream()) {
        OutputStream out = upstream.getOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
          String head = new String(buf, 0, Math.min(n, 200), StandardCharsets.ISO_8859_1);
          if (head.startsWith(PUT)) {
            String path = head.substring(4, head.indexOf(' ', 4));
            if (attempts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet() == 1) {
              resetOnAnswer = true;
            }
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side is gone
      } finally {
        closeQuietly(upstream);
      }
    }

    void upstreamToClient() {
      byte[] buf = new byte[16384];
      try (InputStream in = upstream.getInputStream()) {
        OutputStream out = client.getOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
          if (resetOnAnswer) {
            // the upstream answered, so the PUT was applied: the client gets a TCP RST instead
            resets.incrementAndGet();
            client.setSoLinger(true, 0);
            client.close();
            return;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side is gone
      } finally {
        closeQuietly(client);
        closeQuietly(upstream);
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    pool.shutdownNow();
  }
}
