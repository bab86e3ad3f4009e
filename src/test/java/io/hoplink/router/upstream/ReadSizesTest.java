package io.hoplink.router.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Netty's read-size guess stands while direct memory is plentiful, and is cut when it is not. */
class ReadSizesTest {
  private static final long MIB = 1 << 20;
  private static final int KIB = 1024;

  private final AtomicLong used = new AtomicLong();
  private final ReadSizes sizes = new ReadSizes(new DirectMemory(used::get, 64 * MIB));

  @Test
  void aGuessStandsWhileAtMostASixteenthOfTheCeilingIsInUse() {
    used.set(4 * MIB);
    assertEquals(256 * KIB, sizes.cut(256 * KIB));
  }

  @Test
  void pastASixteenthALargeGuessIsCutToTheScarceSize() {
    used.set(4 * MIB + 1);
    assertEquals(32 * KIB, sizes.cut(256 * KIB));
    assertEquals(32 * KIB, sizes.cut(64 * KIB));
    assertEquals(24 * KIB, sizes.cut(24 * KIB), "smaller ones stand");
    used.set(MIB);
    assertEquals(256 * KIB, sizes.cut(256 * KIB), "once memory is freed");
  }

  @Test
  void withNoKnownCeilingLargeGuessesAreCut() {
    ReadSizes unknown = new ReadSizes(new DirectMemory(() -> 1, 0));
    assertEquals(32 * KIB, unknown.cut(256 * KIB));
    assertEquals(2 * KIB, unknown.cut(2 * KIB));
  }
}
