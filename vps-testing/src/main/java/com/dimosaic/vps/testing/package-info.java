/**
 * Test fixtures that run real services as child processes on loopback ports: {@link com.dimosaic.vps.testing.LocalPostgres},
 * {@link com.dimosaic.vps.testing.LocalCaddy}. No JUnit dependency; each fixture is {@link java.lang.AutoCloseable}.
 */
package com.dimosaic.vps.testing;
