package io.hoplink.router.h2;

import static io.hoplink.router.h2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of cancelled, failed and timed-out streams leave nothing behind: no open streams,
 * no backend calls, direct memory back near its warm baseline, and Netty's leak detector in
 * paranoid mode (every buffer tracked) reports nothing.
 */
class H2LeakSoakTest {
  private static final int BATCHES = 12;
  private static final int PER_KIND = 80; // cancels per channel stay under the rapid-reset limit
  private static final long SLACK_BYTES = 16L * 1024 * 1024;
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static final Logger LEAK_LOG = Logger.getLogger(ResourceLeakDetector.class.getName());
  private static final Handler CAPTURE = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        LEAKS.add(record.getMessage());
      }
    }

    @Override
    public void flush() { }

    @Override
    public void close() { }
  };
  private static GrpcBackend backend;
  private static H2Fixture router;
  private static ResourceLeakDetector.Level previousLevel;

  @BeforeAll
  static void start() throws Exception {
    backend = new GrpcBackend("b1");
    router = H2Fixture.forwardingTo(exchange -> backend.port());
    // After Vert.x started: it turns leak detection off unless told otherwise.
    previousLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    LEAK_LOG.addHandler(CAPTURE);
    // Reports are captured and asserted here; the one dropped on purpose need not be printed.
    LEAK_LOG.setUseParentHandlers(false);
    listenForBufferLeaks();
  }

  /** Buffer leaks also go to a listener, in case Netty's log does not reach JUL. */
  private static void listenForBufferLeaks() throws ReflectiveOperationException {
    var field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    ResourceLeakDetector<ByteBuf> detector = (ResourceLeakDetector<ByteBuf>) field.get(null);
    detector.setLeakListener((type, records) -> LEAKS.add(type + " " + records));
  }

  @AfterAll
  static void stop() throws Exception {
    router.close();
    backend.close();
    LEAK_LOG.removeHandler(CAPTURE);
    LEAK_LOG.setUseParentHandlers(true);
    ResourceLeakDetector.setLevel(previousLevel);
  }

  private static long directBytes() {
    long netty = PlatformDependent.usedDirectMemory();
    long total = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        total = pool.getMemoryUsed();
      }
    }
    return Math.max(netty, 0) + total;
  }

  private static long settledDirectBytes() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return directBytes();
  }

  @Test
  void cancelledAndFailedStreamsLeaveNothingBehind() throws Exception {
    assertInstanceOf(JdkLoggerFactory.class, InternalLoggerFactory.getDefaultFactory(),
        "leak reports are captured from java.util.logging");
    detectorReportsADroppedBuffer();
    batch(); // warm: connections, pools, classes
    long baseline = settledDirectBytes();

    for (int i = 0; i < BATCHES; i++) {
      batch();
    }

    H2Fixture.await("no stream open on the frontend", () -> router.frontend.openStreams() == 0);
    H2Fixture.await("no call open on the backend", () -> backend.active.get() == 0);
    batch(); // allocations after GC make the detector report what it found
    long after = settledDirectBytes();
    assertTrue(after <= baseline + SLACK_BYTES,
        "direct memory grew from " + baseline + " to " + after + " bytes");
    assertEquals(List.of(), LEAKS);
    assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
    // A stream is counted when the router has finished it, which may follow the client's close.
    long expected = (BATCHES + 2L) * 3 * PER_KIND;
    H2Fixture.await("every stream counted", () -> router.counter("server/requests") == expected);
    assertEquals(expected, router.counter("server/requests"));
  }

  /** The capture works: a buffer dropped on purpose is reported, then forgotten. */
  private static void detectorReportsADroppedBuffer() {
    io.netty.buffer.Unpooled.directBuffer(16).writeByte(1); // never released
    H2Fixture.await("the detector reports a dropped buffer", () -> {
      System.gc();
      io.netty.buffer.Unpooled.directBuffer(16).release(); // tracking polls for collected leaks
      return !LEAKS.isEmpty();
    });
    LEAKS.clear();
  }

  /** On a fresh channel: PER_KIND cancelled streams, failed calls and expired deadlines. */
  private static void batch() throws Exception {
    ManagedChannel channel = router.channel();
    try {
      Semaphore inFlight = new Semaphore(32);
      List<CompletableFuture<Status>> all = new ArrayList<>();
      for (int i = 0; i < PER_KIND; i++) {
        all.add(limited(inFlight, () -> cancelledStream(channel)));
        all.add(limited(inFlight, () -> call(channel, EchoService.FAIL, CallOptions.DEFAULT,
            new Metadata())));
        Metadata context = new Metadata();
        long now = System.currentTimeMillis() * 1_000_000L;
        context.put(Metadata.Key.of("l5d-ctx-deadline", Metadata.ASCII_STRING_MARSHALLER),
            now + " " + (now + TimeUnit.MILLISECONDS.toNanos(20)));
        all.add(limited(inFlight, () -> call(channel, EchoService.HANG, CallOptions.DEFAULT,
            context)));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      for (CompletableFuture<Status> status : all) {
        assertTrue(!status.join().isOk(), status.join().toString());
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static CompletableFuture<Status> limited(Semaphore inFlight,
      java.util.function.Supplier<CompletableFuture<Status>> call) throws InterruptedException {
    inFlight.acquire();
    CompletableFuture<Status> result = call.get();
    result.whenComplete((s, e) -> inFlight.release());
    return result;
  }

  /** A server stream of 64 KiB messages, cancelled by the client after its first message. */
  private static CompletableFuture<Status> cancelledStream(ManagedChannel channel) {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(EchoService.SERVER_STREAM, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        call.cancel("soak", null);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(utf8("-1,65536"));
    call.halfClose();
    return closed;
  }

  private static CompletableFuture<Status> call(ManagedChannel channel,
      io.grpc.MethodDescriptor<byte[], byte[]> method, CallOptions options, Metadata headers) {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(headers)).newCall(method, options);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(new byte[0]);
    call.halfClose();
    return closed;
  }
}
