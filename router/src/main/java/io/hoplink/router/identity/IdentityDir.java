package io.hoplink.router.identity;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The directory the router's identity is written to, in the layout of {@code hoplink certs
 * node}: {@code tls.crt} (the certificate, then its issuer), {@code tls.key} (PKCS#8, mode 0600)
 * and {@code ca.crt} (the roots). The three change together, as the kubelet updates a mounted
 * Secret: they are written to a new directory {@code ..<n>}, the link {@code ..data} is swapped
 * to it in one rename, and each name is a link to {@code ..data/<name>}. A reader (the TLS
 * reloader) never sees a key beside another key's certificate.
 */
final class IdentityDir {
  static final String DATA = "..data";

  private final Path dir;
  private long generation;

  IdentityDir(Path dir) {
    this.dir = requireNonNull(dir, "dir");
  }

  Path dir() {
    return dir;
  }

  /** Puts the three files in place at once. Blocking. */
  void write(String chainPem, String keyPem, String trustPem) throws IOException {
    Files.createDirectories(dir);
    Path next = Files.createTempDirectory(dir, "..cert-" + (++generation) + "-");
    writeFile(next.resolve("ca.crt"), trustPem, "rw-r--r--");
    writeFile(next.resolve("tls.key"), keyPem, "rw-------");
    writeFile(next.resolve("tls.crt"), chainPem, "rw-r--r--");
    Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rwxr-xr-x"));
    swapLink(dir.resolve(DATA), next.getFileName());
    for (String name : java.util.List.of("ca.crt", "tls.key", "tls.crt")) {
      Path link = dir.resolve(name);
      Path target = Path.of(DATA, name);
      if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(target)) {
        swapLink(link, target); // once: the names point through ..data from then on
      }
    }
    removeOthers(next.getFileName().toString());
  }

  private static void writeFile(Path file, String text, String mode) throws IOException {
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }

  /** Points {@code link} at {@code target}: a new link beside it, renamed over it. */
  private void swapLink(Path link, Path target) throws IOException {
    Path tmp = dir.resolve(link.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, target);
    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the directories of earlier certificates, now that no name leads to them. */
  private void removeOthers(String keep) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "..cert-*")) {
      for (Path old : entries) {
        if (!old.getFileName().toString().equals(keep)
            && Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS)) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(old)) {
            for (Path file : files) {
              Files.deleteIfExists(file);
            }
          }
          Files.deleteIfExists(old);
        }
      }
    }
  }
}
