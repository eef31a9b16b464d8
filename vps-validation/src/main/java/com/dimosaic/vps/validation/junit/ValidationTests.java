package com.dimosaic.vps.validation.junit;

import com.dimosaic.vps.validation.Outcome;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns a validation report into one JUnit 5 dynamic test per check, for users' infrastructure tests:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> production() {
 *   try (SshRemoteHost host = SshRemoteHost.connect(target)) {
 *     return ValidationTests.dynamicTests(Validator.builder(profile, host).build().validate());
 *   }
 * }
 * }</pre>
 *
 * A FAIL fails its test (with detail and hint); a WARN passes.
 */
public final class ValidationTests {
  private ValidationTests() {}

  /** One dynamic test per check, named {@code <category>: <check>}. */
  public static Stream<DynamicTest> dynamicTests(ValidationReport report) {
    return report.outcomes().stream().map(o -> DynamicTest.dynamicTest(o.category() + ": " + o.name(), () -> verify(o)));
  }

  private static void verify(Outcome o) {
    if (o.result().status() == Status.FAIL) {
      Assertions.fail(o.id() + ": " + o.result().detail() + o.result().hint().map(h -> " (" + h + ")").orElse(""));
    }
  }
}
