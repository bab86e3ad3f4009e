package io.hoplink.router.identity;

import io.hoplink.router.tls.ca.MeshCa;
import io.hoplink.router.tls.ca.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A root and an issuer for identity tests, and their files as {@code hoplink certs} writes them. */
public final class TestMesh {
  public final MeshCa root;
  public final MeshCa issuer;

  public TestMesh(Clock clock) {
    this(clock, MeshCa.ISSUER_LIFETIME);
  }

  public TestMesh(Clock clock, Duration issuerLifetime) {
    root = MeshCa.newRoot("test root", MeshCa.ROOT_LIFETIME, clock);
    issuer = root.newIssuer("test issuer", issuerLifetime);
  }

  /** {@code dir/tls.crt} (the issuer, then the root), {@code tls.key}, {@code ca.crt} (the root). */
  public Path writeIssuer(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<X509Certificate> chain = new ArrayList<>(issuer.chain());
    chain.add(root.certificate());
    Files.writeString(dir.resolve("tls.crt"), Pem.certificates(chain));
    Files.writeString(dir.resolve("tls.key"), issuer.privateKeyPem());
    Files.writeString(dir.resolve("ca.crt"), rootPem());
    return dir;
  }

  public String rootPem() {
    return Pem.certificates(List.of(root.certificate()));
  }
}
