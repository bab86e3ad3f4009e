package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * fabric8's mock API server. It is built on Vert.x 4 (vertx-web 4.5 at test scope) while the
 * project uses vertx-core 5; what it needs from vertx-core works on 5, so it runs on the test
 * class path as is (checked by the tests that use it: CRUD, watches and expectations).
 */
final class KubeMockServers {
  private KubeMockServers() {}

  /** A server that stores what is created and streams watch events (CRUD mode). */
  static KubernetesMockServer crud() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
        new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init();
    return server;
  }

  /**
   * Stops {@code server}. Its Vert.x sometimes takes longer to close than the mock waits for
   * (a watch socket closing under it); that is not what the tests check, so it is only logged.
   */
  static void destroy(KubernetesMockServer server) {
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      System.getLogger(KubeMockServers.class.getName())
          .log(System.Logger.Level.WARNING, "mock API server: " + e.getMessage());
    }
  }

  /** A server that answers only what a test expects, in order (expectations mode). */
  static KubernetesMockServer expectations() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    return server;
  }
}
