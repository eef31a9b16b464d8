package com.dimosaic.vps.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.dimosaic.vps.secrets.Redactor;
import com.dimosaic.vps.secrets.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session's host refuses secrets in arguments and environment, and redacts what comes back. */
class RedactingRemoteHostTest {
  static final String PW = "canary-pw-7f3a9c";
  RemoteHost inner = mock(RemoteHost.class);
  RemoteHost h = RedactingRemoteHost.wrap(inner, Redactor.of(Map.of("DB_PASSWORD", PW)));

  @Test
  void aSecretInTheArgumentsOrTheEnvironmentIsRefusedBeforeItIsSent() {
    for (Command c : List.of(Command.of("psql", "-c", "alter user app password '" + PW + "'"),
        Command.of("env").withEnv("PGPASSWORD", PW))) {
      RemoteException e = assertThrows(RemoteException.class, () -> h.run(c));
      assertTrue(e.getMessage().contains("secret DB_PASSWORD") && e.getMessage().contains("stdin"), e.getMessage());
      assertFalse(e.getMessage().contains(PW), e.getMessage());
    }
    verify(inner, never()).run(any(), any());
  }

  @Test
  void stdinCarriesSecretsAndStderrListenerAndFailuresAreRedacted() {
    Command c = Command.of("cat").withStdin(PW.getBytes());
    when(inner.run(any(), any())).thenAnswer(inv -> {
      ((OutputListener) inv.getArgument(1)).line(OutputListener.Stream.STDERR, "FATAL password " + PW);
      return new CommandResult("cat", 1, PW, "FATAL password " + PW, Duration.ZERO);
    });
    List<String> lines = new ArrayList<>();
    CommandResult r = h.run(c, (s, l) -> lines.add(l));
    assertEquals(List.of("FATAL password ${DB_PASSWORD}"), lines);
    assertEquals("FATAL password ${DB_PASSWORD}", r.stderr());
    assertEquals(PW, r.stdout(), "standard output is left for the steps that parse it");
    CommandFailedException failed = assertThrows(CommandFailedException.class, r::requireSuccess);
    assertFalse(failed.getMessage().contains(PW), failed.getMessage());

    when(inner.read(any())).thenThrow(new RemoteException("cannot read /x: " + PW));
    RemoteException e = assertThrows(RemoteException.class, () -> h.read("/x"));
    assertEquals("cannot read /x: ${DB_PASSWORD}", e.getMessage());
  }

  @Test
  void aShortSecretIsRedactedButNeverTheReasonToRefuseACommand() {
    RemoteHost pin = RedactingRemoteHost.wrap(inner, Redactor.of(Map.of("PIN", "0")));
    when(inner.run(any(), any())).thenReturn(new CommandResult("sh", 0, "", "exit 0", Duration.ZERO));
    CommandResult r = pin.run(Command.of("sh", "-c", "true; exit 0"));
    assertEquals("exit ${PIN}", r.stderr());
  }

  @Test
  void withEnvRefusesASecret() {
    @SuppressWarnings("deprecation")
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Command.of("true").withEnv("PGPASSWORD", Secret.of("DB_PASSWORD", PW)));
    assertTrue(e.getMessage().contains("DB_PASSWORD") && !e.getMessage().contains(PW), e.getMessage());
  }
}
