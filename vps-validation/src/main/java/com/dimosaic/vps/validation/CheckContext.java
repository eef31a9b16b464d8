package com.dimosaic.vps.validation;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.RemoteHost;

/**
 * What checks work with.
 *
 * @param host the host (commands run over its single connection)
 * @param profile the profile
 * @param services how to run a command inside a service
 */
public record CheckContext(RemoteHost host, Profile profile, ServiceAccess services) {}
