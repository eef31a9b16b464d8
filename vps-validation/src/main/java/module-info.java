/** Host validation: PASS/WARN/FAIL checks, text, JSON and JUnit reports; JUnit 5 dynamic tests when JUnit is present. */
module com.dimosaic.vps.validation {
  requires transitive com.dimosaic.vps.core;
  requires com.fasterxml.jackson.databind;
  requires org.dnsjava;
  requires org.slf4j;
  requires static org.junit.jupiter.api;

  exports com.dimosaic.vps.validation;
  exports com.dimosaic.vps.validation.junit;
}
