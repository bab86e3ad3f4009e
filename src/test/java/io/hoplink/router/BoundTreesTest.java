package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hoplink.naming.Addr;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoundTreesTest {
  private static final Name.Bound A = bound("/#/io.l5d.fs/a");
  private static final Name.Bound B = bound("/#/io.l5d.fs/b");

  @Test
  void weightedUnionSplitsTrafficByWeight() {
    NameTree<Name.Bound> tree = new NameTree.Union<>(List.of(
        new NameTree.Weighted<>(0.7, NameTree.leaf(A)),
        new NameTree.Weighted<>(0.3, NameTree.leaf(B))));
    SplittableRandom random = new SplittableRandom(11);
    Map<Name.Bound, Integer> counts = new HashMap<>();
    int picks = 20_000;
    for (int i = 0; i < picks; i++) {
      counts.merge(BoundTrees.pick(tree, random), 1, Integer::sum);
    }
    // Within 2 percentage points of the 70/30 split.
    assertEquals(0.7, counts.get(A) / (double) picks, 0.02);
    assertEquals(0.3, counts.get(B) / (double) picks, 0.02);
  }

  @Test
  void unionSkipsBranchesThatBindToNothing() {
    NameTree<Name.Bound> tree = new NameTree.Union<>(List.of(
        new NameTree.Weighted<>(0.9, NameTree.neg()),
        new NameTree.Weighted<>(0.1, NameTree.leaf(B))));
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100; i++) {
      assertEquals(B, BoundTrees.pick(tree, random));
    }
  }

  @Test
  void altTakesTheFirstBranchThatBindsAndStopsAtFailure() {
    SplittableRandom random = new SplittableRandom(1);
    assertEquals(B, BoundTrees.pick(NameTree.alt(NameTree.neg(), NameTree.leaf(B)), random));
    assertNull(BoundTrees.pick(NameTree.alt(NameTree.fail(), NameTree.leaf(B)), random));
  }

  @Test
  void negativeFailedAndEmptyTreesBindToNothing() {
    SplittableRandom random = new SplittableRandom(1);
    assertNull(BoundTrees.pick(NameTree.neg(), random));
    assertNull(BoundTrees.pick(NameTree.fail(), random));
    assertNull(BoundTrees.pick(NameTree.empty(), random));
  }

  private static Name.Bound bound(String id) {
    return new Name.Bound(Path.read(id), Path.empty(), Var.value(Addr.NEG));
  }
}
