package io.hoplink.router.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A running admin server on an ephemeral port over a {@link FakeAdminState}, and a client. */
public final class AdminFixture implements AutoCloseable {
  public final FakeAdminState state;
  private final Vertx vertx = Vertx.vertx();
  private final AdminServer server;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  public AdminFixture(FakeAdminState state, AdminSettings settings) throws Exception {
    this(state, settings, io.hoplink.config.AdminSecurityConfig.defaults());
  }

  /** With {@code admin.security}'s diagnostics and path lists too. */
  public AdminFixture(FakeAdminState state, AdminSettings settings,
      io.hoplink.config.AdminSecurityConfig security) throws Exception {
    this.state = state;
    try {
      this.server = await(AdminServer.start(vertx, settings.withPort(0), state,
          java.util.Optional.empty(), security));
    } catch (Exception e) {
      await(vertx.close());
      throw e;
    }
  }

  public AdminFixture(FakeAdminState state) throws Exception {
    this(state, AdminSettings.defaults());
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  public int port() {
    return server.actualPort();
  }

  public HttpResponse<String> get(String pathAndQuery) throws Exception {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  public HttpResponse<String> post(String pathAndQuery) throws Exception {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    await(server.close());
    await(vertx.close());
  }
}
