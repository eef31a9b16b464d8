/** Internal: one renderer per generated file. Not API; no compatibility promise. */
package com.dimosaic.vps.compose.internal;
