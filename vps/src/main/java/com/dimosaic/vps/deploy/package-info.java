/**
 * The deploy workflow on a running installation: state loaded from the host, a backup (with
 * {@code .env} encrypted with age), a structured diff and numbered plan, confirmation, a staged apply
 * with health gates and automatic rollback, new databases (never dropped), and rollback to earlier
 * points — under a lock on the host, recorded in the host's audit log.
 */
package com.dimosaic.vps.deploy;
