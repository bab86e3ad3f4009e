package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VarTest {
  @Test
  void observerGetsTheCurrentValueThenEachChange() {
    Var.Settable<Integer> v = Var.settable(1);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    Subscription sub = v.observe(seen::add);
    v.set(2);
    v.set(2);
    v.set(3);
    sub.close();
    v.set(4);
    assertEquals(List.of(1, 2, 3), seen);
    assertEquals(4, v.get());
    assertFalse(v.isObserved());
  }

  @Test
  void mappedActivityPassesPendingAndFailuresThrough() {
    Var.Settable<Activity.State<Integer>> states = Var.settable(new Activity.Pending<>());
    Activity<String> mapped = Activity.of(states).map(i -> "n" + i);
    assertEquals(new Activity.Pending<>(), mapped.current());
    states.set(new Activity.Ok<>(5));
    assertEquals(new Activity.Ok<>("n5"), mapped.current());
    states.set(new Activity.Failed<>("boom"));
    assertEquals(new Activity.Failed<>("boom"), mapped.current());
  }

  @Test
  void concurrentSettersNeverLeaveAnObserverBehind() throws Exception {
    Var.Settable<Integer> v = Var.settable(0);
    AtomicInteger last = new AtomicInteger(-1);
    AtomicInteger overlapping = new AtomicInteger();
    AtomicInteger inside = new AtomicInteger();
    v.observe(x -> {
      if (inside.incrementAndGet() > 1) {
        overlapping.incrementAndGet();
      }
      last.set(x);
      inside.decrementAndGet();
    });
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int base = t * 1000;
      threads[t] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 1; i <= 1000; i++) {
          v.set(base + i);
        }
      });
      threads[t].start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertEquals(0, overlapping.get(), "an observer is never called concurrently");
    assertEquals(v.get(), last.get(), "the observer ends on the final value");
    assertTrue(v.isObserved());
  }
}
