package io.hoplink.router.lb;

import java.util.ArrayList;
import java.util.List;

/**
 * The last few errors of one endpoint (no connection, a reset, a response broken off: every
 * attempt it failed, requeued and retried ones too), newest first, for
 * {@code /client_state.json} and the dashboard. Bounded; written by whichever event loop's
 * attempt failed.
 */
public final class RecentErrors {
  public static final int CAPACITY = 5;
  /** Past this many characters a reason is cut: a peer's message is not ours to store whole. */
  static final int MAX_REASON = 300;

  /** One error: when (epoch milliseconds) and why. */
  public record Entry(long atMillis, String reason) {}

  private final Entry[] ring = new Entry[CAPACITY];
  private int next;
  private int count;

  public synchronized void add(long atMillis, String reason) {
    String kept = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
    ring[next] = new Entry(atMillis, kept);
    next = (next + 1) % CAPACITY;
    count = Math.min(count + 1, CAPACITY);
  }

  public synchronized List<Entry> newestFirst() {
    List<Entry> out = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      out.add(ring[(next - i + CAPACITY) % CAPACITY]);
    }
    return out;
  }
}
