/** JUnit 5 integration: dynamic tests per check and report assertions (needs junit-jupiter-api on the class path). */
package com.dimosaic.vps.validation.junit;
