package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.core.VpsException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One error model: every exception type of the SDK derives from {@link VpsException}, and each family names its reasons. */
class ErrorModelTest {
  @Test
  void everyExceptionOfTheSdkIsAVpsException() {
    List<Class<?>> throwables = SdkClasses.names().stream().map(SdkClasses::load).filter(Throwable.class::isAssignableFrom)
        .collect(Collectors.toList());
    assertTrue(throwables.size() >= 15, "found " + throwables);
    List<String> outside = throwables.stream().filter(c -> !VpsException.class.isAssignableFrom(c))
        // control flow inside the provisioner, never thrown to a caller
        .filter(c -> !c.getName().equals("com.dimosaic.vps.provision.NumberedPhase$Skip"))
        .map(Class::getName).toList();
    assertEquals(List.of(), outside, "exception types outside the VpsException root");
  }

  @Test
  void everyFamilyHasAReasonEnumAndReturnsIt() throws Exception {
    List<Class<?>> families = SdkClasses.names().stream().map(SdkClasses::load)
        .filter(c -> c.getSuperclass() == VpsException.class).toList();
    assertTrue(families.size() >= 7, families.toString());
    for (Class<?> f : families) {
      Method reason = f.getMethod("reason");
      Class<?> type = reason.getReturnType();
      assertTrue(type.isEnum() && VpsException.Reason.class.isAssignableFrom(type) && type.getEnclosingClass() == f,
          f.getName() + ".reason() returns " + type.getName() + ", not its own Reason enum");
      assertTrue(Modifier.isPublic(type.getModifiers()), type.getName());
    }
  }
}
