package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.config.HoplinkConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity block is read at start only: a reload that changes it is refused, not half applied. */
class IdentityReloadTest {
  private static final String WHY = "the identity block changed, which takes a restart (the"
      + " identity in force keeps renewing its certificate)";

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String config(String identity) throws Exception {
    Files.writeString(dir.resolve("ca.crt"), "roots");
    Files.writeString(dir.resolve("token"), "a.b.c");
    String block = identity.isEmpty() ? "" : """
        identity:
          url: https://hoplink-identity.hoplink.svc:8443
          trustBundle: %1$s/ca.crt
          tokenPath: %1$s/token
          dir: %1$s/identity
        %2$s""".formatted(dir, identity);
    return block + """
        admin: {port: 0}
        routers:
        - protocol: http
          dtab: /svc => /$/inet/127.0.0.1/1;
          servers: [{port: 0}]
        """;
  }

  private String refusal(String before, String after) throws Exception {
    Hoplink hoplink = Hoplink.build(HoplinkConfig.load(before, Main.plugins()), Main.plugins(),
        vertx);
    try {
      hoplink.reload(after, "test").toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      return "applied";
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    } finally {
      hoplink.drain().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aChangedIdentityBlockIsRefused() throws Exception {
    assertEquals(WHY, refusal(config("  renewAt: 0.667\n"), config("  renewAt: 0.5\n")));
  }

  @Test
  void anIdentityBlockAddedOrRemovedIsRefused() throws Exception {
    assertEquals(WHY, refusal(config(""), config("  renewAt: 0.5\n")));
    assertEquals(WHY, refusal(config("  renewAt: 0.5\n"), config("")));
  }
}
