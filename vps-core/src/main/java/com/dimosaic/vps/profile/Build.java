package com.dimosaic.vps.profile;

import java.util.List;
import java.util.Optional;

/**
 * An image built on the host from a generated (or {@code templates/}-overridden) build context.
 *
 * @param context the build context folder, relative to the deployment folder
 * @param base the base image of the generated Dockerfile
 * @param packages Debian packages the generated Dockerfile adds
 * @param tag the tag given to the built image, when set
 */
public record Build(String context, Optional<String> base, List<String> packages, Optional<String> tag) {}
