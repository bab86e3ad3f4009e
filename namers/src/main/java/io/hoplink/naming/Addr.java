package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** What a bound name currently resolves to. */
public sealed interface Addr {
  /** A known set of endpoints (possibly empty). */
  record Bound(Set<Address> addresses) implements Addr {
    public Bound {
      addresses = Set.copyOf(requireNonNull(addresses, "addresses"));
    }
  }

  /** The name exists nowhere. */
  record Neg() implements Addr {}

  /** Not known yet: discovery has not answered. */
  record Pending() implements Addr {}

  /** Discovery failed and has no last good answer. */
  record Failed(String reason) implements Addr {
    public Failed {
      requireNonNull(reason, "reason");
    }
  }

  Addr NEG = new Neg();
  Addr PENDING = new Pending();

  static Addr bound(Set<Address> addresses) {
    return new Bound(addresses);
  }
}
