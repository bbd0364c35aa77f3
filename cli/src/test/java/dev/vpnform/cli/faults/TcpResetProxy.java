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
 * A byte-level TCP relay that answers with a real TCP reset (RST, via SO_LINGER 0): in {@link
 * Mode#PUT_AFTER_ANSWER}, the first attempt of every connection PUT once the upstream has started
 * to answer, i.e. after the PUT was applied; in {@link Mode#POST_BEFORE_UPSTREAM}, the first
 * connection POST of each name as soon as the request has arrived, before a byte of it reaches the
 * upstream. Everything else is passed through untouched.
 */
final class TcpResetProxy implements AutoCloseable {
  private static final String PUT = "PUT /v2.0/vpn/ipsec-site-connections/";
  private static final String POST = "POST /v2.0/vpn/ipsec-site-connections ";

  /** Which request gets the reset, and when. */
  enum Mode {
    PUT_AFTER_ANSWER,
    POST_BEFORE_UPSTREAM
  }

  private final Mode mode;

  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService pool;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final AtomicInteger resets = new AtomicInteger();

  TcpResetProxy(int upstreamPort) throws IOException {
    this(upstreamPort, Mode.PUT_AFTER_ANSWER);
  }

  TcpResetProxy(int upstreamPort, Mode mode) throws IOException {
    this.upstreamPort = upstreamPort;
    this.mode = mode;
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
          if (mode == Mode.POST_BEFORE_UPSTREAM && head.startsWith(POST)) {
            byte[] request = wholeRequest(in, buf, n);
            String name = FaultProxy.Seen.nameIn(new String(request, StandardCharsets.UTF_8));
            if (attempts.computeIfAbsent("POST " + name, k -> new AtomicInteger()).incrementAndGet()
                == 1) {
              // the POST never reaches the upstream: the client's socket is reset
              resets.incrementAndGet();
              client.setSoLinger(true, 0);
              client.close();
              return;
            }
            out.write(request);
            out.flush();
            continue;
          }
          if (mode == Mode.PUT_AFTER_ANSWER && head.startsWith(PUT)) {
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

  /**
   * The request whose first {@code n} bytes are in {@code buf}: read on until the headers and
   * Content-Length bytes of body are there (the client sends one request at a time).
   */
  private static byte[] wholeRequest(InputStream in, byte[] buf, int n) throws IOException {
    java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
    req.write(buf, 0, n);
    while (true) {
      String text = req.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                .matcher(text.substring(0, end));
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        if (req.size() >= end + 4 + length) {
          return req.toByteArray();
        }
      }
      int more = in.read(buf);
      if (more <= 0) {
        return req.toByteArray();
      }
      req.write(buf, 0, more);
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
