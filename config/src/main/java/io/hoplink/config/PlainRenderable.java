package io.hoplink.config;

import java.util.Map;

/**
 * A parsed config block that can write itself back as plain values under Linkerd's key names,
 * with every default filled in: what {@code hoplink check} prints and {@code /config.json} serves.
 * Loading the rendered form again gives an equal block.
 */
public interface PlainRenderable {
  Map<String, Object> toPlain();
}
