package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameTreeTest {
  @ParameterizedTest(name = "{0} simplifies to {1}")
  @CsvSource(delimiter = ';', value = {
      "/a | /b;                 /a | /b",
      "~ | /b;                  /b",
      "~ | ~;                   ~",
      "! | /b;                  !",
      "/a | ! | /b;             /a | !",
      "$ | /b;                  $ | /b",
      "0.7*/a & 0.3*~;          /a",
      "0.7*/a & 0.3*/b;         0.70*/a & 0.30*/b",
      "0.5*~ & 0.5*~;           ~",
      "0.5*! & 0.5*/b;          /b",
      "(~ | /a) & (~ | /b);     /a & /b",
  })
  void simplifiesAsFinagleDoes(String tree, String simplified) {
    assertEquals(simplified.strip(), NameTree.read(tree.strip()).simplified().show());
  }

  @ParameterizedTest(name = "{0} evaluates to {1}")
  @CsvSource(delimiter = ';', value = {
      "/a | /b;               a",
      "~ | /b;                b",
      "! | /b;                NONE",
      "~;                     NONE",
      "$ | /b;                ''",
      "/a & /b | /c;          a b",
      "~ & /b;                b",
      "~ & ~ | /c;            c",
      "! & /b;                b",
  })
  void evaluatesToTheFirstNonNegativeAlternative(String tree, String leaves) {
    Optional<Set<String>> result = NameTree.read(tree.strip()).map(p -> p.get(0)).eval();
    String shown = result.map(set -> set.stream().sorted().collect(Collectors.joining(" ")))
        .orElse("NONE");
    assertEquals(leaves.strip(), shown);
  }
}
