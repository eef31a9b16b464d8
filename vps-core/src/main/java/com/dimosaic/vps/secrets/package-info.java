/**
 * Secrets: the {@link com.dimosaic.vps.secrets.SecretsSource} seam, the {@link com.dimosaic.vps.secrets.Secret}
 * value that never prints itself, and {@code ${secret:NAME}} templates. Everything is non-null unless marked.
 */
package com.dimosaic.vps.secrets;
