package io.hoplink.bench;

import io.hoplink.config.LoadBalancerConfig;
import io.hoplink.naming.Address;
import io.hoplink.router.lb.Balancer;
import io.hoplink.router.lb.BalancerEvents;
import io.hoplink.router.lb.Node;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of choosing an endpoint: {@code pick} alone, and {@code request} (pick, begin, end
 * with an RTT: what every proxied request adds, including the heap's sifts and the aperture's
 * load band). Each balancer starts with uneven load: a few requests outstanding on every node
 * and, for ewma, RTTs observed. Run with {@code src/test/bench/lb-jmh.sh} (adds -prof gc).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LbPickBenchmark {
  @Param({"p2c", "ewma", "aperture", "heap", "roundRobin"})
  public String kind;

  @Param({"10", "100", "1000"})
  public int endpoints;

  private Balancer balancer;

  @Setup
  public void setUp() {
    RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    balancer = Balancer.of(config(kind), random, System::nanoTime, BalancerEvents.NONE);
    Set<Address> addresses = new LinkedHashSet<>();
    for (int i = 0; i < endpoints; i++) {
      addresses.add(Address.of("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 80));
    }
    balancer.update(addresses);
    SplittableRandom seeded = new SplittableRandom(1);
    List<Node> nodes = balancer.nodes();
    for (Node node : nodes) {
      for (int i = seeded.nextInt(4); i >= 0; i--) {
        node.begin();
      }
      node.begin();
      node.end(1_000_000 + seeded.nextLong(9_000_000));
    }
  }

  private static LoadBalancerConfig config(String kind) {
    return switch (kind) {
      case "p2c" -> LoadBalancerConfig.defaults();
      case "ewma" -> new LoadBalancerConfig.Ewma(Duration.ofSeconds(10), 5, false);
      // minAperture 10: the window spans at least ten nodes whatever the load band says.
      case "aperture" -> new LoadBalancerConfig.Aperture(Duration.ofSeconds(5), 5, 0.5, 2.0, 10, false);
      case "heap" -> new LoadBalancerConfig.Heap(false);
      case "roundRobin" -> new LoadBalancerConfig.RoundRobin(5, false);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @Benchmark
  public Node pick() {
    return balancer.pick();
  }

  @Benchmark
  public Node request() {
    Node node = balancer.pick();
    node.begin();
    node.end(5_000_000);
    return node;
  }
}
