package io.hoplink.namers.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of the Ingress resources a router serves, as Linkerd's {@code io.l5d.ingress} reads
 * them: an Ingress whose class (the {@code kubernetes.io/ingress.class} annotation, or
 * {@code spec.ingressClassName}) is another controller's is left out; a request matches the
 * first rule, in Ingress order (oldest first), whose host and path match, else the first
 * Ingress's default backend (unless {@code ignoreDefaultBackends}). Hosts match without the
 * request's port, case-insensitively, a {@code *.} host one label deep. Paths: {@code Exact},
 * {@code Prefix} (by path element), and {@code ImplementationSpecific} (or none) as Linkerd: a
 * regular expression the whole path must match, run with a step budget so that no pattern can
 * hold a thread.
 */
public final class IngressRules {
  /** The annotation Linkerd reads the ingress class from. */
  public static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
  /**
   * Characters all the regular expressions of one request's match may read, across every rule
   * (a path is at most a few KiB): about half a millisecond, however many rules there are.
   */
  static final int REGEX_BUDGET = 100_000;

  /** Where a matching request goes: {@code /<namespace>/<port>/<service>} after the prefix. */
  public record Backend(String namespace, String port, String service) {
    public Backend {
      requireNonNull(namespace, "namespace");
      requireNonNull(port, "port");
      requireNonNull(service, "service");
    }
  }

  private record Rule(String host, String path, String pathType, Pattern regex, Backend backend) {}

  private final List<Rule> rules;
  private final List<Backend> fallbacks;

  private IngressRules(List<Rule> rules, List<Backend> fallbacks) {
    this.rules = List.copyOf(rules);
    this.fallbacks = List.copyOf(fallbacks);
  }

