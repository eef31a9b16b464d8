package com.dimosaic.vps.compose;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A service of a Swarm stack built on the first manager from its generated build context, pushed to
 * the registry on that manager's {@code 127.0.0.1:5000} and run there (see {@link SwarmStackGenerator}).
 *
 * @param service the service
 * @param image the image reference, {@code 127.0.0.1:5000/<stack>/<service>:<hash of the context>}
 * @param context the build context's files by path relative to the context ({@code Dockerfile}, templates)
 */
public record SwarmBuild(String service, String image, Map<String, byte[]> context) {
  /** Copies the map. */
  public SwarmBuild {
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(image, "image == null");
    context = java.util.Collections.unmodifiableMap(new TreeMap<>(context));
  }
}
