/**
 * SOPS files with age recipients, in pure Java: {@link com.dimosaic.vps.secrets.sops.Sops} (decrypt with MAC
 * verification, encrypt), {@link com.dimosaic.vps.secrets.sops.AgeKeys} (where keys come from, as sops looks
 * for them) and {@link com.dimosaic.vps.secrets.sops.SopsSecrets} (a {@code SecretsSource}).
 */
package com.dimosaic.vps.secrets.sops;
