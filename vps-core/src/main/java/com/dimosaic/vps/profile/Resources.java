package com.dimosaic.vps.profile;

/**
 * Pre-flight thresholds and sizing.
 *
 * @param minDiskGb minimum free disk in GB
 * @param minMemoryGb minimum memory in GB
 * @param memoryGb expected host memory in GB, used to size PostgreSQL when the host is not measured
 */
public record Resources(int minDiskGb, int minMemoryGb, int memoryGb) {}
