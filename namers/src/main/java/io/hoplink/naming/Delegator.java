package io.hoplink.naming;

/** Explains a binding step by step, for the dtab playground ({@code /delegator.json}). */
public interface Delegator {
  /**
   * The full delegation of {@code path}: every dentry that applied, every alternative (not only
   * the one binding picks), and the current state of what each leaf is bound to.
   */
  DelegateTree delegate(Dtab dtab, Path path);
}
