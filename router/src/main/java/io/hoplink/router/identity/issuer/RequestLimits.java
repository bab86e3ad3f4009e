package io.hoplink.router.identity.issuer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many requests the issuer takes: token buckets for all clients together ({@code perSec},
 * a burst of as many) and for each client address ({@code perClientPerMin}, a burst of as many).
 * The addresses remembered are bounded: the least recently seen is forgotten first, and a
 * forgotten client starts with a full bucket (the shared bucket still holds). Time is passed in.
 */
final class RequestLimits {
  static final int MAX_CLIENTS = 10_000;

  /** Tokens refilled continuously up to a capacity; one request takes one. */
  private static final class Bucket {
    final double capacity;
    final double perNano;
    double tokens;
    long at;

    Bucket(double capacity, double perSecond, long now) {
      this.capacity = capacity;
      this.perNano = perSecond / 1e9;
      this.tokens = capacity;
      this.at = now;
    }

    boolean take(long now) {
      tokens = Math.min(capacity, tokens + (now - at) * perNano);
      at = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  private final int perClientPerMin;
  private final LongSupplier nanoTime;
  private final Bucket all;
  private final Map<String, Bucket> clients = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  RequestLimits(int perSec, int perClientPerMin, LongSupplier nanoTime) {
    if (perSec < 1 || perClientPerMin < 1) {
      throw new IllegalArgumentException("limits " + perSec + "/s, " + perClientPerMin
          + "/min (expected: at least 1)");
    }
    this.perClientPerMin = perClientPerMin;
    this.nanoTime = nanoTime;
    this.all = new Bucket(perSec, perSec, nanoTime.getAsLong());
  }

  /** Null if a request from {@code client} may go on now, else which limit it is over. */
  synchronized String admit(String client) {
    long now = nanoTime.getAsLong();
    Bucket own = clients.computeIfAbsent(client,
        c -> new Bucket(perClientPerMin, perClientPerMin / 60.0, now));
    if (!own.take(now)) {
      return "over " + perClientPerMin + " requests a minute from " + client;
    }
    if (!all.take(now)) {
      own.tokens = Math.min(own.capacity, own.tokens + 1); // not this client's doing
      return "over " + (long) all.capacity + " requests a second from all clients";
    }
    return null;
  }
}
