package com.dimosaic.vps.profile;

/**
 * Defaults applied to every service.
 *
 * @param restart restart policy, default {@code unless-stopped}
 * @param logMaxSize json-file log rotation size, default {@code 10m}
 * @param logMaxFile json-file log files kept, default 3
 */
public record Defaults(String restart, String logMaxSize, int logMaxFile) {}
