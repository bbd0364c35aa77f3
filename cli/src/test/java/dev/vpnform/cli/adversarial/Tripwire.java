package dev.vpnform.cli.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local port that counts every connection made to it. The adversarial runs point {@code
 * OS_AUTH_URL} (and the URLs inside hostile tags) at it: a bad input must never get as far as
 * talking to a cloud, so the count must stay at zero.
 */
final class Tripwire implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  private Tripwire(ServerSocket socket) {
    this.socket = socket;
    this.acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                  connections.incrementAndGet();
                } catch (IOException e) {
                  // closed: the loop ends
                }
              }
            },
            "adversarial-tripwire");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static Tripwire start() {
    try {
      return new Tripwire(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return socket.getLocalPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
