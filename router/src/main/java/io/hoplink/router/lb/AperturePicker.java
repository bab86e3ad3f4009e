package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Finagle's aperture with its load band: p2c inside a window of the first {@code aperture}
 * nodes of a fixed random order (OPEN nodes first, so the window covers available nodes).
 * Every begin and end updates an exponential moving average of the total outstanding
 * requests over {@code smoothWindow}; when that average per window node is at or below
 * {@code lowLoad} the window narrows by one node (never below {@code minAperture}), at or
 * above {@code highLoad} it widens by one. Nodes outside the window get no requests, so the
 * upstream pool opens connections to the window's nodes only.
 */
final class AperturePicker implements Picker {
  private static final Comparator<Node> ORDER =
      Comparator.<Node>comparingInt(n -> n.status() == Node.Status.OPEN ? 0 : 1)
          .thenComparingInt(Node::token);

  private final RandomGenerator random;
  private final LongSupplier nanoTime;
  private final double smoothWindow;
  private final double lowLoad;
  private final double highLoad;
  private final int minAperture;
  private volatile Node[] ordered = new Node[0];
  private volatile int aperture;
  // The load band, guarded by this.
  private int total;
  private double ema;
  private long stamp;
  private boolean observed;

  AperturePicker(RandomGenerator random, LongSupplier nanoTime, Duration smoothWindow,
      double lowLoad, double highLoad, int minAperture) {
    this.random = requireNonNull(random, "random");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.smoothWindow = requireNonNull(smoothWindow, "smoothWindow").toNanos();
    if (!(lowLoad < highLoad) || minAperture < 1) {
      throw new IllegalArgumentException("need lowLoad < highLoad and minAperture >= 1");
    }
    this.lowLoad = lowLoad;
    this.highLoad = highLoad;
    this.minAperture = minAperture;
    this.aperture = minAperture;
  }

  @Override
  public Node pick() {
    Node[] current = ordered;
    return P2cPicker.pick(current, Math.min(aperture, current.length), random);
  }

  /** The window's size now. */
  int aperture() {
    return Math.min(aperture, ordered.length);
  }

  @Override
  public synchronized void rebuild(Node[] nodes) {
    Node[] next = nodes.clone();
    Arrays.sort(next, ORDER);
    ordered = next;
    aperture = Math.max(Math.min(minAperture, next.length), Math.min(aperture, next.length));
  }

  @Override
  public synchronized void statusChanged(Node node) {
    Node[] next = ordered.clone();
    Arrays.sort(next, ORDER);
    ordered = next;
  }

  @Override
  public synchronized void loadChanged(Node node, int delta) {
    total += delta;
    long now = nanoTime.getAsLong();
    if (!observed) {
      ema = total;
      observed = true;
    } else {
      double w = smoothWindow == 0 ? 0 : Math.exp(-Math.max(now - stamp, 0) / smoothWindow);
      ema = total * (1 - w) + ema * w;
    }
    stamp = now;
    int width = aperture;
    int n = ordered.length;
    double perNode = ema / Math.max(width, 1);
    if (perNode >= highLoad && width < n) {
      aperture = width + 1;
    } else if (perNode <= lowLoad && width > Math.min(minAperture, n)) {
      aperture = width - 1;
    }
  }

  @Override
  public String toString() {
    return "Aperture(window=" + aperture() + ")";
  }
}
