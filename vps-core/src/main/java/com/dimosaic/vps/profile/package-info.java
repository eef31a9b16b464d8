/**
 * The configuration model users write (a profile folder: {@code profile.yaml}, {@code services.yaml},
 * secrets, templates) and {@link com.dimosaic.vps.profile.ProfileLoader}, which loads it strictly and
 * reports every problem with file, line, column and key path. Everything is non-null unless marked;
 * optional values are {@link java.util.Optional}.
 */
package com.dimosaic.vps.profile;
