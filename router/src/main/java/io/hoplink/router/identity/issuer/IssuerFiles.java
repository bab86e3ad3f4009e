package io.hoplink.router.identity.issuer;

import io.hoplink.config.IdentityServiceConfig;
import io.hoplink.router.tls.ca.MeshCa;
import io.hoplink.router.tls.ca.TrustBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The issuer (its certificate chain and key, a Secret made by {@code hoplink certs issuer}) and
 * the trust bundle its chain must lead to, from their files. {@link #check} reads them again
 * when their bytes changed, as when the Secret is updated by an issuer rotation: a set that loads
 * and leads to the bundle is used for the next request; one that does not is said in one line,
 * and the issuer in use stays.
 */
final class IssuerFiles implements Supplier<MeshCa> {
  private static final Logger LOG = Logger.getLogger("hoplink");

  private final List<Path> files;
  private final Clock clock;
  private volatile MeshCa issuer;
  private byte[] fingerprint;

  private IssuerFiles(List<Path> files, Clock clock) {
    this.files = files;
    this.clock = clock;
  }

  /**
   * Loads the files of {@code config}.
   *
   * @throws IllegalArgumentException saying which file holds what is wrong
   */
  static IssuerFiles load(IdentityServiceConfig config, Clock clock) {
    IssuerFiles out = new IssuerFiles(List.of(Path.of(config.issuerCertPath()),
        Path.of(config.issuerKeyPath()), Path.of(config.trustBundle())), clock);
    out.fingerprint = out.fingerprint();
    out.issuer = out.read();
    return out;
  }

  @Override
  public MeshCa get() {
    return issuer;
  }

  /** Takes the files again if they changed since last read. Blocking. */
  void check() {
    byte[] now = fingerprint();
    if (now == null || Arrays.equals(now, fingerprint)) {
      return; // unchanged, or a file missing for a moment (a Secret's swap)
    }
    fingerprint = now;
    try {
      issuer = read();
      LOG.info("identity: new issuer in use: " + describe(issuer));
    } catch (IllegalArgumentException e) {
      LOG.warning("identity: the changed issuer files do not load (" + e.getMessage()
          + "); the issuer in use stays: " + describe(issuer));
    }
  }

  static String describe(MeshCa issuer) {
    return issuer.certificate().getSubjectX500Principal().getName() + ", valid until "
        + issuer.certificate().getNotAfter().toInstant();
  }

  private MeshCa read() {
    String chain = text(files.get(0));
    String key = text(files.get(1));
    String bundle = text(files.get(2));
    MeshCa ca;
    try {
      ca = MeshCa.load(chain, key, clock);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("issuer " + files.get(0) + ", " + files.get(1) + ": "
          + e.getMessage(), e);
    }
    TrustBundle trust;
    try {
      trust = TrustBundle.read(bundle);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trustBundle " + files.get(2) + " " + e.getMessage(), e);
    }
    try {
      trust.verify(ca.chain(), clock.instant());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the issuer in " + files.get(0) + " is not accepted by"
          + " trustBundle " + files.get(2) + ", so no router would accept what it signs: "
          + e.getMessage(), e);
    }
    return ca;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
    }
  }

  private byte[] fingerprint() {
    return io.hoplink.router.tls.TlsReloader.fingerprint(files);
  }

}
