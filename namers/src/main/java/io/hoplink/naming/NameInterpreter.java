package io.hoplink.naming;

/** Turns a path into a bound tree through a dtab and the namers. */
public interface NameInterpreter {
  /**
   * The bound tree for {@code path} under {@code dtab}, updated when discovery changes. The
   * values are simplified: no negative branches and no {@link NameTree.Alt} left (the first
   * non-negative alternative has been chosen).
   */
  Activity<NameTree<Name.Bound>> bind(Dtab dtab, Path path);
}
