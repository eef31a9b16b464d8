/**
 * Validation of a host: the {@link com.dimosaic.vps.validation.Validator}, the {@link com.dimosaic.vps.validation.Check}
 * SPI, the checks generated from a profile ({@link com.dimosaic.vps.validation.Checks}) and reports as text, JSON
 * and JUnit XML.
 */
package com.dimosaic.vps.validation;
