package io.hoplink.namers.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackendBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How {@code io.l5d.ingress} matches a request, with the cases of Linkerd 1.7.5's
 * IngressCacheTest (each named) and networking.k8s.io/v1's path types, wildcard hosts and
 * {@code spec.ingressClassName}.
 */
class IngressRulesTest {
  private static final String HOST = "myhost";

  /** One rule: {@code host} (null: any), then {@code path type service} triples. */
  static Ingress ingress(String name, String created, Map<String, String> annotations, String host,
      String defaultService, String... pathTypeService) {
    List<io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath> paths = new ArrayList<>();
    for (int i = 0; i < pathTypeService.length; i += 3) {
      paths.add(new HTTPIngressPathBuilder().withPath(pathTypeService[i])
          .withPathType(pathTypeService[i + 1]).withBackend(backend(pathTypeService[i + 2], "80"))
          .build());
    }
    IngressBuilder builder = new IngressBuilder().withNewMetadata().withName(name)
        .withNamespace("srv").withCreationTimestamp(created).withAnnotations(annotations)
        .endMetadata().withNewSpec()
        .withRules(new IngressRuleBuilder().withHost(host).withNewHttp().withPaths(paths)
            .endHttp().build())
        .endSpec();
    if (defaultService != null) {
      builder.editSpec().withDefaultBackend(backend(defaultService, "http")).endSpec();
    }
    return builder.build();
  }

  private static IngressBackend backend(String service, String port) {
    IngressBackendBuilder b = new IngressBackendBuilder();
    return port.chars().allMatch(Character::isDigit)
        ? b.withNewService().withName(service).withNewPort().withNumber(Integer.parseInt(port))
            .endPort().endService().build()
        : b.withNewService().withName(service).withNewPort().withName(port).endPort()
            .endService().build();
  }

  private static Map<String, String> ofClass(String ingressClass) {
    return Map.of(IngressRules.CLASS_ANNOTATION, ingressClass);
  }

  private static String service(IngressRules rules, String host, String path) {
    return rules.match(host, path).map(IngressRules.Backend::service).orElse(null);
  }

  private static final String T1 = "2024-01-01T00:00:00Z";
  private static final String T2 = "2024-01-02T00:00:00Z";
  private static final String T3 = "2024-01-03T00:00:00Z";

  // Linkerd IngressCacheTest "when multiple ingress resources, only adds one with desired
  // annotation class"
  @Test
  void onlyIngressesOfTheServedClassCount() {
    IngressRules rules = IngressRules.of(List.of(
        ingress("istio", T1, ofClass("istio"), HOST, null,
            "/istio-only", "ImplementationSpecific", "echo", "/shared", "ImplementationSpecific", "x"),
        ingress("linkerd", T2, ofClass("linkerd"), HOST, null,
            "/linkerd-only", "ImplementationSpecific", "echo", "/shared", "ImplementationSpecific", "y"),
        ingress("nginx", T3, ofClass("nginx"), HOST, null,
            "/nginx-only", "ImplementationSpecific", "echo", "/shared", "ImplementationSpecific", "z")),
        "linkerd", false);
    assertEquals(null, service(rules, HOST, "/istio-only"));
    assertEquals(null, service(rules, HOST, "/nginx-only"));
    assertEquals(null, service(rules, HOST, "/non-existing-path"));
    assertEquals("echo", service(rules, HOST, "/linkerd-only"));
    assertEquals("y", service(rules, HOST, "/shared"));
  }

  // Linkerd IngressCacheTest "when multiple ingress resources with desired annotation class,
  // matches based on path of either" (the older one first for /shared, which Linkerd leaves open)
  @Test
  void everyIngressOfTheClassIsAsked() {
    IngressRules rules = IngressRules.of(List.of(
        ingress("two", T2, ofClass("linkerd"), HOST, null,
            "/linkerd-2", "ImplementationSpecific", "echo2", "/shared", "ImplementationSpecific", "shared2"),
        ingress("one", T1, ofClass("linkerd"), HOST, null,
            "/linkerd-1", "ImplementationSpecific", "echo1", "/shared", "ImplementationSpecific", "shared1")),
        "linkerd", false);
    assertEquals("echo1", service(rules, HOST, "/linkerd-1"));
    assertEquals("echo2", service(rules, HOST, "/linkerd-2"));
    assertEquals("shared1", service(rules, HOST, "/shared"));
  }

  // Linkerd IngressCacheTest "when only one ingress configured, adds it irrespective of
  // annotations" (no annotation) and "ignores port in a request's hostname"
  @Test
  void anUnannotatedIngressCountsAndTheRequestsPortIsIgnored() {
    IngressRules rules = IngressRules.of(List.of(ingress("one", T1, Map.of(), HOST, null,
        "/some-path", "ImplementationSpecific", "echo")), "linkerd", false);
    assertEquals("echo", service(rules, HOST, "/some-path"));
    assertEquals(null, service(rules, HOST, "/non-existing-path"));
    assertEquals("echo", service(rules, "myhost:80", "/some-path"));
    assertEquals("echo", service(rules, "MyHost", "/some-path"), "hosts are case-insensitive");
    assertEquals(null, service(rules, "otherhost", "/some-path"));
  }

