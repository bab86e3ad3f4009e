package io.hoplink.router.h2;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A TCP relay on 127.0.0.1:0 to a target port, whose connections can be cut at once. */
final class TcpRelay implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final List<NetSocket> sockets = new ArrayList<>();
  private final NetServer server;

  TcpRelay(int targetPort) {
    NetClient client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      client.connect(targetPort, "127.0.0.1").onSuccess(out -> {
        synchronized (sockets) {
          sockets.add(in);
          sockets.add(out);
        }
        in.pipeTo(out);
        out.pipeTo(in);
      }).onFailure(e -> in.close());
    });
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS).join();
  }

  int port() {
    return server.actualPort();
  }

  /** Closes every relayed connection, as a backend that died would. */
  void cut() {
    synchronized (sockets) {
      sockets.forEach(NetSocket::close);
      sockets.clear();
    }
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
