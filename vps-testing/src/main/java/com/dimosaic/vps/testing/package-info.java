/**
 * Test fixtures that run real services: child processes on loopback ports ({@link com.dimosaic.vps.testing.LocalPostgres},
 * {@link com.dimosaic.vps.testing.LocalCaddy}, {@link com.dimosaic.vps.testing.LocalSshd}, ...), a stateful
 * {@link com.dimosaic.vps.testing.FakeNetcupServer}, and the "VPS in a box" ({@link com.dimosaic.vps.testing.VpsBox}) with the stack
 * images built from Debian packages ({@link com.dimosaic.vps.testing.StackImages}). No JUnit dependency; each fixture is
 * {@link java.lang.AutoCloseable}.
 */
package com.dimosaic.vps.testing;
