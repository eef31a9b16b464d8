package com.dimosaic.vps.profile;

import com.dimosaic.vps.secrets.SecretTemplate;
import java.util.List;

/**
 * A PostgreSQL database a service needs. Created if missing, never dropped.
 *
 * @param name database name
 * @param owner login role that owns it
 * @param password the owner's password (a secret template)
 * @param extensions extensions created in it
 * @param windmillRoles whether Windmill's {@code windmill_user}/{@code windmill_admin} roles are set up and granted to the owner
 * @param service the service that needs it
 */
public record Database(
    String name, String owner, SecretTemplate password, List<String> extensions, boolean windmillRoles, String service) {}
