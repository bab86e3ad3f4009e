package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC app of the multi-node test: a grpc-java client of {@link Greeter} run as a process
 * inside a node's network namespace, sending to that node's grpc-outgoing router as an app with
 * {@code $(HOST_IP):4340} does. {@code GreeterClient <host:port> <call>...} makes the calls one
 * after another on one channel, each call {@code hello:<n>} (n unary calls), {@code count:<n>}
 * (one server-streaming call of n messages) or {@code missing:<name>}, and prints one line per
 * message or status: {@code <kind> TAB <status code> TAB <description> TAB <fields, TAB-separated>}.
 */
public final class GreeterClient {
  /** A line of output: a message ({@code code} 0) or a call's end. */
  record Result(String kind, int code, String description, Map<String, String> fields) {
    String field(String key) {
      return fields.getOrDefault(key, "");
    }
  }

  private final List<String> prefix;
  private final String target;

  /** @param prefix runs a program inside the node, e.g. {@code ip netns exec <ns>} */
  GreeterClient(List<String> prefix, String targetHostPort) {
    this.prefix = List.copyOf(prefix);
    this.target = targetHostPort;
  }

  /** Runs the client with these calls; returns its lines in order. */
  List<Result> run(String... calls) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    List<String> args = new ArrayList<>(List.of(target));
    args.addAll(List.of(calls));
    command.addAll(LoggedProcess.java(List.of("-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1"), GreeterClient.class, args.toArray(String[]::new)));
    Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!client.waitFor(60, TimeUnit.SECONDS)) {
      client.destroyForcibly();
      fail("the gRPC client did not end: " + out);
    }
    assertEquals(0, client.exitValue(), "the gRPC client failed:\n" + out);
    List<Result> results = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] parts = line.split("\t", -1);
      if (parts.length >= 3 && parts[1].matches("\\d+")) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 3; i < parts.length; i++) {
          int eq = parts[i].indexOf('=');
          if (eq > 0) {
            fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
          }
        }
        results.add(new Result(parts[0], Integer.parseInt(parts[1]), parts[2], fields));
      }
    }
    return results;
  }

  public static void main(String[] args) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forTarget(args[0]).usePlaintext().build();
    try {
      for (int i = 1; i < args.length; i++) {
        String[] call = args[i].split(":", 2);
        switch (call[0]) {
          case "hello" -> {
            for (int n = Integer.parseInt(call[1]); n > 0; n--) {
              unary("hello", channel, Greeter.HELLO, "hello");
            }
          }
          case "missing" -> unary("missing", channel, Greeter.MISSING, call[1]);
          case "count" -> count(channel, call[1]);
          default -> throw new IllegalArgumentException("unknown call " + args[i]);
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void unary(String kind, ManagedChannel channel,
      io.grpc.MethodDescriptor<String, String> method, String request) {
    try {
      print(kind, Status.OK, ClientCalls.blockingUnaryCall(channel, method, options(), request));
    } catch (StatusRuntimeException e) {
      print(kind, e.getStatus(), "");
    }
  }

  private static void count(ManagedChannel channel, String n) {
    try {
      Iterator<String> messages =
          ClientCalls.blockingServerStreamingCall(channel, Greeter.COUNT, options(), n);
      while (messages.hasNext()) {
        print("count", Status.OK, messages.next());
      }
      print("count-end", Status.OK, "");
    } catch (StatusRuntimeException e) {
      print("count-end", e.getStatus(), "");
    }
  }

  private static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static void print(String kind, Status status, String body) {
    String description = status.getDescription() == null ? "" : status.getDescription();
    System.out.println(kind + "\t" + status.getCode().value() + "\t"
        + description.replace('\t', ' ').replace('\n', ' ') + "\t" + body.replace('\n', '\t'));
    System.out.flush();
  }
}
