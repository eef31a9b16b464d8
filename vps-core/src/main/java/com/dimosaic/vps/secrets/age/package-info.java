/**
 * age v1 file encryption (C2SP {@code age.md}) with X25519 recipients, in pure Java on BouncyCastle:
 * {@link com.dimosaic.vps.secrets.age.Age}, {@link com.dimosaic.vps.secrets.age.AgeIdentity},
 * {@link com.dimosaic.vps.secrets.age.AgeRecipient}. Verified against the C2SP CCTV vectors and the age CLI.
 */
package com.dimosaic.vps.secrets.age;
