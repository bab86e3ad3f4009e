package io.hoplink.transformers;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.Path;
import java.util.List;
import java.util.function.Function;

/** A namer whose bound answers pass through its configured transformers. */
final class TransformingNamer implements Namer {
  private final Namer inner;
  private final List<NameTreeTransformer> transformers;
  private final List<Function<NameTree<Name>, Activity<NameTree<Name>>>> steps;

  TransformingNamer(Namer inner, List<NameTreeTransformer> transformers) {
    this.inner = inner;
    this.transformers = transformers;
    this.steps = transformers.stream().map(TransformingNamer::step).toList();
  }

  private static Function<NameTree<Name>, Activity<NameTree<Name>>> step(NameTreeTransformer t) {
    return tree -> {
      NameTree<Name.Bound> bound = Transformers.ifBound(tree);
      if (bound == null) {
        return Activity.value(tree);
      }
      return t.transform(bound).map(TransformingNamer::widen);
    };
  }

  @SuppressWarnings("unchecked")
  private static NameTree<Name> widen(NameTree<Name.Bound> tree) {
    return (NameTree<Name>) (NameTree<?>) tree;
  }

  @Override
  public Activity<NameTree<Name>> lookup(Path path) {
    Activity<NameTree<Name>> answer = inner.lookup(path);
    for (Function<NameTree<Name>, Activity<NameTree<Name>>> step : steps) {
      answer = answer.flatMap(step);
    }
    return answer;
  }

  @Override
  public Object state() {
    return inner.state();
  }

  @Override
  public void close() {
    transformers.forEach(NameTreeTransformer::close);
    inner.close();
  }
}
