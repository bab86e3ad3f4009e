// A grpc-java load client for h2-bench.sh: CONCURRENCY unary calls of test.Echo/Unary kept in
// flight on one channel for DURATION seconds after WARMUP seconds, then one line:
//   rps=<calls/s> p50_ms=<> p99_ms=<> errors=<n>
//   java -cp CLASSPATH src/test/bench/GrpcLoad.java HOST:PORT CONCURRENCY DURATION [WARMUP] [BYTES]

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public final class GrpcLoad {
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<byte[], byte[]> UNARY = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("test.Echo/Unary")
      .setRequestMarshaller(BYTES)
      .setResponseMarshaller(BYTES)
      .build();

  /** Latencies in microseconds of the measured calls, per worker, grown as needed. */
  static final class Worker {
    long[] micros = new long[1 << 16];
    int count;

    void add(long value) {
      if (count == micros.length) {
        micros = Arrays.copyOf(micros, count * 2);
      }
      micros[count++] = value;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: java GrpcLoad.java HOST:PORT CONCURRENCY DURATION [WARMUP] [BYTES]");
      System.exit(2);
    }
    String[] target = args[0].split(":");
    int concurrency = Integer.parseInt(args[1]);
    long duration = TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
    long warmup = TimeUnit.SECONDS.toNanos(args.length > 3 ? Long.parseLong(args[3]) : 3);
    byte[] request = new byte[args.length > 4 ? Integer.parseInt(args[4]) : 16];
    ManagedChannel channel = NettyChannelBuilder.forAddress(target[0], Integer.parseInt(target[1]))
        .usePlaintext().build();
    long start = System.nanoTime();
    long measureFrom = start + warmup;
    long stopAt = measureFrom + duration;
    AtomicLong errors = new AtomicLong();
    Worker[] workers = new Worker[concurrency];
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      workers[i] = new Worker();
      next(channel, request, workers[i], measureFrom, stopAt, errors, done);
    }
    if (!done.await(duration + warmup + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
      System.err.println("calls did not finish");
      System.exit(1);
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    long[] all = Arrays.stream(workers).flatMapToLong(w -> Arrays.stream(w.micros, 0, w.count))
        .sorted().toArray();
    double seconds = duration / 1e9;
    System.out.printf("rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d%n", all.length / seconds,
        percentile(all, 0.50) / 1000.0, percentile(all, 0.99) / 1000.0, errors.get());
  }

  static long percentile(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  /** One call; when it ends, the next, until stopAt. */
  static void next(ManagedChannel channel, byte[] request, Worker worker, long measureFrom,
      long stopAt, AtomicLong errors, CountDownLatch done) {
    long begin = System.nanoTime();
    if (begin >= stopAt) {
      done.countDown();
      return;
    }
    ClientCalls.asyncUnaryCall(channel.newCall(UNARY, CallOptions.DEFAULT), request,
        new StreamObserver<>() {
          @Override
          public void onNext(byte[] value) { }

          @Override
          public void onError(Throwable t) {
            errors.incrementAndGet();
            next(channel, request, worker, measureFrom, stopAt, errors, done);
          }

          @Override
          public void onCompleted() {
            long end = System.nanoTime();
            if (begin >= measureFrom && end <= stopAt) {
              synchronized (worker) {
                worker.add((end - begin) / 1000);
              }
            }
            next(channel, request, worker, measureFrom, stopAt, errors, done);
          }
        });
  }
}
