package io.hoplink.namers.fs;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code io.l5d.fs} namer at run time: {@code /<service>/<residual...>} binds to the
 * endpoints listed in {@code rootDir/<service>}. One watcher thread rereads a file when its
 * identity, size or time changes; names starting with {@code .} are never services.
 */
final class FsNamer implements Namer {
  private static final System.Logger LOG = System.getLogger(FsNamer.class.getName());
  static final Duration CHECK_INTERVAL = Duration.ofMillis(250);
  /** A name that has no file and nobody observing is forgotten after this long. */
  private static final long FORGET_AFTER_MS = 10_000;

  private final FsNamerConfig config;
  private final Path idPrefix;
  private final Clock clock;
  private final Map<String, ServiceFile> services = new ConcurrentHashMap<>();
  private final DirectoryWatcher watcher;

  FsNamer(FsNamerConfig config, NamerContext ctx) {
    this.config = config;
    this.idPrefix = config.dtabPrefix();
    this.clock = ctx.clock();
    if (Files.isDirectory(config.rootDir())) {
      scan();
      this.watcher = new DirectoryWatcher(config.rootDir(), CHECK_INTERVAL, this::scan,
          ctx.threads());
    } else {
      // Only `check` away from the pod builds a namer whose directory is missing (a start
      // refuses the config): nothing to watch, and every service binds to nothing.
      this.watcher = null;
    }
  }

  @Override
  public Activity<NameTree<Name>> lookup(Path path) {
    if (path.isEmpty() || path.get(0).startsWith(".")) {
      return Activity.value(NameTree.neg());
    }
    ServiceFile file = services.computeIfAbsent(path.get(0), this::newService);
    file.lastLookupMillis = clock.millis();
    Path residual = path.drop(1);
    if (residual.isEmpty()) {
      return file.activity();
    }
    return file.activity().map(tree -> tree.map(name -> name instanceof Name.Bound b
        ? new Name.Bound(b.id(), residual, b.addr()) : name));
  }

  private ServiceFile newService(String name) {
    return new ServiceFile(idPrefix.append(name));
  }

  /** Runs on the watcher thread (and once in the constructor). */
  private void scan() {
    Map<String, ServiceFile.Fingerprint> present = list();
    present.forEach((name, fingerprint) -> {
      ServiceFile file = services.computeIfAbsent(name, this::newService);
      if (!fingerprint.equals(file.fingerprint)) {
        file.fingerprint = fingerprint;
        reload(name, file);
      }
    });
    long now = clock.millis();
    services.forEach((name, file) -> {
      if (present.containsKey(name)) {
        return;
      }
      if (file.fingerprint != null) {
        LOG.log(System.Logger.Level.INFO, where(name) + ": deleted; " + name + " binds to nothing");
        file.delete(clock.instant());
      } else if (!file.isObserved() && now - file.lastLookupMillis > FORGET_AFTER_MS) {
        services.remove(name, file);
      }
    });
  }

  private Map<String, ServiceFile.Fingerprint> list() {
    Map<String, ServiceFile.Fingerprint> out = new HashMap<>();
    try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(config.rootDir())) {
      for (java.nio.file.Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        try {
          BasicFileAttributes attrs = Files.readAttributes(entry, BasicFileAttributes.class);
          if (attrs.isRegularFile()) {
            Object key = attrs.fileKey();
            out.put(name, new ServiceFile.Fingerprint(key, attrs.size(),
                attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                key == null ? entry.toRealPath().toString() : null));
          }
        } catch (IOException e) {
          // a dangling link or a file deleted while listing: not a service right now
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "io.l5d.fs: cannot list " + config.rootDir() + ": " + e
          + "; keeping every service as it was");
      services.forEach((name, file) -> {
        if (file.fingerprint != null) {
          out.put(name, file.fingerprint);
        }
      });
    }
    return out;
  }

  private void reload(String name, ServiceFile file) {
    String text;
    try {
      text = Files.readString(config.rootDir().resolve(name));
    } catch (NoSuchFileException e) {
      return; // gone between listing and reading: the next scan sees it missing
    } catch (CharacterCodingException e) {
      reject(name, file, 0, "not UTF-8 text", true);
      return;
    } catch (IOException e) {
      reject(name, file, 0, "cannot read: " + e, true);
      return;
    }
    EndpointFile.Parsed parsed = EndpointFile.parse(text);
    if (!parsed.ok()) {
      reject(name, file, parsed.line(), parsed.problem(), true);
    } else if (parsed.endpoints().isEmpty()) {
      reject(name, file, 0, "no endpoints (the file is empty or partly written)", false);
    } else {
      file.update(parsed.endpoints(), clock.instant());
    }
  }

  private void reject(String name, ServiceFile file, int line, String problem, boolean failed) {
    String message = (line > 0 ? "line " + line + ": " : "") + problem;
    int kept = file.lastGoodSize();
    LOG.log(System.Logger.Level.WARNING, where(name) + (line > 0 ? " " : ": ") + message + "; "
        + (kept > 0 ? "keeping the last good endpoints (" + kept + ")" : "no earlier endpoints to keep"));
    file.reject(message, clock.instant(), failed);
  }

  private String where(String name) {
    return "io.l5d.fs " + idPrefix.show() + ": " + config.rootDir().resolve(name);
  }

  @Override
  public Object state() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", config.kind());
    out.put("prefix", idPrefix.show());
    out.put("rootDir", config.rootDir().toString());
    Map<String, Object> perService = new TreeMap<>();
    services.forEach((name, file) -> perService.put(name, file.state()));
    out.put("services", perService);
    return out;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
