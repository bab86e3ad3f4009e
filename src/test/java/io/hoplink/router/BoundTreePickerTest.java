package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hoplink.naming.Addr;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Weighted unions split exactly, by smooth weighted round-robin; exact counts, no tolerance. */
class BoundTreePickerTest {
  private static final Name.Bound A = bound("/#/io.l5d.fs/a");
  private static final Name.Bound B = bound("/#/io.l5d.fs/b");
  private static final Name.Bound C = bound("/#/io.l5d.fs/c");

  @Test
  void ninetyTenSplitsExactlyInEveryHundredSequentialPicks() {
    BoundTreePicker picker = BoundTreePicker.of(union(0.9, leaf(A), 0.1, leaf(B)));
    for (int block = 0; block < 5; block++) {
      assertEquals(Map.of(A, 90, B, 10), counts(picker, 100));
    }
    // Smooth: any 100 in a row, wherever they start, and no run of B.
    picker.pick();
    assertEquals(Map.of(A, 90, B, 10), counts(picker, 100));
    assertEquals(Map.of(A, 9, B, 1), counts(picker, 10));
  }

  @Test
  void weightsOneTwoThreeSplitExactly() {
    BoundTreePicker picker = BoundTreePicker.of(new NameTree.Union<>(List.of(
        new NameTree.Weighted<>(1, leaf(A)), new NameTree.Weighted<>(2, leaf(B)),
        new NameTree.Weighted<>(3, leaf(C)))));
    assertEquals(Map.of(A, 100, B, 200, C, 300), counts(picker, 600));
    assertEquals(Map.of(A, 1, B, 2, C, 3), counts(picker, 6));
  }

  @Test
  void aBranchThatBindsToNothingGivesItsWeightToTheOthers() {
    NameTree<Name.Bound> tree = new NameTree.Union<>(List.of(
        new NameTree.Weighted<>(0.5, leaf(A)), new NameTree.Weighted<>(0.3, NameTree.neg()),
        new NameTree.Weighted<>(0.1, NameTree.fail()), new NameTree.Weighted<>(0.1, NameTree.empty()),
        new NameTree.Weighted<>(0.2, leaf(B))));
    assertEquals(Map.of(A, 500, B, 200), counts(BoundTreePicker.of(tree), 700));
    assertEquals(Map.of(B, 100),
        counts(BoundTreePicker.of(union(0.9, NameTree.neg(), 0.1, leaf(B))), 100));
  }

  @Test
  void nestedUnionsSplitTheirShareExactly() {
    NameTree<Name.Bound> tree = union(0.5, leaf(A), 0.5, union(0.25, leaf(B), 0.75, leaf(C)));
    assertEquals(Map.of(A, 400, B, 100, C, 300), counts(BoundTreePicker.of(tree), 800));
    NameTree<Name.Bound> inAlt = union(0.9, NameTree.alt(NameTree.neg(), leaf(A)),
        0.1, NameTree.alt(union(1, NameTree.neg(), 1, NameTree.empty()), leaf(B)));
    assertEquals(Map.of(A, 90, B, 10), counts(BoundTreePicker.of(inAlt), 100));
  }

  @Test
  void zeroWeightsAreNeverPicked() {
    assertEquals(Map.of(A, 100), counts(BoundTreePicker.of(union(1, leaf(A), 0, leaf(B))), 100));
    assertEquals(Map.of(B, 100), counts(BoundTreePicker.of(union(0, leaf(A), 1, leaf(B))), 100));
    assertEquals(Map.of(A, 10), counts(BoundTreePicker.of(union(0, leaf(A), 0, leaf(B))), 10),
        "no weight anywhere: the first branch, as before");
  }

  @Test
  void threadsPickingTogetherKeepTheExactSplit() throws Exception {
    BoundTreePicker picker = BoundTreePicker.of(
        union(0.9, union(1, leaf(A), 2, leaf(B)), 0.1, leaf(C)));
    int threads = 8;
    int picksEach = 30 * 1000; // a whole number of 30-pick cycles in all
    Map<Name.Bound, AtomicInteger> counts = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        Map<Name.Bound, Integer> mine = new HashMap<>();
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < picksEach; i++) {
          mine.merge(picker.pick(), 1, Integer::sum);
        }
        mine.forEach((b, n) -> counts.computeIfAbsent(b, k -> new AtomicInteger()).addAndGet(n));
      });
      thread.start();
      running.add(thread);
    }
    start.countDown();
    for (Thread thread : running) {
      thread.join();
    }
    int total = threads * picksEach;
    assertEquals(total * 3 / 10, counts.get(A).get());
    assertEquals(total * 6 / 10, counts.get(B).get());
    assertEquals(total / 10, counts.get(C).get());
  }

  @Test
  void altTakesTheFirstBranchThatBindsAndStopsAtFailure() {
    assertEquals(B, BoundTreePicker.of(NameTree.alt(NameTree.neg(), leaf(B))).pick());
    assertEquals(B, BoundTreePicker.of(NameTree.alt(NameTree.empty(), leaf(B))).pick());
    assertNull(BoundTreePicker.of(NameTree.alt(NameTree.fail(), leaf(B))).pick());
  }

  @Test
  void negativeFailedAndEmptyTreesBindToNothing() {
    assertNull(BoundTreePicker.of(NameTree.neg()).pick());
    assertNull(BoundTreePicker.of(NameTree.fail()).pick());
    assertNull(BoundTreePicker.of(NameTree.empty()).pick());
    assertNull(BoundTreePicker.of(union(1, NameTree.neg(), 1, NameTree.fail())).pick());
  }

  private static Map<Name.Bound, Integer> counts(BoundTreePicker picker, int picks) {
    Map<Name.Bound, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(picker.pick(), 1, Integer::sum);
    }
    return counts;
  }

  private static NameTree<Name.Bound> union(double w1, NameTree<Name.Bound> t1, double w2,
      NameTree<Name.Bound> t2) {
    return new NameTree.Union<>(List.of(new NameTree.Weighted<>(w1, t1),
        new NameTree.Weighted<>(w2, t2)));
  }

  private static NameTree<Name.Bound> leaf(Name.Bound bound) {
    return NameTree.leaf(bound);
  }

  private static Name.Bound bound(String id) {
    return new Name.Bound(Path.read(id), Path.empty(), Var.value(Addr.NEG));
  }
}
