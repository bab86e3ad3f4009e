package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hoplink.router.h2.H2TestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar with a {@code protocol: h2} router, a grpc-java client and grpc-java backends. */
class GrpcRouterIT {
  @TempDir Path dir;

  @Test
  void grpcCallsThroughTheJarReachEveryBackendAndErrorsKeepTheirStatus() throws Exception {
    List<H2TestKit.Backend> backends = new ArrayList<>();
    try {
      StringBuilder endpoints = new StringBuilder();
      for (int i = 0; i < 2; i++) {
        backends.add(H2TestKit.backend("b" + i));
        endpoints.append("127.0.0.1 ").append(backends.get(i).port()).append('\n');
      }
      Path disco = Files.createDirectories(dir.resolve("disco"));
      Files.writeString(disco.resolve("test.Echo"), endpoints);
      String config = """
          admin: {port: 0}
          namers:
          - kind: io.l5d.fs
            rootDir: %s
          routers:
          - protocol: h2
            label: grpc
            identifier: {kind: io.l5d.header.path, segments: 1}
            dtab: /svc => /#/io.l5d.fs;
            servers: [{port: 0}]
            service: {responseClassifier: {kind: io.l5d.h2.grpc.default}}
          """.formatted(disco);
      try (HoplinkProcess router = HoplinkProcess.start(dir, config)) {
        ManagedChannel channel = H2TestKit.channel(router.port("grpc"));
        try {
          for (int i = 0; i < 200; i++) {
            byte[] name = H2TestKit.unary(channel, new byte[0]).get(20, TimeUnit.SECONDS);
            assertTrue(new String(name, StandardCharsets.UTF_8).startsWith("b"));
          }
          StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
              () -> H2TestKit.fail(channel));
          assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
          assertEquals("no such thing", e.getStatus().getDescription());
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (H2TestKit.Backend backend : backends) {
          assertTrue(backend.calls() > 20, backend.name() + " took " + backend.calls() + " of 200");
        }
        String metrics = router.admin("/admin/metrics.json");
        assertTrue(metrics.contains("\"rt/grpc/service/svc/test.Echo/failures\":1"), metrics);
        assertTrue(metrics.contains("\"rt/grpc/server/127.0.0.1/0/requests\":201"), metrics);
      }
    } finally {
      for (H2TestKit.Backend backend : backends) {
        backend.close();
      }
    }
  }
}
