package io.hoplink.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port on 127.0.0.1 that stays the same while what is behind it changes, as a Service's
 * address does while its pods come and go: each connection goes on to a target port, until
 * {@link #down} closes the port and every connection through it (connections are refused until
 * {@link #forwardTo} names the next target).
 */
final class PortForward implements AutoCloseable {
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  private PortForward(int port) {
    this.port = port;
  }

  /** A port forwarding to {@code target}. */
  static PortForward to(int target) throws IOException {
    ServerSocket first = listen(0);
    PortForward forward = new PortForward(first.getLocalPort());
    forward.serve(first, target);
    return forward;
  }

  int port() {
    return port;
  }

  /** Forwards new connections to {@code target} again, on the same port. */
  synchronized void forwardTo(int target) throws IOException {
    serve(listen(port), target);
  }

  /** Refuses connections, and ends those open, until forwarded again. */
  synchronized void down() throws IOException {
    ServerSocket current = listener;
    listener = null;
    if (current != null) {
      current.close();
    }
    for (Socket socket : open) {
      socket.close();
    }
    open.clear();
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private void serve(ServerSocket socket, int target) {
    listener = socket;
    Thread acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        Socket client;
        try {
          client = socket.accept();
        } catch (IOException e) {
          return; // down
        }
        try {
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
          open.add(client);
          open.add(upstream);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException e) {
          try {
            client.close(); // the target refused: so does the forward
          } catch (IOException ignored) {
            // closed already
          }
        }
      }
    }, "port-forward-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException e) {
          // already closed
        }
        open.remove(from);
        open.remove(to);
      }
    }, "port-forward-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    down();
  }
}
