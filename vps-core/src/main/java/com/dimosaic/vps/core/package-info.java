/** The SDK's root exception and values shared by every module. Everything is non-null unless marked. */
package com.dimosaic.vps.core;
