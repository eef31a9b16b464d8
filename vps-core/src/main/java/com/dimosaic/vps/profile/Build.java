package com.dimosaic.vps.profile;

import java.util.List;
import java.util.Optional;

/**
 * An image built on the host. Either from a generated (or {@code templates/}-overridden) build
 * context, or — with {@code git} — from a checkout of an application repository on the host whose
 * own Dockerfile is used ({@code app build-on-host} updates the checkout to a ref and rebuilds).
 *
 * @param context the build context folder, relative to the deployment folder (for a git build: the checkout)
 * @param base the base image of the generated Dockerfile (not for git builds)
 * @param packages Debian packages the generated Dockerfile adds (not for git builds)
 * @param tag the tag given to the built image, when set
 * @param git the repository the checkout is cloned from (a URL or a path on the host), for a git build
 * @param ref the branch, tag or commit the checkout is reset to when none is given (default {@code main})
 * @param dockerfile the Dockerfile inside the checkout, when not {@code Dockerfile}
 */
public record Build(String context, Optional<String> base, List<String> packages, Optional<String> tag, Optional<String> git,
    String ref, Optional<String> dockerfile) {

  /** A build from a generated Dockerfile. */
  public Build(String context, Optional<String> base, List<String> packages, Optional<String> tag) {
    this(context, base, packages, tag, Optional.empty(), "main", Optional.empty());
  }

  /** Whether this build uses a checkout of an application repository. */
  public boolean fromGit() {
    return git.isPresent();
  }
}
