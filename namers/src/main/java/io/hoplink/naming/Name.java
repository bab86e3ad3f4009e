package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

/** What a lookup returns: a path to delegate further, or a name bound to endpoints. */
public sealed interface Name permits Name.Path, Name.Bound {

  /** A path that goes through the dtab and namers again. */
  record Path(io.hoplink.naming.Path path) implements Name {
    public Path {
      requireNonNull(path, "path");
    }
  }

  /**
   * A name bound to a changing set of endpoints.
   *
   * @param id the bound name, such as {@code /#/io.l5d.fs/hello}; clients are keyed by it
   * @param residual what is left of the looked-up path after the bound part
   * @param addr the endpoints, updated by the namer
   */
  record Bound(io.hoplink.naming.Path id, io.hoplink.naming.Path residual, Var<Addr> addr)
      implements Name {
    public Bound {
      requireNonNull(id, "id");
      requireNonNull(residual, "residual");
      requireNonNull(addr, "addr");
    }

    /** Two bound names are the same name when id and residual agree (as in Finagle). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Bound b && b.id.equals(id) && b.residual.equals(residual);
    }

    @Override
    public int hashCode() {
      return id.hashCode() * 31 + residual.hashCode();
    }

    @Override
    public String toString() {
      return "Bound(" + id.show() + ", " + residual.show() + ")";
    }
  }

  static Name path(io.hoplink.naming.Path path) {
    return new Path(path);
  }
}
