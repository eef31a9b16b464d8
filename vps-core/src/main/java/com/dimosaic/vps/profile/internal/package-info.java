/**
 * Internal: the positioned YAML reader and the strict binders behind {@code ProfileLoader}. Not API;
 * no compatibility promise.
 */
package com.dimosaic.vps.profile.internal;