  /** The rules of {@code ingresses} that belong to {@code ingressClass}. */
  public static IngressRules of(List<Ingress> ingresses, String ingressClass,
      boolean ignoreDefaultBackends) {
    List<Ingress> ordered = new ArrayList<>(ingresses);
    ordered.sort(Comparator
        .comparing((Ingress i) -> String.valueOf(i.getMetadata().getCreationTimestamp()))
        .thenComparing(i -> String.valueOf(i.getMetadata().getNamespace()))
        .thenComparing(i -> String.valueOf(i.getMetadata().getName())));
    List<Rule> rules = new ArrayList<>();
    List<Backend> fallbacks = new ArrayList<>();
    for (Ingress ingress : ordered) {
      if (ingress.getSpec() == null || !ours(ingress, ingressClass)) {
        continue;
      }
      String namespace = Optional.ofNullable(ingress.getMetadata().getNamespace()).orElse("default");
      for (IngressRule rule : Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of())) {
        if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
          continue;
        }
        String host = rule.getHost() == null || rule.getHost().isEmpty() ? null
            : rule.getHost().toLowerCase(Locale.ROOT);
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
          backend(namespace, path.getBackend()).ifPresent(backend -> rules.add(
              rule(host, path.getPath(), path.getPathType(), backend)));
        }
      }
      if (!ignoreDefaultBackends) {
        backend(namespace, ingress.getSpec().getDefaultBackend()).ifPresent(fallbacks::add);
      }
    }
    return new IngressRules(rules, fallbacks);
  }

  private static boolean ours(Ingress ingress, String ingressClass) {
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(CLASS_ANNOTATION);
    if (annotated != null) {
      return annotated.equals(ingressClass);
    }
    String named = ingress.getSpec().getIngressClassName();
    return named == null || named.equals(ingressClass);
  }

  private static Optional<Backend> backend(String namespace, IngressBackend backend) {
    if (backend == null || backend.getService() == null) {
      return Optional.empty(); // a resource backend: nothing hoplink can route to
    }
    IngressServiceBackend service = backend.getService();
    if (service.getName() == null || service.getPort() == null) {
      return Optional.empty();
    }
    String port = service.getPort().getName() != null && !service.getPort().getName().isEmpty()
        ? service.getPort().getName()
        : service.getPort().getNumber() == null ? null : service.getPort().getNumber().toString();
    return port == null ? Optional.empty()
        : Optional.of(new Backend(namespace, port, service.getName()));
  }

  private static Rule rule(String host, String path, String pathType, Backend backend) {
    String type = pathType == null ? "ImplementationSpecific" : pathType;
    Pattern regex = null;
    if (type.equals("ImplementationSpecific") && path != null && !path.isEmpty()) {
      try {
        regex = Pattern.compile(path);
      } catch (PatternSyntaxException e) {
        type = "Exact"; // not a regular expression: the path as written
      }
    }
    return new Rule(host, path == null || path.isEmpty() ? null : path, type, regex, backend);
  }

  /** The backend for a request to {@code hostHeader} (null: none) and {@code path}, if any. */
  public Optional<Backend> match(String hostHeader, String path) {
    String host = withoutPort(hostHeader);
    int[] budget = {REGEX_BUDGET};
    for (Rule rule : rules) {
      if (hostMatches(rule.host(), host) && pathMatches(rule, path, budget)) {
        return Optional.of(rule.backend());
      }
    }
    return fallbacks.isEmpty() ? Optional.empty() : Optional.of(fallbacks.get(0));
  }

  /** How many path rules and default backends there are, for the admin page. */
  public Map<String, Integer> size() {
    return Map.of("rules", rules.size(), "defaultBackends", fallbacks.size());
  }

  static String withoutPort(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host.toLowerCase(Locale.ROOT)
          : host.substring(0, close + 1).toLowerCase(Locale.ROOT);
    }
    int colon = host.indexOf(':');
    return (colon < 0 ? host : host.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  private static boolean hostMatches(String ruleHost, String host) {
    if (ruleHost == null) {
      return true;
    }
    if (host == null) {
      return false;
    }
    if (ruleHost.startsWith("*.")) {
      String suffix = ruleHost.substring(1); // ".example.com"
      return host.endsWith(suffix) && host.length() > suffix.length()
          && host.lastIndexOf('.', host.length() - suffix.length() - 1) < 0;
    }
    return ruleHost.equals(host);
  }

  private static boolean pathMatches(Rule rule, String path, int[] budget) {
    String want = rule.path();
    if (want == null) {
      return true;
    }
    return switch (rule.pathType()) {
      case "Exact" -> path.equals(want);
      case "Prefix" -> prefixMatches(want, path);
      default -> regexMatches(rule.regex(), path, budget);
    };
  }

  /** Kubernetes' Prefix: {@code /foo} matches {@code /foo} and {@code /foo/bar}, not {@code /foobar}. */
  private static boolean prefixMatches(String prefix, String path) {
    String trimmed = prefix.length() > 1 && prefix.endsWith("/")
        ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (trimmed.equals("/")) {
      return true;
    }
    return path.equals(trimmed) || path.startsWith(trimmed + "/");
  }

  private static boolean regexMatches(Pattern regex, String path, int[] budget) {
    if (budget[0] <= 0) {
      return false; // the request's budget is spent: no more patterns for it
    }
    try {
      return regex.matcher(new BudgetedChars(path, budget)).matches();
    } catch (BudgetedChars.Exhausted e) {
      return false; // a pattern that backtracks without end matches nothing
    } catch (StackOverflowError e) {
      return false; // java.util.regex recurses per repetition: a long path on a deep pattern
    }
  }

  /** A string that fails once more than {@code budget} characters have been read from it. */
  private static final class BudgetedChars implements CharSequence {
    static final class Exhausted extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Exhausted() {
        super(null, null, false, false);
      }
    }

    private final String text;
    private final int[] left;

    BudgetedChars(String text, int[] left) {
      this.text = text;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BudgetedChars(text.substring(start, end), left);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
