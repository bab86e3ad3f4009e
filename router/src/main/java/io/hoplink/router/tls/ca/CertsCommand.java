package io.hoplink.router.tls.ca;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code hoplink certs}: the mesh's root, its issuer, each router's certificate and the trust
 * bundle of a CA rollover, written in the layout of a Kubernetes TLS Secret. A bad argument, a
 * missing file or a key that is not its certificate's is one line on stderr and a non-zero exit:
 * 64 usage, 65 bad data, 66 missing input, 73 an output that may not be overwritten.
 */
public final class CertsCommand {
  static final String USAGE = """
      usage: hoplink certs root   --out DIR [--name NAME] [--days 365]
             hoplink certs issuer --root DIR --out DIR [--name NAME] [--days 90]
             hoplink certs node   --issuer DIR --name DNS [--dns DNS]... [--uri URI]...
                                  [--hours 24] [--trust FILE] --out DIR
             hoplink certs bundle --out FILE ROOT...
      Each DIR holds tls.crt, tls.key (mode 0600) and ca.crt, as a Kubernetes TLS Secret does:
        root    a new self-signed root CA; ca.crt is the root. Keep its tls.key offline.
        issuer  a new issuer signed by the root in --root; it signs node certificates only.
                tls.crt is the issuer then the root (as cert-manager's CA issuer wants it),
                ca.crt the root's ca.crt.
        node    a router's certificate on a new EC P-256 key, signed by the issuer in --issuer,
                for DNS names --name and --dns and URIs --uri (spiffe://...): tls.crt is the
                certificate then the issuer, ca.crt the trust bundle (--trust, else the
                issuer's ca.crt). Run it again to renew: each file is replaced whole.
        bundle  the trust bundle of every ROOT (a file, or a DIR's ca.crt), each once: the old
                and the new root during a CA rollover.
      Lifetimes: a root at most 1825 days, an issuer at most 365 days, a node certificate at
      most 8760 hours; none outlives the CA that signs it.
      """;

  /** A refusal: one line for stderr and the exit code. */
  static final class Failure extends Exception {
    final int code;

