package io.hoplink.transformers;

import static io.hoplink.transformers.TransformerTesting.at;
import static io.hoplink.transformers.TransformerTesting.build;
import static io.hoplink.transformers.TransformerTesting.context;
import static io.hoplink.transformers.TransformerTesting.hostPorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameInterpreter;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.Path;
import io.hoplink.naming.Subscription;
import io.hoplink.naming.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransformersApplyTest {
  private final Var.Settable<Addr> helloAddr = Var.settable(Addr.bound(Set.of(at("10.0.0.1", 8080, null))));
  private final Var.Settable<Activity.State<NameTree<Name>>> hello = Var.settable(new Activity.Ok<>(
      NameTree.leaf(new Name.Bound(Path.read("/#/test/hello"), Path.empty(), helloAddr))));

  /** Binds /hello as above and /alias as a path to /svc/hello. */
  private final Namer namer = path -> {
    if (path.equals(Path.read("/hello"))) {
      return Activity.of(hello);
    }
    if (path.equals(Path.read("/alias"))) {
      return Activity.value(NameTree.leaf(Name.path(Path.read("/svc/hello"))));
    }
    return Activity.value(NameTree.neg());
  };

  private static final TransformerContext CTX = context(Map.of(), List.of(), () -> null);

  private static Name.Bound single(Activity.State<NameTree<Name.Bound>> state) {
    return ((NameTree.Leaf<Name.Bound>) ((Activity.Ok<NameTree<Name.Bound>>) state).value()).value();
  }

  @Test
  void routerTransformersApplyInOrderToEveryBoundTreeAndFollowDiscovery() {
    NameInterpreter interpreter = Transformers.wrap(
        new ConfiguredNamersInterpreter(Map.of(Path.read("/#/test"), namer)), List.of(
            build(new SpecificHostTransformerPlugin(), "kind: io.l5d.specificHost\nhost: 10.0.0.1", CTX),
            build(new PortTransformerPlugin(), "kind: io.l5d.port\nport: 4141", CTX)));
    Activity<NameTree<Name.Bound>> bound =
        interpreter.bind(Dtab.read("/svc => /#/test"), Path.read("/svc/hello"));
    List<Activity.State<NameTree<Name.Bound>>> states = new ArrayList<>();
    Subscription sub = bound.observe(states::add);
    Name.Bound b = single(bound.current());
    assertEquals(Path.read("/%/io.l5d.port/4141/%/io.l5d.specificHost/#/test/hello"), b.id());
    Subscription addrSub = b.addr().observe(a -> {});
    assertEquals(Set.of("10.0.0.1:4141"), hostPorts(b.addr().get()));
    helloAddr.set(Addr.bound(Set.of(at("10.0.0.1", 8080, null), at("10.0.0.1", 8081, null),
        at("10.0.0.2", 8080, null))));
    assertEquals(Set.of("10.0.0.1:4141"), hostPorts(b.addr().get()));
    helloAddr.set(Addr.bound(Set.of(at("10.0.0.2", 8080, null))));
    assertEquals(Addr.NEG, b.addr().get());
    hello.set(new Activity.Ok<>(NameTree.neg()));
    assertTrue(states.get(states.size() - 1) instanceof Activity.Ok<NameTree<Name.Bound>> ok
        && ok.value() instanceof NameTree.Neg, states.toString());
    addrSub.close();
    sub.close();
  }

  @Test
  void namerTransformersApplyToBoundAnswersOnly() {
    Namer wrapped = Transformers.wrap(namer,
        List.of(build(new PortTransformerPlugin(), "kind: io.l5d.port\nport: 4141", CTX)));
    Activity.State<NameTree<Name>> state = wrapped.lookup(Path.read("/hello")).current();
    Name.Bound b = (Name.Bound) ((NameTree.Leaf<Name>) ((Activity.Ok<NameTree<Name>>) state).value()).value();
    assertEquals(Path.read("/%/io.l5d.port/4141/#/test/hello"), b.id());
    assertEquals(Set.of("10.0.0.1:4141"), hostPorts(b.addr().get()));
    assertEquals(new Activity.Ok<>(NameTree.leaf(Name.path(Path.read("/svc/hello")))),
        wrapped.lookup(Path.read("/alias")).current(), "a path is left for the interpreter");
    assertEquals(new Activity.Ok<>(NameTree.neg()), wrapped.lookup(Path.read("/nope")).current());
  }

  @Test
  void noTransformersLeaveTheInterpreterAndNamerAsTheyAre() {
    NameInterpreter interpreter = new ConfiguredNamersInterpreter(Map.of(Path.read("/#/test"), namer));
    assertTrue(Transformers.wrap(interpreter, List.of()) == interpreter);
    assertTrue(Transformers.wrap(namer, List.of()) == namer);
  }
}
