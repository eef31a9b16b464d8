package com.dimosaic.vps.profile;

import java.util.Map;

/**
 * Docker on the host.
 *
 * @param source {@code official} (Docker's apt repository) or {@code distribution} ({@code docker.io} + {@code docker-compose})
 * @param networkCidr the address range Docker networks come from; PostgreSQL and mox accept connections from it
 * @param images image overrides by service name (private registries and mirrors)
 */
public record DockerSettings(String source, String networkCidr, Map<String, String> images) {}
