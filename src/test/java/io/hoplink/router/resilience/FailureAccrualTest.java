package io.hoplink.router.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.Counter;
import io.hoplink.naming.Address;
import io.hoplink.router.lb.Balancer;
import io.hoplink.router.lb.Node;
import io.hoplink.router.telemetry.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FailureAccrualTest {
  private final FakeClock clock = new FakeClock();
  private final Metrics metrics = Metrics.newTree();
  private final Node node = nodes(1).get(0);

  static List<Node> nodes(int n) {
    Balancer balancer = Balancer.p2c(new SplittableRandom(1));
    Set<Address> addresses = new java.util.LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      addresses.add(Address.of("10.0.0." + (i + 1), 80));
    }
    balancer.update(addresses);
    return balancer.nodes();
  }

  /** Five failures in a row; removed 1 s, then 2 s, then 3 s... */
  private FailureAccrual accrual() {
    return new FailureAccrual(() -> new StepPolicy(5), clock, metrics.scope("client", "x"));
  }

  private long counter(String name) {
    Counter c = (Counter) metrics.snapshot().get("client/x/failure_accrual/" + name);
    return c == null ? 0 : c.getCount();
  }

  private void fail(FailureAccrual accrual, int times) {
    for (int i = 0; i < times; i++) {
      accrual.dispatched(node);
      accrual.failed(node);
    }
  }

  @Test
  void aTrippedNodeIsClosedForTheBackoffThenOpenForOneProbe() {
    FailureAccrual accrual = accrual();
    fail(accrual, 4);
    assertEquals(Node.Status.OPEN, node.status());
    fail(accrual, 1);
    assertEquals(Node.Status.CLOSED, node.status());
    assertEquals(1, counter("removals"));
    assertEquals(1000, counter("removed_for_ms"));

    clock.advance(Duration.ofMillis(999));
    accrual.beforePick();
    assertEquals(Node.Status.CLOSED, node.status());
    clock.advance(Duration.ofMillis(1));
    accrual.beforePick();
    assertEquals(Node.Status.OPEN, node.status());
    assertEquals("probe open", accrual.state(node));

    accrual.dispatched(node);
    assertEquals(Node.Status.BUSY, node.status(), "no second request while the probe runs");
    assertEquals(1, counter("probes"));
    accrual.succeeded(node);
    assertEquals(Node.Status.OPEN, node.status());
    assertEquals(1, counter("revivals"));
    assertEquals("alive", accrual.state(node));
  }

  @Test
  void aFailedProbeRemovesTheNodeForTheNextBackoffStep() {
    FailureAccrual accrual = accrual();
    fail(accrual, 5);
    clock.advance(Duration.ofSeconds(1));
    accrual.beforePick();
    fail(accrual, 1);
    assertEquals(Node.Status.CLOSED, node.status());
    assertEquals(1, counter("removals"), "a failed probe is not a new removal");
    assertEquals(1000 + 2000, counter("removed_for_ms"));
    clock.advance(Duration.ofMillis(1999));
    accrual.beforePick();
    assertEquals(Node.Status.CLOSED, node.status());
    clock.advance(Duration.ofMillis(1));
    accrual.beforePick();
    assertEquals(Node.Status.OPEN, node.status());
  }

  @Test
  void aRevivedNodeStartsAfresh() {
    FailureAccrual accrual = accrual();
    fail(accrual, 5);
    clock.advance(Duration.ofSeconds(1));
    accrual.beforePick();
    accrual.dispatched(node);
    accrual.succeeded(node);
    fail(accrual, 4);
    assertEquals(Node.Status.OPEN, node.status(), "the count starts over after a revival");
    fail(accrual, 1);
    assertEquals(Node.Status.CLOSED, node.status());
    assertEquals(2, counter("removals"));
    assertEquals(2000, counter("removed_for_ms"), "and so does the backoff");
  }

  @Test
  void resultsOfRequestsToARemovedNodeDoNotCount() {
    FailureAccrual accrual = accrual();
    fail(accrual, 5);
    accrual.succeeded(node);
    accrual.failed(node);
    assertEquals(Node.Status.CLOSED, node.status());
    assertEquals(1000, counter("removed_for_ms"));
  }

  @Test
  void successesInBetweenKeepANodeIn() {
    FailureAccrual accrual = accrual();
    for (int i = 0; i < 100; i++) {
      fail(accrual, 4);
      accrual.succeeded(node);
    }
    assertEquals(Node.Status.OPEN, node.status());
    assertEquals(0, counter("removals"));
  }

  @Test
  void eachNodeIsJudgedOnItsOwn() {
    List<Node> two = nodes(2);
    FailureAccrual accrual = accrual();
    for (int i = 0; i < 5; i++) {
      accrual.failed(two.get(0));
      accrual.succeeded(two.get(1));
    }
    assertEquals(Node.Status.CLOSED, two.get(0).status());
    assertEquals(Node.Status.OPEN, two.get(1).status());
  }

  @Test
  void aNodeThatLeftIsForgotten() {
    FailureAccrual accrual = accrual();
    fail(accrual, 5);
    accrual.retain(List.of());
    assertEquals("alive", accrual.state(node));
    clock.advance(Duration.ofHours(1));
    accrual.beforePick(); // nothing left to revive
    assertEquals(Node.Status.CLOSED, node.status(), "a forgotten node is not touched again");
  }

  @Test
  void noneNeverRemovesAnything() {
    FailureAccrual accrual = new FailureAccrual(FailureAccrualPolicy::never, clock,
        metrics.scope("client", "x"));
    fail(accrual, 1000);
    assertEquals(Node.Status.OPEN, node.status());
    assertEquals(0, counter("removals"));
  }

  /** Consecutive failures with a backoff of 1 s, 2 s, 3 s... per run. */
  private static final class StepPolicy implements FailureAccrualPolicy {
    private final int limit;
    private int failures;
    private long step;

    StepPolicy(int limit) {
      this.limit = limit;
    }

    @Override
    public void recordSuccess() {
      failures = 0;
    }

    @Override
    public long markDeadOnFailure() {
      return ++failures >= limit ? ++step * 1000 : -1;
    }

    @Override
    public void revived() {
      failures = 0;
      step = 0;
    }
  }
}
