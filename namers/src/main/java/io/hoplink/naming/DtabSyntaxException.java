package io.hoplink.naming;

/**
 * A dtab or path that does not parse: {@link #problem()} says what was expected and found,
 * {@link #offset()} where in the text (0-based); the message adds the whole text.
 */
public final class DtabSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final int offset;

  DtabSyntaxException(String problem, int offset, String text) {
    super(problem + " at offset " + offset + " in '" + text + "'");
    this.problem = problem;
    this.offset = offset;
  }

  /** What was expected and what was found, without the position. */
  public String problem() {
    return problem;
  }

  public int offset() {
    return offset;
  }
}
