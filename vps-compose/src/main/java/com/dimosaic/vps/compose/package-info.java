/**
 * Generates the Docker environment of a profile: {@link com.dimosaic.vps.compose.ComposeGenerator}.
 * Only Caddy publishes ports (80/443; PostgreSQL 5432 on 127.0.0.1 when asked): Docker-published
 * ports bypass UFW, so nothing else is published.
 */
package com.dimosaic.vps.compose;