  // Linkerd IngressCacheTest "ingress caches honor default backends" and "ignoreDefaultBackends
  // ingress caches ignore default backends"
  @Test
  void defaultBackendsServeWhatNoRuleMatchesUnlessIgnored() {
    List<Ingress> ingresses = List.of(ingress("one", T1, Map.of(), HOST, "fallback",
        "/some-path", "ImplementationSpecific", "echo"));
    IngressRules honoured = IngressRules.of(ingresses, "linkerd", false);
    assertEquals("echo", service(honoured, HOST, "/some-path"));
    assertEquals(Optional.of(new IngressRules.Backend("srv", "http", "fallback")),
        honoured.match(HOST, "/unknown-path"));
    IngressRules ignored = IngressRules.of(ingresses, "linkerd", true);
    assertEquals("echo", service(ignored, HOST, "/some-path"));
    assertEquals(null, service(ignored, HOST, "/unknown-path"));
  }

  // Linkerd IngressCacheTest "on multiple path matches, return first match" and "on multiple
  // host matches, return first match"
  @Test
  void theFirstMatchWins() {
    IngressRules paths = IngressRules.of(List.of(ingress("one", T1, Map.of(), HOST, null,
        "/path", "ImplementationSpecific", "primary-svc",
        "/path", "ImplementationSpecific", "secondary-svc")), "linkerd", false);
    assertEquals("primary-svc", service(paths, HOST, "/path"));
    IngressRules hosts = IngressRules.of(List.of(
        ingress("polar-bear2", T2, Map.of(), HOST, null, "", "ImplementationSpecific", "svc2"),
        ingress("polar-bear1", T1, Map.of(), HOST, null, "", "ImplementationSpecific", "svc1")),
        "linkerd", false);
    assertEquals("svc1", service(hosts, HOST, "/path"));
  }

  @Test
  void pathTypesOfNetworkingV1() {
    IngressRules rules = IngressRules.of(List.of(ingress("one", T1, Map.of(), null, null,
        "/exact", "Exact", "exact", "/pre/", "Prefix", "prefix", "/re.*x", "ImplementationSpecific",
        "regex", "/", "Prefix", "root")), "linkerd", false);
    assertEquals("exact", service(rules, HOST, "/exact"));
    assertEquals("root", service(rules, HOST, "/exact/more"), "Exact is exact");
    assertEquals("prefix", service(rules, HOST, "/pre"));
    assertEquals("prefix", service(rules, HOST, "/pre/a/b"));
    assertEquals("root", service(rules, HOST, "/prefix"), "Prefix goes by path element");
    assertEquals("regex", service(rules, null, "/reflex"), "the whole path matches the regex");
    assertEquals("root", service(rules, null, "/reflexes"));
  }

  @Test
  void wildcardHostsMatchOneLabel() {
    IngressRules rules = IngressRules.of(List.of(ingress("one", T1, Map.of(), "*.example.com",
        null, "/", "Prefix", "wild")), "linkerd", false);
    assertEquals("wild", service(rules, "a.example.com", "/"));
    assertEquals(null, service(rules, "a.b.example.com", "/"));
    assertEquals(null, service(rules, "example.com", "/"));
  }

  @Test
  void ingressClassNameCountsWhenThereIsNoAnnotation() {
    Ingress other = ingress("other", T1, Map.of(), HOST, null, "/", "Prefix", "theirs");
    other.getSpec().setIngressClassName("nginx");
    Ingress ours = ingress("ours", T2, Map.of(), HOST, null, "/", "Prefix", "ours");
    ours.getSpec().setIngressClassName("linkerd");
    assertEquals("ours", service(IngressRules.of(List.of(other, ours), "linkerd", false), HOST, "/"));
  }

  // Unbounded, this pattern takes 2^64 steps on this path: without the budget the test hangs.
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aPatternThatBacktracksWithoutEndMatchesNothing() {
    IngressRules rules = IngressRules.of(List.of(ingress("evil", T1, Map.of(), null, "safe",
        "(a+)+$", "ImplementationSpecific", "evil")), "linkerd", false);
    assertEquals("safe", service(rules, null, "a".repeat(64) + "!"),
        "the default backend, not the pattern");
  }

  // One request's patterns share one budget, however many rules an Ingress author writes; a
  // deep pattern on a long path is no match, not a StackOverflowError.
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void manySlowPatternsShareOneBudgetAndDeepOnesFailSafely() {
    List<String> triples = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      triples.addAll(List.of("/(.*a){12}c" + i, "ImplementationSpecific", "evil" + i));
    }
    triples.addAll(List.of("/(a|b)*", "ImplementationSpecific", "deep"));
    IngressRules rules = IngressRules.of(List.of(ingress("evil", T1, Map.of(), null, "safe",
        triples.toArray(String[]::new))), "linkerd", false);
    assertEquals("safe", service(rules, null, "/" + "a".repeat(40)));
    IngressRules deep = IngressRules.of(List.of(ingress("deep", T1, Map.of(), null, "safe",
        "/(a|b)*", "ImplementationSpecific", "deep")), "linkerd", false);
    assertEquals("safe", service(deep, null, "/" + "ab".repeat(20_000)));
  }
}
