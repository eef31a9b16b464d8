/** The generated stack files: docker-compose.yml, .env, Caddyfile, init-db.sh, PostgreSQL and Zitadel configuration. */
module com.dimosaic.vps.compose {
  requires transitive com.dimosaic.vps.core;

  exports com.dimosaic.vps.compose;
}
