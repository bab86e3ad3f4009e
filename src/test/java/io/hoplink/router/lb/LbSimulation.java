package io.hoplink.router.lb;

import io.hoplink.config.LoadBalancerConfig;
import io.hoplink.naming.Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * An event-driven simulation on a fake clock: requests arrive at a fixed rate, the balancer
 * picks a backend for each, and each backend answers after a latency the scenario draws. Many
 * requests are in flight at once, so load-aware balancers see real pending counts and RTTs.
 */
final class LbSimulation {
  /** The latency of one request to {@code backend} sent at {@code nowNanos}. */
  interface Latency {
    long nanos(int backend, long nowNanos, SplittableRandom random);
  }

  /** Every request of a run: when it started (since the run began), where, and how long. */
  record Result(String name, long[] start, int[] backend, long[] latency) {
    int requests() {
      return start.length;
    }

    /** The latency at quantile {@code q} (0.99 for p99), in milliseconds. */
    double quantileMs(double q) {
      long[] sorted = latency.clone();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(index, 0)] / 1e6;
    }

    /** The fraction of requests answered within {@code timeout}. */
    double success(Duration timeout) {
      long ok = Arrays.stream(latency).filter(l -> l <= timeout.toNanos()).count();
      return ok / (double) latency.length;
    }

    /** The fraction of the requests started in [from, to) that went to {@code backend}. */
    double share(int backend, Duration from, Duration to) {
      int all = 0;
      int to_ = 0;
      for (int i = 0; i < start.length; i++) {
        if (start[i] >= from.toNanos() && start[i] < to.toNanos()) {
          all++;
          if (this.backend[i] == backend) {
            to_++;
          }
        }
      }
      return to_ / (double) all;
    }
  }

  private record Completion(long at, Node node, int request) {}

  private LbSimulation() {}

  static Result run(String name, LoadBalancerConfig config, int backends, Duration interval,
      Duration length, Latency latency, long seed) {
    FakeClock clock = new FakeClock();
    long epoch = clock.getAsLong();
    Balancer balancer = Lb.balancer(config, seed, clock);
    balancer.update(Lb.addresses(backends));
    Map<Address, Integer> index = new HashMap<>();
    for (int i = 0; i < backends; i++) {
      index.put(Lb.node(balancer, i).address(), i);
    }
    SplittableRandom random = new SplittableRandom(seed * 31 + 7);
    int n = (int) (length.toNanos() / interval.toNanos());
    long[] start = new long[n];
    int[] backend = new int[n];
    long[] took = new long[n];
    PriorityQueue<Completion> inFlight = new PriorityQueue<>(
        (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Integer.compare(a.request, b.request));
    for (int i = 0; i < n; i++) {
      long arrival = epoch + i * interval.toNanos();
      while (!inFlight.isEmpty() && inFlight.peek().at <= arrival) {
        complete(inFlight.poll(), clock, took);
      }
      clock.advanceNanos(arrival - clock.getAsLong());
      Node node = balancer.pick();
      node.begin();
      int b = index.get(node.address());
      start[i] = arrival - epoch;
      backend[i] = b;
      took[i] = latency.nanos(b, arrival - epoch, random);
      inFlight.add(new Completion(arrival + took[i], node, i));
    }
    while (!inFlight.isEmpty()) {
      complete(inFlight.poll(), clock, took);
    }
    return new Result(name, start, backend, took);
  }

  private static void complete(Completion done, FakeClock clock, long[] took) {
    clock.advanceNanos(done.at - clock.getAsLong());
    done.node.end(took[done.request]);
  }
}
