package com.dimosaic.vps.profile;

import java.util.List;

/**
 * UFW rules beyond the standard set (22, 80, 443, 25, 465, 587, 993; Docker networks → 8080).
 *
 * @param publicPostgres whether 5432 is opened
 * @param extraTcpPorts more TCP ports to open
 * @param purgeUnmanaged whether rules the SDK does not manage are deleted (otherwise only reported)
 */
public record FirewallSettings(boolean publicPostgres, List<Integer> extraTcpPorts, boolean purgeUnmanaged) {}