    Failure(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private CertsCommand() {}

  static Failure usage(String message) {
    return new Failure(64, message);
  }

  /** Runs {@code hoplink certs <args>}; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
    if (args.isEmpty()) {
      err.print(USAGE);
      return 64;
    }
    String sub = args.get(0);
    if (sub.equals("help") || args.contains("--help") || args.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    List<String> rest = args.subList(1, args.size());
    try {
      switch (sub) {
        case "root" -> root(CertsArgs.parse(rest, Set.of("out", "name", "days"), Set.of()),
            out, clock);
        case "issuer" -> issuer(CertsArgs.parse(rest, Set.of("root", "out", "name", "days"),
            Set.of()), out, clock);
        case "node" -> node(CertsArgs.parse(rest, Set.of("issuer", "name", "hours", "trust",
            "out"), Set.of("dns", "uri")), out, clock);
        case "bundle" -> bundle(CertsArgs.parse(rest, Set.of("out"), Set.of()), out, clock);
        default -> throw usage("unknown subcommand '" + sub
            + "' (expected: root, issuer, node or bundle; hoplink certs --help)");
      }
      return 0;
    } catch (Failure f) {
      err.println("certs " + (Set.of("root", "issuer", "node", "bundle").contains(sub)
          ? sub + ": " : "") + f.getMessage());
      return f.code;
    }
  }

  private static void root(CertsArgs args, PrintStream out, Clock clock) throws Failure {
    Path dir = Path.of(args.required("out", "DIR"));
    String name = args.optional("name").orElse("hoplink root " + now(clock));
    int days = args.positive("days", (int) MeshCa.ROOT_LIFETIME.toDays());
    refuseOverwrite(dir);
    MeshCa root = make(() -> MeshCa.newRoot(name, Duration.ofDays(days), clock));
    write(dir, root.privateKeyPem(), root.chain(), List.of(root.certificate()));
    out.println("root " + describe(root.certificate()) + ": wrote " + dir.resolve("tls.crt")
        + ", " + dir.resolve("tls.key") + " (keep it offline), " + dir.resolve("ca.crt"));
  }

  private static void issuer(CertsArgs args, PrintStream out, Clock clock) throws Failure {
    Path rootDir = Path.of(args.required("root", "DIR"));
    Path dir = Path.of(args.required("out", "DIR"));
    String name = args.optional("name").orElse("hoplink issuer " + now(clock));
    int days = args.positive("days", (int) MeshCa.ISSUER_LIFETIME.toDays());
    MeshCa root = load(rootDir, clock);
    TrustBundle trust = trust(rootDir.resolve("ca.crt"));
    refuseOverwrite(dir);
    MeshCa issuer = make(() -> root.newIssuer(name, Duration.ofDays(days)));
    verify(trust, issuer.chain(), rootDir.resolve("ca.crt"), clock);
    // the chain up to the root: what cert-manager's CA issuer needs to write the root as ca.crt
    List<X509Certificate> chain = new ArrayList<>(issuer.chain());
    X509Certificate top = root.certificate();
    if (top.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
      chain.add(top);
    }
    write(dir, issuer.privateKeyPem(), chain, trust.roots());
    out.println("issuer " + describe(issuer.certificate()) + ": wrote "
        + dir.resolve("tls.crt") + ", " + dir.resolve("tls.key") + ", " + dir.resolve("ca.crt"));
  }

  private static void node(CertsArgs args, PrintStream out, Clock clock) throws Failure {
    Path issuerDir = Path.of(args.required("issuer", "DIR"));
    List<String> dns = new ArrayList<>(List.of(args.required("name", "DNS")));
    dns.addAll(args.all("dns"));
    List<java.net.URI> uris = new ArrayList<>();
    for (String uri : args.all("uri")) {
      try {
        uris.add(new java.net.URI(uri));
      } catch (java.net.URISyntaxException e) {
        throw usage("--uri " + uri + " does not parse: " + e.getMessage());
      }
    }
    CertNames names;
    try {
      names = new CertNames(dns, uris);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    int hours = args.positive("hours", (int) MeshCa.LEAF_LIFETIME.toHours());
    Path trustFile = args.optional("trust").map(Path::of).orElse(issuerDir.resolve("ca.crt"));
    Path dir = Path.of(args.required("out", "DIR"));
    MeshCa issuer = load(issuerDir, clock);
    TrustBundle trust = trust(trustFile);
    KeyPair keys = MeshKeys.newEcP256();
    IssuedCert node = make(() -> issuer.issue(keys.getPublic(), names, Duration.ofHours(hours)));
    verify(trust, node.chain(), trustFile, clock);
    write(dir, Pem.privateKey(keys.getPrivate()), node.chain(), trust.roots());
    out.println("node " + describe(node.certificate()) + ": wrote " + dir.resolve("tls.crt")
        + ", " + dir.resolve("tls.key") + ", " + dir.resolve("ca.crt"));
  }

  private static void bundle(CertsArgs args, PrintStream out, Clock clock) throws Failure {
    Path file = Path.of(args.required("out", "FILE"));
    if (args.operands().isEmpty()) {
      throw usage("name at least one ROOT (a certificate file, or a directory holding ca.crt)");
    }
    List<TrustBundle> parts = new ArrayList<>();
    for (String root : args.operands()) {
      Path path = Path.of(root);
      parts.add(trust(Files.isDirectory(path) ? path.resolve("ca.crt") : path));
    }
    TrustBundle bundle = TrustBundle.of(parts);
    if (!bundle.expiredAt(clock.instant()).isEmpty()) {
      X509Certificate expired = bundle.expiredAt(clock.instant()).get(0);
      throw new Failure(65, "the root " + Described.subject(expired) + " expired at "
          + expired.getNotAfter().toInstant() + ": a bundle holds only roots in force");
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      PemFiles.writePublic(file, bundle.pem());
    } catch (IOException e) {
      throw new Failure(73, "cannot write " + file + ": " + e.getMessage());
    }
    out.println("bundle of " + bundle.roots().size() + " root(s), " + bundle.roots().stream()
        .map(CertsCommand::describe).collect(Collectors.joining("; ")) + ": wrote " + file);
  }

  /** A CA from {@code dir}'s tls.crt and tls.key. */
  private static MeshCa load(Path dir, Clock clock) throws Failure {
    Path crt = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    String chain = read(crt);
    String keyPem = read(key);
    try {
      Pem.readCertificates(chain);
    } catch (IllegalArgumentException e) {
      throw new Failure(65, crt + " " + e.getMessage());
    }
    try {
      Pem.readPrivateKey(keyPem);
    } catch (IllegalArgumentException e) {
      throw new Failure(65, key + " " + e.getMessage());
    }
    try {
      return MeshCa.load(chain, keyPem, clock);
    } catch (IllegalArgumentException e) {
      throw new Failure(65, dir + ": " + e.getMessage() + " (" + crt + ", " + key + ")");
    }
  }

  private static TrustBundle trust(Path file) throws Failure {
    List<X509Certificate> roots;
    try {
      roots = Pem.readCertificates(read(file));
    } catch (IllegalArgumentException e) {
      throw new Failure(65, file + " " + e.getMessage());
    }
    try {
      return new TrustBundle(roots);
    } catch (IllegalArgumentException e) {
      throw new Failure(65, file + ": " + e.getMessage());
    }
  }

  private static void verify(TrustBundle trust, List<X509Certificate> chain, Path file,
      Clock clock) throws Failure {
    try {
      trust.verify(chain, clock.instant());
    } catch (IllegalArgumentException e) {
      throw new Failure(65, "the trust bundle " + file + " would not accept it: "
          + e.getMessage());
    }
  }

  private interface Making<T> {
    T make();
  }

  /** The CA's refusals (a lifetime too long, say) become one line. */
  private static <T> T make(Making<T> making) throws Failure {
    try {
      return making.make();
    } catch (IllegalArgumentException e) {
      throw new Failure(65, e.getMessage());
    }
  }

  private static String read(Path file) throws Failure {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new Failure(66, "cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new Failure(66, "cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new Failure(66, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A CA's key is never overwritten: it may be the only copy. */
  private static void refuseOverwrite(Path dir) throws Failure {
    if (Files.exists(dir.resolve("tls.key"))) {
      throw new Failure(73, dir.resolve("tls.key") + " exists: a CA's key is never overwritten"
          + " (choose another --out)");
    }
  }

  /** ca.crt, then tls.key, then tls.crt, each replaced whole. */
  private static void write(Path dir, String key, List<X509Certificate> chain,
      List<X509Certificate> trust) throws Failure {
    try {
      Files.createDirectories(dir);
      PemFiles.writePublic(dir.resolve("ca.crt"), Pem.certificates(trust));
      PemFiles.writeSecret(dir.resolve("tls.key"), key);
      PemFiles.writePublic(dir.resolve("tls.crt"), Pem.certificates(chain));
    } catch (IOException e) {
      throw new Failure(73, "cannot write to " + dir + ": " + e.getMessage());
    }
  }

  private static String describe(X509Certificate certificate) {
    return Described.subject(certificate) + " (valid until "
        + certificate.getNotAfter().toInstant() + ")";
  }

  private static String now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
