package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CombinatorsTest {
  @Test
  void combinedVarFollowsBothInputsWhileObservedOnly() {
    Var.Settable<Integer> a = Var.settable(1);
    Var.Settable<Integer> b = Var.settable(10);
    Var<Integer> sum = Var.combine(a, b, Integer::sum);
    assertEquals(11, sum.get());
    assertFalse(a.isObserved());
    List<Integer> seen = new ArrayList<>();
    Subscription sub = sum.observe(seen::add);
    assertTrue(a.isObserved() && b.isObserved());
    a.set(2);
    b.set(20);
    assertEquals(List.of(11, 12, 22), seen);
    assertEquals(22, sum.get());
    sub.close();
    assertFalse(a.isObserved() || b.isObserved(), "the inputs are released");
    a.set(3);
    assertEquals(23, sum.get());
    assertEquals(List.of(11, 12, 22), seen);
  }

  @Test
  void flatMapFollowsTheMadeActivityAndRemakesItOnlyForANewValue() {
    Var.Settable<Activity.State<String>> outer = Var.settable(new Activity.Ok<>("a"));
    Var.Settable<Activity.State<Integer>> inner = Var.settable(new Activity.Ok<>(1));
    AtomicInteger made = new AtomicInteger();
    Activity<Integer> flat = Activity.of(outer).flatMap(value -> {
      made.incrementAndGet();
      return Activity.of(inner).map(n -> n * (value.equals("a") ? 1 : 100));
    });
    List<Activity.State<Integer>> seen = new ArrayList<>();
    Subscription sub = flat.observe(seen::add);
    inner.set(new Activity.Ok<>(2));
    outer.set(new Activity.Ok<>("b"));
    outer.set(new Activity.Pending<>());
    assertEquals(List.of(new Activity.Ok<>(1), new Activity.Ok<>(2), new Activity.Ok<>(200),
        new Activity.Pending<>()), seen);
    assertEquals(2, made.get(), "made once for 'a' and once for 'b'");
    sub.close();
    assertFalse(inner.isObserved());
  }
}
