package io.hoplink.naming;

import java.io.Closeable;

/** Stops an observation. Closing twice is harmless; closing never throws. */
@FunctionalInterface
public interface Subscription extends Closeable {
  @Override
  void close();

  Subscription NONE = () -> {};
}
